"""Output formats: one module per format, each with ``render(findings, report) -> str``."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

FORMATS = ("text", "json", "github", "sarif", "junit")


@dataclass
class Report:
    """Everything a format may need besides the findings."""

    files: int
    color: bool = False
    quiet: bool = False
    statistics: bool = False
    version: str = ""
    rules: tuple = ()  # registered rules (for formats that describe them, e.g. SARIF)
    paths: tuple = ()  # display paths of every linted file (JUnit: one test case each)
    extra: dict = field(default_factory=dict)


def available() -> tuple[str, ...]:
    return FORMATS


def render(name: str, findings, report: Report) -> str:
    module = importlib.import_module(f"digestlint.formats.{name}_format")
    return module.render(findings, report)


#: Where the rule documentation lives (``docs/rules.md`` has an ``dlNNN`` anchor per rule).
RULE_DOCS_URL = "https://github.com/digestlint/digestlint/blob/main/docs/rules.md"


def rule_url(rule_id: str) -> str:
    """The documentation link of a rule (SARIF ``helpUri``, the editor's diagnostic link)."""
    return f"{RULE_DOCS_URL}#{rule_id.lower()}"
