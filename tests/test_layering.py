"""The layering of the package, checked on the source (ast), so a coupling cannot creep back:

- no rule module imports another rule module: shared facts live in ``digestlint.analysis``;
- no module imports a private name (``_x``) or a private module of another module, nor reads
  one as an attribute of an imported module (``prose_lib._CODE_SPAN_RE``);
- the prose layer is one stack (``analysis/prose.py``; ``lang.py`` holds scripts and
  identification only), rules reach it through the document's accessors, and no user of it
  spells a set of sentence marks (they are ``rules/punctuation.yaml``'s);
- no rule reads the run's settings to look at other rules (``ctx.settings.rules``/``.options``),
  nor the configuration's root or glob matcher (the context hands a path matcher).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "digestlint"
RULES = sorted((SRC / "rules").glob("dl*.py"))
MODULES = sorted(SRC.rglob("*.py"))

#: private modules imported by their package's siblings on purpose (with the reason)
PACKAGE_INTERNAL = {
    "digestlint._markdown": "the markdown-it parser set-up, used by the document model only",
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(tree: ast.AST, modname: str):
    """``(line, imported module, imported name or None)`` for every import (relative ones resolved)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = modname.split(".")[: -node.level]
                base = ".".join(pkg + ([base] if base else []))
            for alias in node.names:
                yield node.lineno, base, alias.name


def _private(part: str) -> bool:
    return part.startswith("_") and not (part.startswith("__") and part.endswith("__"))


def test_the_checks_see_the_rule_modules():
    assert len(RULES) >= 40
    assert any(_module_name(p) == "digestlint.analysis.links" for p in MODULES)


@pytest.mark.parametrize("path", RULES, ids=lambda p: p.stem)
def test_no_rule_imports_another_rule(path):
    me = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for line, mod, name in _imports(tree, me):
        full = f"{mod}.{name}" if name else mod
        for target in (mod, full):
            if target.startswith("digestlint.rules.dl") and not target.startswith(me):
                bad.append(f"line {line}: {full}")
    assert not bad, f"{path.name} imports another rule module: {bad}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_no_private_imports_across_modules(path):
    me = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for line, mod, name in _imports(tree, me):
        if not mod.startswith("digestlint") or mod == me:
            continue
        if any(_private(p) for p in mod.split(".")) and mod not in PACKAGE_INTERNAL:
            bad.append(f"line {line}: module {mod}")
        elif name is not None and _private(name):
            full = f"{mod}.{name}"
            if full not in PACKAGE_INTERNAL:
                bad.append(f"line {line}: {full}")
    assert not bad, f"{me} imports private names of other modules: {bad}"


