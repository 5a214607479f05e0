"""``--format github``: GitHub Actions workflow commands, one per finding.

``::error file=_posts/x.md,line=12,col=1,endLine=12,endColumn=6,title=DL501 placeholder-text::message``

``error`` findings become ``::error``, ``warning`` ``::warning`` and ``info`` ``::notice``. Values
are escaped as GitHub's runner expects: ``%``, CR and LF everywhere, and additionally ``:`` and ``,``
inside properties. Chosen by default when ``GITHUB_ACTIONS=true`` and no ``--format`` is given.
"""

from __future__ import annotations

from collections import Counter

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(f) -> str:
    props = [
        ("file", f.path),
        ("line", str(f.line)),
        ("col", str(f.column)),
        ("endLine", str(f.end_line)),
        ("endColumn", str(f.end_column)),
        ("title", f"{f.rule} {f.name}"),
    ]
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{_COMMAND.get(f.severity, 'warning')} {joined}::{escape_data(f.message)}"


def render(findings, report) -> str:
    out = [command(f) for f in findings]
    if not report.quiet:
        # A plain summary line for the log (not a workflow command).
        sev = Counter(f.severity for f in findings)
        if findings:
            detail = ", ".join(f"{sev[s]} {s}" for s in ("error", "warning", "info") if sev[s])
            out.append(f"digestlint: {len(findings)} problem(s) ({detail}) in {report.files} file(s) checked")
        else:
            out.append(f"digestlint: no problems in {report.files} file(s) checked")
    return "\n".join(out) + ("\n" if out else "")
