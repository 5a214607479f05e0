"""``--format json``: an array of findings, valid against ``rules/findings.schema.json``."""

from __future__ import annotations

import json


def render(findings, report) -> str:
    return json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2) + "\n"
