"""``--format json``: an array of findings, valid against ``rules/findings.schema.json``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from digestlint.formats import Group, Report
    from digestlint.model import Finding


def render(findings: Iterable[Finding], report: Report) -> str:
    return "".join(stream([("", list(findings))], report))


def item(f: Finding, indent: str = "  ") -> str:
    """One finding as ``json.dumps`` with ``indent=2`` writes it as an element of the array."""
    return "\n".join(indent + line for line in json.dumps(f.to_json(), ensure_ascii=False, indent=2).split("\n"))


def stream(groups: Iterable[Group], report: Report) -> Iterator[str]:
    """The array of every finding, written one file's findings at a time (the same text as
    ``json.dumps(findings, indent=2)``)."""
    first = True
    for _path, findings in groups:
        if not findings:
            continue
        pieces = []
        for f in findings:
            pieces.append(("[\n" if first else ",\n") + item(f))
            first = False
        yield "".join(pieces)
    yield "[]\n" if first else "\n]\n"
