"""docs/rules.md is generated from the rules and must not drift; the catalogue matches RULES.md."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, SAMPLES


def test_rules_md_is_up_to_date():
    from digestlint.docgen import render

    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/rules.md is stale: run `python -m digestlint.docgen > docs/rules.md`"


def test_layout_md_is_up_to_date():
    from digestlint.docgen import render_layout

    committed = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")
    assert committed == render_layout(), "docs/layout.md is stale: run `python -m digestlint.docgen layout > docs/layout.md`"


def test_layout_md_documents_every_schema_key():
    from digestlint import layout

    text = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")

    def keys(props, prefix=""):
        for k, sub in props.items():
            yield prefix + k
            if sub.get("type") == "object" and "properties" in sub:
                yield from keys(sub["properties"], prefix + k + ".")

    for key in keys(layout.schema()["properties"]):
        assert f"## `{key}`" in text, key


def test_registry_matches_the_catalogue():
    catalogue = SAMPLES.parent / "RULES.md"
    if not catalogue.is_file():
        pytest.skip("../shared/RULES.md is not beside the repository")
    from digestlint import registry

    rows = re.findall(r"^\| (DL\d{3}) \| ([a-z0-9-]+) \| (error|warning|info) \|", catalogue.read_text(encoding="utf-8"), re.M)
    assert rows
    table = {r.id: r for r in registry.all_rules()}
    for rule_id, name, severity in rows:
        if rule_id in table:  # every registered rule must match the contract exactly
            assert (table[rule_id].name, table[rule_id].severity) == (name, severity), rule_id
    contract = {r[0] for r in rows}
    assert set(table) <= contract, f"rules not in the catalogue: {set(table) - contract}"
