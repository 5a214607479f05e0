"""``--statistics``: the number of findings per rule instead of the findings, as a table (count,
rule ID, fixable marker ``[*]`` when a safe fix exists for them, rule name) followed by the
summary line, or with ``--format json`` as a JSON array of ``{"code", "name", "count",
"fixable"}`` objects (ruff's shape). Most frequent first, then by rule ID."""

from __future__ import annotations

import json
from collections import Counter
from typing import Iterable, Iterator

from digestlint.formats import Group, Report, summary


def stream(groups: Iterable[Group], report: Report, as_json: bool = False) -> Iterator[str]:
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    fixable: set[str] = set()
    sev: Counter[str] = Counter()
    files = safe = unsafe = 0
    for _path, findings in groups:
        if not findings:
            continue
        files += 1
        for f in findings:
            counts[f.rule] += 1
            names.setdefault(f.rule, f.name)
            sev[f.severity] += 1
            if f.fix is not None:
                if f.fix.safe:
                    safe += 1
                    fixable.add(f.rule)
                else:
                    unsafe += 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if as_json:
        table = [{"code": rule, "name": names[rule], "count": n, "fixable": rule in fixable} for rule, n in rows]
        yield json.dumps(table, ensure_ascii=False, indent=2) + "\n"
        return
    width = max((len(str(n)) for _rule, n in rows), default=1)
    lines = [f"{n:>{width}}  {rule}  {'[*]' if rule in fixable else '   '}  {names[rule]}" for rule, n in rows]
    if not report.quiet:
        if lines:
            lines.append("")
        lines.append(summary(report, sev, files, safe, unsafe))
    if lines:
        yield "\n".join(lines) + "\n"
