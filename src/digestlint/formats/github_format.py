"""``--format github``: GitHub Actions workflow commands, one per finding.

``::error file=_posts/x.md,line=12,col=1,endLine=12,endColumn=6,title=DL501 placeholder-text::message``

``error`` findings become ``::error``, ``warning`` ``::warning`` and ``info`` ``::notice``. Values
are escaped as GitHub's runner expects: ``%``, CR and LF everywhere, and additionally ``:`` and ``,``
inside properties. Characters a log would act on (ESC, other controls, bidirectional overrides
such as U+202E) are written as visible escapes (``\\u202e``); a finding in a file whose name holds
one is annotated without a file location (GitHub could not match the name) and names the file in
the message. Chosen by default when ``GITHUB_ACTIONS=true`` and no ``--format`` is given.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from digestlint.formats import Group, Report
    from digestlint.model import Finding

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
#: characters a log viewer would act on instead of showing: C0/C1 controls (ESC starts terminal
#: sequences), bidirectional overrides and isolates (U+202E reverses the rest of the line), line
#: and paragraph separators, lone surrogates (undecodable file name bytes). CR and LF are not
#: here: the runner has escapes for them.
_UNSAFE = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(value: str) -> str:
    """``value`` with every :data:`_UNSAFE` character written as a visible escape (``\\u202e``)."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", value)


def escape_data(value: str) -> str:
    return visible(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(f: Finding) -> str:
    title = ("title", f"{f.rule} {f.name}")
    message = f.message
    if _UNSAFE.search(f.path):
        # GitHub cannot be given this file name (it has no escape for these characters): an
        # annotation without a location, the file named visibly in the message, never a file
        # property that names a file that does not exist
        props = [title]
        message = f"{visible(f.path)}:{f.line}:{f.column}: {message}"
    else:
        props = [
            ("file", f.path),
            ("line", str(f.line)),
            ("col", str(f.column)),
            ("endLine", str(f.end_line)),
            ("endColumn", str(f.end_column)),
            title,
        ]
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{_COMMAND.get(f.severity, 'warning')} {joined}::{escape_data(message)}"


def render(findings: Iterable[Finding], report: Report) -> str:
    from digestlint.formats import groups_of

    return "".join(stream(groups_of(findings), report))


def stream(groups: Iterable[Group], report: Report) -> Iterator[str]:
    from digestlint.formats import summary

    sev: Counter[str] = Counter()
    files = 0
    safe = unsafe = 0
    for _path, findings in groups:
        if findings:
            files += 1
            sev.update(f.severity for f in findings)
            for f in findings:
                if f.fix is not None:
                    if f.fix.safe:
                        safe += 1
                    else:
                        unsafe += 1
            yield "".join(command(f) + "\n" for f in findings)
    if not report.quiet:
        # a plain summary line for the log (not a workflow command), worded as the text format's
        yield f"digestlint: {summary(report, sev, files, safe, unsafe)}\n"