@pytest.mark.parametrize("path", RULES, ids=lambda p: p.stem)
def test_no_rule_reads_other_rules_settings(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        # ctx.settings.<anything> and getattr(ctx.settings, ...)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) and node.value.attr == "settings":
            bad.append(f"line {node.lineno}: .settings.{node.attr}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Attribute) and first.attr == "settings":
                bad.append(f"line {node.lineno}: getattr(….settings, …)")
    assert not bad, f"{path.name} reads the run's settings directly: {bad}"


def test_the_private_import_check_catches_a_private_import(tmp_path):
    """The check itself works: a module importing a private name is caught."""
    tree = ast.parse("from digestlint.autofix import _restyle\nfrom digestlint.rules import _prose\n")
    found = [(m, n) for _l, m, n in _imports(tree, "digestlint.lsp")]
    assert ("digestlint.autofix", "_restyle") in found and _private("_restyle")
    assert ("digestlint.rules", "_prose") in found and _private("_prose")


def test_rule_pack_keys_come_from_the_rules_that_declare_them():
    """rulepacks has no table of rule IDs: the rules that read pack data declare it (Rule.pack),
    and the pack schema lists exactly their IDs and names."""
    import json

    from digestlint import registry, rulepacks

    declared = {r.id: r for r in registry.all_rules() if r.pack is not None}
    assert set(declared) >= {"DL501", "DL502", "DL503"}
    keys = rulepacks.rule_keys()
    assert keys == {**{i: i for i in declared}, **{r.name: i for i, r in declared.items()}}
    schema = json.loads((SRC.parent.parent / "rules" / "rulepack.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]["rules"]["properties"]) == set(keys)
    source = (SRC / "rulepacks.py").read_text(encoding="utf-8")
    assert "DL50" not in source


def _module_aliases(tree: ast.AST, modname: str) -> dict:
    """Names bound to digestlint modules by imports (``from digestlint.analysis import prose as p``)."""
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("digestlint") and alias.asname:
                    out[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("digestlint"):
            for alias in node.names:
                out[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return out


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_no_private_attributes_of_other_modules(path):
    """``prose_lib._CODE_SPAN_RE`` is a private import written as an attribute: not allowed either."""
    me = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = _module_aliases(tree, me)
    bad = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                and _private(node.attr) and aliases[node.value.id] != me):
            bad.append(f"line {node.lineno}: {aliases[node.value.id]}.{node.attr}")
    assert not bad, f"{me} reads private names of other modules: {bad}"


#: the modules of the prose layer's users: they take punctuation from ``analysis.prose.PUNCTUATION``
PROSE_USERS = [p for p in MODULES if p.stem.startswith(("dl40", "dl50", "dl601")) and p.parent.name == "rules"] + [
    SRC / "lang.py", SRC / "analysis" / "placeholders.py"]
_SENTENCE_MARKS = ".!?。！？…"


@pytest.mark.parametrize("path", PROSE_USERS, ids=lambda p: p.stem)
def test_sentence_punctuation_is_defined_once(path):
    """Sentence punctuation lives in ``rules/punctuation.yaml`` (read by ``analysis/prose.py``): no
    user of the prose layer spells a set of sentence marks (a string holding two of them)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and not any(c.isalpha() for c in node.value):
            text = node.value
            for syntax in ("(?<!", "(?<=", "(?!", "(?=", "(?:", "(?P"):  # regex syntax, not punctuation
                text = text.replace(syntax, "")
            marks = {c for c in text if c in _SENTENCE_MARKS}
            if len(marks) >= 2 and len(node.value) < 40:
                bad.append(f"line {node.lineno}: {node.value!r}")
    assert not bad, f"{path.name} defines sentence punctuation of its own: {bad}"


def test_one_prose_stack():
    """lang.py holds scripts and identification only: the masking and sentence splitting are
    analysis/prose.py's, and the rules reach prose through the document's accessors."""
    import digestlint.lang as lang

    for name in ("mask_region", "mask_block", "section_prose", "sentences", "Masked", "is_cjk_letter"):
        assert not hasattr(lang, name), name
    from digestlint.analysis import prose

    assert prose.is_hangul is lang.is_hangul
    for path in RULES:
        source = path.read_text(encoding="utf-8")
        assert "prose_lib.section_prose(" not in source and "prose_lib.prose(doc" not in source, path.name
        assert "prose_lib.section_norm(" not in source and "lang.section_prose(" not in source, path.name


# ---------------------------------------------------------------------------- tests and edges
TESTS = sorted((SRC.parent.parent / "tests").rglob("*.py"))

#: private names the tests still import, with the reason (the owner's module has no public
#: name for the fast path yet); everything else is tested through public names or behaviour
TESTS_PRIVATE_ALLOWED = {
    "digestlint.rules.dl102_front_matter_quoting._plain_style_none":
        "test_fast_paths: DL102's libyaml tree made equal to the pure-Python one (no public name yet)",
}


@pytest.mark.parametrize("path", TESTS, ids=lambda p: str(p.relative_to(SRC.parent.parent / "tests")))
def test_tests_import_no_private_names(path):
    """Tests use public names, behaviour or the reference implementations (test_reference_impls)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for line, mod, name in _imports(tree, "tests"):
        if not mod.startswith("digestlint"):
            continue
        full = f"{mod}.{name}" if name else mod
        if mod in PACKAGE_INTERNAL or full in TESTS_PRIVATE_ALLOWED:
            continue
        if any(_private(p) for p in mod.split(".")) or (name is not None and _private(name)):
            bad.append(f"line {line}: {full}")
    assert not bad, f"{path.name} imports private names: {bad}"


#: the modules that may print or use click: the command line and the entry points
PRINTERS = {"digestlint.cli", "digestlint.entry", "digestlint.sources_cli", "digestlint.__main__",
            "digestlint.lsp"}  # lsp: only its main() (usage and argument errors before the server starts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_library_modules_print_nothing(path):
    """Printing only at the edges: baselines, formats, --fix and the engine return text."""
    me = _module_name(path)
    if me in PRINTERS:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [f"line {line}: import {mod}" for line, mod, _name in _imports(tree, me) if mod.split(".")[0] == "click"]
    bad += [f"line {n.lineno}: print()" for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"]
    assert not bad, f"{me} prints: {bad}"


@pytest.mark.parametrize("path", RULES, ids=lambda p: p.stem)
def test_no_rule_imports_the_configuration(path):
    """DL302 matches paths through ``ctx.path_matches``; no rule imports ``digestlint.config``
    (``glob_to_regex``, ``config_root``): the configuration reaches a rule as its options."""
    me = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [f"line {line}: {mod}" for line, mod, name in _imports(tree, me)
           if mod == "digestlint.config" or (mod == "digestlint" and name == "config")]
    assert not bad, f"{path.name} imports the configuration: {bad}"
    assert "config_root" not in path.read_text(encoding="utf-8")


def test_the_language_server_is_a_server_class_with_one_handler_per_feature():
    """``lsp.DigestlintServer`` subclasses pygls's LanguageServer; ``create_server`` only
    registers module-level handlers (no closures), and the LSP reads no private name of autofix."""
    src = (SRC / "lsp.py").read_text(encoding="utf-8")
    tree = ast.parse(src)
    server = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "DigestlintServer")
    assert any(isinstance(b, ast.Name) and b.id == "LanguageServer" for b in server.bases)
    factory = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "create_server")
    assert not [n for n in ast.walk(factory) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                and n is not factory]
    assert "autofix._" not in src


def test_reference_implementations_sit_beside_the_optimisations():
    """Each optimisation named in issue 12 keeps a plain reference (tests/test_reference_impls.py)."""
    from digestlint import document, registry, rulepacks
    from digestlint.rules import dl101_front_matter_schema as dl101

    assert callable(dl101.fast_check) and callable(dl101.reference_accepts)
    assert callable(rulepacks.RuleData.phrase_matches_reference)
    assert callable(rulepacks.RuleData.patterns_may_match_reference)
    assert callable(document.iter_links_reference)
    assert type(registry.lookup("DL406")).hot_pairs is True
