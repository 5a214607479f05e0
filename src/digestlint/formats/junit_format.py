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
    failures = sum(len(v) for v in by_path.values())
    suites = ET.Element("testsuites", name="digestlint", tests=str(len(by_path)), failures=str(failures), errors="0")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="digestlint",
        tests=str(len(by_path)),
        failures=str(failures),
        errors="0",
        skipped="0",
        time="0",
    )
    for path, items in by_path.items():
        case = ET.SubElement(suite, "testcase", classname="digestlint", name=_clean(path), file=_clean(path), time="0")
        for f in items:
            failure = ET.SubElement(case, "failure", type=f.rule, message=_clean(f"{f.rule} {f.name}: {f.message}"))
            failure.text = _clean(f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message} ({f.name})")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
