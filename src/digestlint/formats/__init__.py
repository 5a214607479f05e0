"""Output formats: one module per format, each with ``stream(groups, report)``, an iterator of
text pieces (``groups``: ``(path, findings)`` for one file at a time, as a streamed run hands
them over), and ``render(findings, report) -> str``, the same text at once."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Optional

from digestlint.model import Finding

if TYPE_CHECKING:
    from digestlint.registry import Rule

#: one file's findings as a streamed run hands them over: ``(display path, findings)``
Group = tuple[str, list[Finding]]

FORMATS = ("text", "json", "github", "sarif", "junit")


@dataclass
class Report:
    """Everything a format may need besides the findings."""

    files: int
    color: bool = False
    quiet: bool = False
    statistics: bool = False
    version: str = ""
    rules: tuple["Rule", ...] = ()  # registered rules (for formats that describe them, e.g. SARIF)
    paths: tuple[str, ...] = ()  # display paths of every linted file (JUnit: one test case each)
    extra: dict[str, Any] = field(default_factory=dict)
    #: findings a ``--baseline`` hid (updated as the groups stream past: final at the summary)
    hidden: int = 0
    #: ``--write-baseline``: (file, findings recorded, entries written), set before the first group
    baseline_written: Optional[tuple[str, int, int]] = None


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 or word == 'info' else 's'}"


def summary(report: Report, severities: Mapping[str, int], files_with_findings: int, safe: int = 0,
            unsafe: int = 0) -> str:
    """The one human summary line of a run (text, github, --statistics): what was found, in how
    many files, how many were checked, what a baseline hid, what was recorded."""
    checked = plural(report.files, "file")
    if report.baseline_written is not None:
        name, n, entries = report.baseline_written
        return (f"Recorded {plural(n, 'finding')} ({entries} entr{'y' if entries == 1 else 'ies'}) in the baseline {name}; "
                f"{checked} checked.")
    hidden = f" ({plural(report.hidden, 'finding')} hidden by the baseline)" if report.hidden else ""
    total = sum(severities.get(s, 0) for s in ("error", "warning", "info"))
    if not total:
        return f"No new problems: {checked} checked{hidden}." if hidden else f"All good: {checked} checked, no problems."
    detail = ", ".join(plural(severities[s], s) for s in ("error", "warning", "info") if severities.get(s))
    line = f"Found {plural(total, 'problem')} ({detail}) in {plural(files_with_findings, 'file')}; {checked} checked{hidden}."
    if safe:
        line += f" {safe} fixable with --fix."
    if unsafe:
        line += f" {unsafe} more with --fix --unsafe-fixes."
    return line


def available() -> tuple[str, ...]:
    return FORMATS


def render(name: str, findings: Iterable[Finding], report: Report) -> str:
    module = importlib.import_module(f"digestlint.formats.{name}_format")
    text: str = module.render(findings, report)
    return text


def stream(name: str, groups: Iterable[Group], report: Report) -> Iterator[str]:
    """The output of format ``name`` in pieces, one file's group of findings at a time (the
    pieces joined are what :func:`render` returns for the same findings in the same order)."""
    module = importlib.import_module(f"digestlint.formats.{name}_format")
    pieces: Iterator[str] = module.stream(groups, report)
    return pieces


def groups_of(findings: Iterable[Finding]) -> Iterator[Group]:
    """``findings`` as ``(path, findings)`` groups: each run of consecutive findings of one path."""
    path = ""
    group: list[Finding] = []
    for f in findings:
        if f.path != path and group:
            yield path, group
            group = []
        path = f.path
        group.append(f)
    if group:
        yield path, group


#: Where the rule documentation lives (``docs/rules.md`` has an ``dlNNN`` anchor per rule).
RULE_DOCS_URL = "https://github.com/digestlint/digestlint/blob/main/docs/rules.md"


def rule_url(rule_id: str) -> str:
    """The documentation link of a rule (SARIF ``helpUri``, the editor's diagnostic link)."""
    return f"{RULE_DOCS_URL}#{rule_id.lower()}"
