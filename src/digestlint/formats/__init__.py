"""Output formats: one module per format, each with ``render(findings, report) -> str``."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Optional

FORMATS = ("text", "json")


@dataclass
class Report:
    """Everything a format may need besides the findings."""

    files: int
    color: bool = False
    quiet: bool = False
    statistics: bool = False
    version: str = ""
    rules: tuple = ()  # registered rules (for formats that describe them, e.g. SARIF)
    extra: dict = field(default_factory=dict)


def available() -> tuple[str, ...]:
    return FORMATS


def render(name: str, findings, report: Report) -> str:
    module = importlib.import_module(f"digestlint.formats.{name}_format")
    return module.render(findings, report)
