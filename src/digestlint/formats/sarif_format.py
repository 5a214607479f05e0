"""``--format sarif``: SARIF 2.1.0 (GitHub code scanning, Azure DevOps, IDE viewers).

The run describes every registered rule (``tool.driver.rules``: ID, name, short and full
description, default level, help text and markdown from the rule's documentation, help URI) and
one result per finding with its region and, for fixable findings, the fix. Columns count Unicode
code points (``columnKind: unicodeCodePoints``), as everywhere in digestlint; ``endColumn`` is
exclusive, as SARIF defines it. Paths are relative URIs with forward slashes.
"""

from __future__ import annotations

import json
import os
import re
from typing import TYPE_CHECKING, Any, Iterable, Iterator
from urllib.parse import quote

from digestlint.formats import rule_url

if TYPE_CHECKING:
    from digestlint.formats import Group, Report
    from digestlint.model import Finding
    from digestlint.registry import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = rule_url("").split("#")[0]


def artifact_uri(path: str) -> str:
    """A relative URI (forward slashes, percent-encoded) for a displayed path."""
    p = path
    if os.path.isabs(p):
        try:
            rel = os.path.relpath(p)
            if not rel.startswith(".."):
                p = rel
        except ValueError:
            pass
    p = p.replace(os.sep, "/").replace("\\", "/")
    if os.path.isabs(p) or re.match(r"^[A-Za-z]:/", p):
        return "file://" + ("" if p.startswith("/") else "/") + quote(_name_bytes(p), safe="/:")
    while p.startswith("./"):
        p = p[2:]
    return quote(_name_bytes(p), safe="/")


def _name_bytes(path: str) -> bytes:
    """The file name's bytes: a name that is not UTF-8 (``\\xff.md``, kept by Python as surrogate
    escapes) is percent-encoded byte for byte (``%FF.md``), so the URI names the real file."""
    return path.encode("utf-8", "surrogateescape")


def _first_paragraph(doc: str, heading: str) -> str:
    """The text under ``## heading`` of a rule's documentation (first paragraph), or ''."""
    m = re.search(rf"^##\s*{re.escape(heading)}\s*$\n(.*?)(?=^##\s|\Z)", doc, re.M | re.S)
    if not m:
        return ""
    body = m.group(1).strip()
    return " ".join(body.split("\n\n")[0].split())


def _rule(rule: Rule) -> dict[str, Any]:
    doc = rule.documentation()
    full = _first_paragraph(doc, "What it does") or rule.summary
    plain = re.sub(r"^#+\s*", "", doc, flags=re.M)
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": LEVEL.get(rule.severity, "warning")},
        "help": {"text": plain or rule.summary, "markdown": doc or rule.summary},
        "helpUri": rule_url(rule.id),
        "properties": {"fixable": bool(rule.fixable), "tags": [rule.name]},
    }


def _region(line: int, col: int, end_line: int, end_col: int) -> dict[str, int]:
    line, col = max(1, line), max(1, col)
    end_line = max(line, end_line)
    if end_line == line:
        end_col = max(col, end_col)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": max(1, end_col)}


def _result(f: Finding, index: dict[str, int]) -> dict[str, Any]:
    from digestlint.baseline import fingerprint

    uri = artifact_uri(f.path)
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "level": LEVEL.get(f.severity, "warning"),
        "message": {"text": f.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": _region(f.line, f.column, f.end_line, f.end_column),
                }
            }
        ],
        "partialFingerprints": {"digestlint/v1": fingerprint(f)},
    }
    if f.rule in index:
        result["ruleIndex"] = index[f.rule]
    if f.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": f.fix.description or ("safe fix" if f.fix.safe else "unsafe fix")},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri},
                        "replacements": [
                            {
                                "deletedRegion": _region(e.line, e.column, e.end_line, e.end_column),
                                "insertedContent": {"text": e.text},
                            }
                            for e in f.fix.edits
                        ],
                    }
                ],
            }
        ]
        result["properties"] = {"fixSafe": f.fix.safe}
    return result


def build(findings: Iterable[Finding], report: Report) -> dict[str, Any]:
    rules = list(report.rules)
    index = {r.id: i for i, r in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "digestlint",
                        "semanticVersion": report.version or "0.0.0",
                        "version": report.version or "0.0.0",
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(r) for r in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index) for f in findings],
            }
        ],
    }


def render(findings: Iterable[Finding], report: Report) -> str:
    return "".join(stream([("", list(findings))], report))


_RESULTS = re.compile(r'\n( *)"results": \[\]')


def stream(groups: Iterable[Group], report: Report) -> Iterator[str]:
    """The log with its results written one file's findings at a time (the same text as
    ``json.dumps(build(findings, report), indent=2)``)."""
    text = json.dumps(build([], report), ensure_ascii=False, indent=2)
    m = list(_RESULTS.finditer(text))[-1]  # the run's results (raw newlines occur only between JSON tokens)
    indent = m.group(1) + "  "
    index = {r.id: i for i, r in enumerate(report.rules)}
    yield text[:m.start()] + "\n" + m.group(1) + '"results": ['
    first = True
    for _path, findings in groups:
        if not findings:
            continue
        pieces = []
        for f in findings:
            body = json.dumps(_result(f, index), ensure_ascii=False, indent=2)
            pieces.append(("\n" if first else ",\n") + "\n".join(indent + line for line in body.split("\n")))
            first = False
        yield "".join(pieces)
    yield ("]" if first else "\n" + m.group(1) + "]") + text[m.end():] + "\n"
