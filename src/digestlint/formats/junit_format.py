"""``--format junit``: JUnit XML for CI systems that read test reports (GitLab, Jenkins, Azure).

One ``<testsuite name="digestlint">`` with one ``<testcase>`` per linted file; each finding of the
file is a ``<failure>`` element (``type`` is the rule ID, ``message`` the finding's message, the body
the ``path:line:col: ...`` line). A file without findings is a passing test case.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

# XML 1.0 cannot carry most control characters, even escaped: replace them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: str) -> str:
    return _INVALID_XML.sub("\ufffd", value)


def render(findings, report) -> str:
    by_path: dict[str, list] = {}
    for p in report.paths:
        by_path.setdefault(p, [])
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    return "".join(stream(by_path.items(), report))


def _case(path: str, items: list) -> str:
    case = ET.Element("testcase", classname="digestlint", name=_clean(path), file=_clean(path), time="0")
    for f in items:
        failure = ET.SubElement(case, "failure", type=f.rule, message=_clean(f"{f.rule} {f.name}: {f.message}"))
        failure.text = _clean(f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message} ({f.name})")
    ET.indent(case, level=2)
    return ET.tostring(case, encoding="unicode")


def stream(groups, report):
    """One test case per group (file). The counts in the opening tags are known only at the end:
    the cases wait in a temporary file (in memory while small) until then."""
    import tempfile

    tests = failures = 0
    with tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8", errors="surrogatepass") as body:
        for path, items in groups:
            tests += 1
            failures += len(items)
            body.write("\n    " + _case(path, items))
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
