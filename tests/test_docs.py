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


# ------------------------------------------------------------------------------ README examples
def _readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert m, title
    return m.group(1)


def test_readme_pre_commit_examples_name_the_shipped_hook():
    """Every pre-commit example of the README parses, uses the hook id of .pre-commit-hooks.yaml
    with its entry, and pins a `rev` that exists (a branch of this repository, not a tag that was
    never made)."""
    import subprocess

    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    section = _readme_section("pre-commit")
    configs = [yaml.safe_load(b) for b in re.findall(r"^```yaml\n(.*?)^```$", section, re.M | re.S)]
    assert len(configs) == 2
    for config in configs:
        (repo,) = config["repos"]
        (hook,) = repo["hooks"]
        assert hook["id"] in hooks
        if repo["repo"] == "local":
            assert hook["entry"] == hooks[hook["id"]]["entry"] and hook["language"] == "python"
            assert all(d.startswith("digestlint @ git+") for d in hook["additional_dependencies"])
        else:
            rev = repo["rev"]
            assert not re.fullmatch(r"v?\d+(\.\d+)*", rev), f"{rev}: no release is tagged"
            if (ROOT / ".git").exists():
                proc = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=ROOT,
                                      capture_output=True)
                assert proc.returncode == 0, f"rev {rev!r} is no branch, tag or commit of this repository"


def test_readme_github_workflow_installs_from_git_not_pypi():
    import yaml

    (workflow,) = [yaml.safe_load(b) for b in re.findall(r"^```yaml\n(.*?)^```$", _readme_section("CI: GitHub annotations, SARIF, JUnit"), re.M | re.S)]
    steps = workflow["jobs"]["lint"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    installs = [s["run"] for s in steps if "pip install" in s.get("run", "")]
    assert installs and all(re.search(r'pip install "digestlint @ git\+https://\S+@\S+"', r) for r in installs)
    assert not any(re.search(r"pip install digestlint\s*$", r) for r in installs)  # not on any index
    runs = [s["run"] for s in steps if s.get("run", "").startswith("digestlint")]
    assert runs and all("_posts/" in r for r in runs)


def test_developing_md_describes_every_module():
    """docs/DEVELOPING.md's module list names every module of the package (rules as a group:
    ``rules/dlNNN_rule_name.py``), and no module that does not exist."""
    text = (ROOT / "docs" / "DEVELOPING.md").read_text(encoding="utf-8")
    section = text[text.index("## Modules"):]
    section = section[:section.index("\n## ", 1)]
    package = ROOT / "src" / "digestlint"
    modules = {p.relative_to(package).as_posix() for p in package.rglob("*.py")}
    described = set(re.findall(r"`((?:[a-z_]+/)?[a-z_0-9]+\.py)`", section))
    missing = sorted(m for m in modules if not m.startswith("rules/dl") and m not in described)
    assert not missing, f"docs/DEVELOPING.md does not describe: {missing}"
    assert "`rules/dlNNN_rule_name.py`" in section
    assert not sorted(described - modules), f"docs/DEVELOPING.md names modules that do not exist: {sorted(described - modules)}"
