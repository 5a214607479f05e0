"""``--format text``: ``path:line:col: DL501 [error] message (placeholder-text)``."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from digestlint.formats import Group, Report
    from digestlint.model import Finding

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _clean(s: str) -> str:
    """Escape control characters of a path or message: a file name or a quoted text holding a
    newline or an ANSI escape must not forge a finding line or colour the terminal."""
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], s) if _CONTROL.search(s) else s


def render(findings: Iterable[Finding], report: Report) -> str:
    from digestlint.formats import groups_of

    return "".join(stream(groups_of(findings), report))


def stream(groups: Iterable[Group], report: Report) -> Iterator[str]:
    from digestlint.formats import summary

    color = report.color
    sev: Counter[str] = Counter()
    paths: set[str] = set()
    safe = unsafe = 0
    for path, findings in groups:
        if not findings:
            continue
        paths.add(path)
        out = []
        for f in findings:
            sev[f.severity] += 1
            severity = f"[{f.severity}]"
            loc = f"{_clean(f.path)}:{f.line}:{f.column}:"
            if color:
                severity = f"{_COLORS[f.severity]}{severity}{_RESET}"
                loc = f"{_BOLD}{loc}{_RESET}"
                name = f"{_DIM}({f.name}){_RESET}"
            else:
                name = f"({f.name})"
            fixable = ""
            if f.fix is not None:
                if f.fix.safe:
                    safe += 1
                    fixable = " [*]"
                else:
                    unsafe += 1
            out.append(f"{loc} {f.rule}{fixable} {severity} {_clean(f.message)} {name}\n")
        yield "".join(out)
    if not report.quiet:
        yield ("\n" if paths else "") + summary(report, sev, len(paths), safe, unsafe) + "\n"
