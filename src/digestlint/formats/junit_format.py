"""``--format junit``: JUnit XML for CI systems that read test reports (GitLab, Jenkins, Azure).

One ``<testsuite name="digestlint">`` with one ``<testcase>`` per finding, as most consumers
expect: ``classname`` is the file's path, ``name`` the rule and the position (``DL501
placeholder-text at 103:1``), and its ``<failure>`` carries the rule ID (``type``), the severity
and message (``message``, ``[error] ...``) and the ``path:line:col: ...`` line (the body). A file
without findings is one passing test case (``name="no problems"``). ``tests`` counts every test
case, ``failures`` the findings.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from digestlint.formats import Group, Report
    from digestlint.model import Finding

# XML 1.0 cannot carry most control characters, even escaped: replace them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: str) -> str:
    return _INVALID_XML.sub("\ufffd", value)


def render(findings: Iterable[Finding], report: Report) -> str:
    by_path: dict[str, list[Finding]] = {}
    for p in report.paths:
        by_path.setdefault(p, [])
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    return "".join(stream(by_path.items(), report))


def _cases(path: str, items: list[Finding]) -> str:
    """The test cases of one file: one failing case per finding, or one passing case."""
    name = _clean(path)
    if not items:
        case = ET.Element("testcase", classname=name, name="no problems", file=name, time="0")
        ET.indent(case, level=2)
        return "\n    " + ET.tostring(case, encoding="unicode")
    out = []
    for f in items:
        case = ET.Element("testcase", classname=_clean(f.path), name=_clean(f"{f.rule} {f.name} at {f.line}:{f.column}"),
                          file=_clean(f.path), line=str(f.line), time="0")
        failure = ET.SubElement(case, "failure", type=f.rule, message=_clean(f"[{f.severity}] {f.rule} {f.name}: {f.message}"))
        failure.text = _clean(f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message} ({f.name})")
        ET.indent(case, level=2)
        out.append("\n    " + ET.tostring(case, encoding="unicode"))
    return "".join(out)


def stream(groups: Iterable[Group], report: Report) -> Iterator[str]:
    """The test cases of each group (file) as it comes. The counts in the opening tags are known only at the end:
    the cases wait in a temporary file (in memory while small) until then."""
    import tempfile

    tests = failures = 0
    with tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8", errors="surrogatepass") as body:
        for path, items in groups:
            tests += len(items) or 1
            failures += len(items)
            body.write(_cases(path, items))
        suite = f'name="digestlint" tests="{tests}" failures="{failures}" errors="0"'
        head = f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites {suite}>\n  <testsuite {suite} skipped="0" time="0"'
        if not tests:
            yield head + " />\n</testsuites>\n"
            return
        yield head + ">"
        body.seek(0)
        while True:
            piece = body.read(1 << 16)
            if not piece:
                break
            yield piece
    yield "\n  </testsuite>\n</testsuites>\n"
