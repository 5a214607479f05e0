"""Front matter through libyaml's event parser and through pure-Python PyYAML give the same
result: the same values, keys, offsets, styles and nested duplicates, or the same error at the
same place. Hostile input (deep nesting, many nodes, anchors and aliases) never reaches
libyaml's C composer and ends in the pure-Python path's error."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digestlint import frontmatter as fm

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "benchmarks"))

needs_libyaml = pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML without libyaml")


def _outcome(text: str, c_path: bool):
    saved = fm.C_PATH
    fm.C_PATH = c_path
    try:
        r = fm.parse(text)
        return ("ok", repr(r.data), repr(r.keys), repr(r.nested_duplicates))
    except fm.FrontMatterError as exc:
        return ("error", exc.message, exc.line, exc.column)
    finally:
        fm.C_PATH = saved


def _blocks(paths):
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        except (OSError, UnicodeError):
            continue
        if text.startswith("---\n"):
            end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.M)
            if end:
                yield path, text[4:4 + end.start()]


@needs_libyaml
def test_real_and_generated_front_matters_parse_the_same(tmp_path):
    import generate

    generate.generate(150, tmp_path, 3)
    paths = [*sorted((SHARED / "samples").rglob("*.md")), *sorted((SHARED / "samples-other").rglob("*.md")),
             *sorted((ROOT / "tests" / "fixtures").rglob("*.md")), *sorted((tmp_path / "_posts").glob("*.md"))]
    blocks = list(_blocks(paths))
    assert len(blocks) > 150
    through_c = 0
    for path, block in blocks:
        assert _outcome(block, True) == _outcome(block, False), path
        through_c += fm._parse_c(block) is not None
    assert through_c >= 150  # the well-formed ones do take the libyaml path


CASES = [
    "title: 'x'\ntags: [a, \"b\", c]\ndate: 2025-01-02\n",
    "title: Daily Papers — 2025-09-13\"\n",  # a stray quote: valid YAML, a plain scalar
    "a: 1\na: 2\nb: {c: 1, c: 2}\n",  # duplicates, top level and nested
    "x: |\n  literal\n  text\ny: >\n  folded\n",
    "- a\n- b\n",  # not a mapping
    "just a scalar\n",
    "",
    "# only a comment\n",
    "a: [1, 2\n",  # unterminated flow sequence
    "a: b: c\n",
    "date: 2025-02-30\n",  # a timestamp PyYAML cannot construct
    "k: !!binary AAAA\nj: !!python/object:os.system x\n",
    "a: \x07bell\n",  # a control character
    "a: \ufeffx\n",
    "a: \x85\u2028\u2029line breaks\n",
    "x: 1\n---\ny: 2\n",  # two documents
    "? [a, b]\n: complex key\n",
    "a: &anchor 1\nb: *anchor\n",
    "<<: {a: 1}\n",
    "a: 'unterminated\n",
    "\ttab: 1\n",
    "a:\n  - b\n  -c\n - d\n",
    "한국어: 제목\n태그: [모델, \"데이터\"]\n",
]


@needs_libyaml
@pytest.mark.parametrize("text", CASES)
def test_edge_cases_parse_the_same(text):
    assert _outcome(text, True) == _outcome(text, False)


YAMLISH = st.text(alphabet=st.sampled_from(list("ab:-[]{},'\"#|>&*!?%@` \n\t\r.0129=~<\\")
                                          + ["가", "\u2028", "\u2029", "\x85", "\x07", "\ufeff", "\x00", "\U0001f600"]),
                  max_size=80)


@needs_libyaml
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_random_yaml_parses_the_same(text):
    assert _outcome(text, True) == _outcome(text, False)


SCALAR = st.one_of(
    st.sampled_from(["", "x", "1", "1.5", "2025-01-02", "2025-02-30", "2025-01-02 10:00:00", "yes", "~", "null", "'q'",
                     '"d\\n"', "'un", '"un', "[a, b]", "{a: 1}", "[", "|", ">-", "a: b", "- c", "#c", "x #c", "&a x", "*a",
                     "!!str 1", "!!int x", "0x1F", "1_000", ".inf", "제목 \"따옴표", "모델: 값", "@x", "`x", "x\"", "a'b"]),
    st.text(alphabet=st.sampled_from(list("ab :-#'\"[]{},가")), max_size=8))
LINE = st.tuples(st.sampled_from(["", " ", "  ", "    ", "      "]), st.sampled_from(["", "- ", "? ", ": ", "- - "]),
                 st.sampled_from(["title", "tags", "a", "date", "'k'", '"k"', "[k]", "", "태그"]),
                 st.sampled_from([":", ": ", "", " :"]), SCALAR)
FRONT_MATTERS = st.lists(LINE, max_size=12).map(lambda lines: "".join("".join(parts) + "\n" for parts in lines))


@pytest.mark.slow
@needs_libyaml
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FRONT_MATTERS)
def test_random_front_matter_lines_parse_the_same(text):
    assert _outcome(text, True) == _outcome(text, False)


HOSTILE = {
    "brackets": "x: " + "[" * 50_000 + "\n",
    "braces": "x: " + "{" * 50_000 + "\n",
    "closed-brackets": "x: " + "[" * 40 + "]" * 40 + "\n",
    "block-lists": "x:\n" + "".join("  " * i + "- \n" for i in range(200)),
    "complex-keys": "x:\n" + "".join("  " * i + "? \n" for i in range(200)),
    "many-nodes": "".join(f"k{i}: [{', '.join(['x'] * 5)}]\n" for i in range(2000)),
    "alias-bomb": "a0: &a0 [lol, lol, lol]\n" + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 12)),
    "alias-only": "a: *nowhere\n",
    "merge-bomb": "b0: &b0 {x: 1}\n" + "".join(f"b{i}: &b{i}\n  <<: [{', '.join([f'*b{i - 1}'] * 9)}]\n" for i in range(1, 12)),
    "anchored-scalar": "a: &x 1\n",
}


@pytest.mark.slow
@needs_libyaml
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_front_matter_through_the_c_parser(name):
    text = HOSTILE[name]
    t0 = time.monotonic()
    assert fm._parse_c(text) is None or name == "closed-brackets"  # rejected: the pure path decides
    via_c, via_python = _outcome(text, True), _outcome(text, False)
    assert time.monotonic() - t0 < 5.0
    assert via_c == via_python
    if name != "closed-brackets":
        assert via_c[0] == "error"
    if name in ("brackets", "braces", "block-lists", "complex-keys"):
        assert "nests" in via_c[1]
    if name == "many-nodes":
        assert "nodes" in via_c[1]
    if name.startswith(("alias", "merge", "anchored")):
        assert "anchor" in via_c[1] or "alias" in via_c[1]


@needs_libyaml
def test_the_c_composer_is_never_used(monkeypatch):
    """libyaml's composer recurses in C (a segfault on deep nesting): the loader must compose in
    Python whatever the parser's C class offers."""
    loader = fm._c_loader("a: [1, [2, [3]]]\n")
    try:
        from yaml.composer import Composer

        assert type(loader).get_single_node is Composer.get_single_node
        assert type(loader).compose_node is fm._Bounded.compose_node
    finally:
        loader.dispose()


def test_without_libyaml_the_pure_path_is_used(monkeypatch):
    monkeypatch.setattr(fm, "_C_LOADER_CLASS", False)
    assert fm._parse_c("a: 1\n") is None
    assert fm.parse("a: 1\n").data == {"a": 1}
