"""Value types shared by the engine, the rules and the output formats.

Rules report :class:`Violation` objects with *character offsets* into ``Document.text`` (the
file's text with line endings normalised to ``\\n``). The engine turns them into
:class:`Finding` objects with 1-based line/column positions, which is all an output format sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` (offsets into ``Document.text``) by ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    edits: tuple[Edit, ...]
    safe: bool = True
    description: str = ""


@dataclass(frozen=True)
class FindingEdit:
    """One edit of a reported fix, placed in the file (no document needed to apply or show it):
    1-based ``line``/``column`` to ``end_line``/``end_column`` (exclusive) as the finding's, and
    ``offset``/``end_offset``, character offsets into the decoded file (original line endings, no
    BOM), whose text ``text`` replaces."""

    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    end_offset: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "end_line": self.end_line, "end_column": self.end_column,
                "offset": self.offset, "end_offset": self.end_offset, "text": self.text}

    @classmethod
    def from_json(cls, d: Any) -> "FindingEdit":
        """The inverse of :meth:`to_json`; ValueError for anything else (a damaged cache row)."""
        if not isinstance(d, dict):
            raise ValueError("edit")
        keys = ("line", "column", "end_line", "end_column", "offset", "end_offset")
        if any(type(d.get(k)) is not int for k in keys) or not isinstance(d.get("text"), str):
            raise ValueError("edit")
        return cls(d["line"], d["column"], d["end_line"], d["end_column"], d["offset"], d["end_offset"], d["text"])


@dataclass(frozen=True)
class FindingFix:
    """A :class:`Fix` as a finding carries it to the output formats, ``--fix`` and the language
    server: its edits placed in the file (:class:`FindingEdit`, sorted by position). The JSON
    output's ``fix`` object is :meth:`to_json`."""

    safe: bool
    description: str
    edits: tuple[FindingEdit, ...]

    def to_json(self) -> dict[str, Any]:
        return {"safe": self.safe, "description": self.description, "edits": [e.to_json() for e in self.edits]}

    @classmethod
    def from_json(cls, d: Any) -> "FindingFix":
        """The inverse of :meth:`to_json`; ValueError for anything else (a damaged cache row)."""
        if not isinstance(d, dict) or not isinstance(d.get("safe"), bool) or not isinstance(d.get("description"), str) \
                or not isinstance(d.get("edits"), list):
            raise ValueError("fix")
        return cls(d["safe"], d["description"], tuple(FindingEdit.from_json(e) for e in d["edits"]))


@dataclass(frozen=True)
class Violation:
    """What a per-document rule reports: a span of ``Document.text`` and a message."""

    start: int
    end: int
    message: str
    fix: Optional[Fix] = None
    #: the span of ``Document.text`` this finding explains (None: its own span; ``()``: nothing,
    #: for a finding that is no root cause of anything near it): a finding of a rule that
    #: ``defers_to`` this rule and overlaps it is a consequence of the same defect and is not
    #: reported (see ``engine.root_causes``)
    covers: Optional[tuple] = None
    #: the rule's own severity for this finding (DL704: info when the source is only an
    #: abstract); used only while the configuration sets no severity for the rule
    severity: Optional[str] = None


@dataclass(frozen=True)
class Position:
    """A position reported by a corpus rule (which no longer holds the document)."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class CorpusViolation:
    path: str
    position: Position
    message: str
    #: the arXiv identifier of the paper the finding is about (baselines and SARIF fingerprints
    #: keep findings about different papers apart); None when it is not about one paper
    paper: Optional[str] = None


@dataclass(slots=True)
class Finding:
    """One finding as the output formats see it. Compact (``__slots__``, no per-finding dict): a
    run keeps a file's findings only until they are written, but a library caller may hold many.

    ``text`` (the offending text, at most 200 characters) and ``paper`` (the arXiv identifier or
    heading of the paper it is in) are not part of the JSON contract: baselines and SARIF
    fingerprints read them. :attr:`extra` gives them as a dict, built when asked for."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    name: str
    severity: str
    message: str
    fix: Optional[FindingFix] = None
    text: str = field(default="", compare=False, repr=False)
    paper: Optional[str] = field(default=None, compare=False, repr=False)

    @property
    def extra(self) -> dict[str, Any]:
        """``{"text": ..., "paper": ...}`` (the keys that are set; a new dict at every call)."""
        out: dict[str, Any] = {}
        if self.text:
            out["text"] = self.text
        if self.paper is not None:
            out["paper"] = self.paper
        return out

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.end_line, self.end_column, self.message)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix.to_json() if self.fix is not None else None,
        }
