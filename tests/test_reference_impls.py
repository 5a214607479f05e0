"""Every optimisation agrees with the plain reference implementation kept beside it (issue 12).

- DL101's fast schema check (``dl101.fast_check``) against jsonschema itself
  (``dl101.reference_accepts``), on generated schemas of the keywords it handles and generated
  front matters, and on the real posts' front matters;
- the rule-pack gates (``RuleData.phrase_matches``, ``RuleData.patterns_may_match``: anchors, the
  literal prefilter, the combined RE2 gate) against running every regex
  (``phrase_matches_reference``, ``patterns_may_match_reference``);
- DL406's hot pairs (only the blocks and word runs with a pair that can make an entry are
  scanned) against scanning every block and run (``hot_pairs = False``);
- the document's link scan (``doc.links_in``, linear time) against ``_LINK_RE.finditer``
  (``document.iter_links_reference``).

Generated inputs are built from the pieces that matter; the real ones are tests/fixtures and
../shared/samples.
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GOOD, SAMPLES, lint_text
from digestlint import data, rulepacks
from digestlint.document import Document, iter_links_reference
from digestlint.rules import dl101_front_matter_schema as dl101

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parent.parent


def _real_posts() -> list[Path]:
    paths = sorted(GOOD.glob("*.md")) + sorted((ROOT / "tests" / "fixtures" / "numbers").rglob("*.md"))
    if SAMPLES.is_dir():
        paths += sorted(SAMPLES.glob("*.md"))
    return paths


REAL = _real_posts()


# ---------------------------------------------------------------------------- DL101
_VALUES = st.one_of(
    st.sampled_from(["post", "", " ", "\t", "Daily Papers — 2025-09-13", "2025-09-13", "2025-09-13 08:15:00",
                     "2025-09-13T08:15:00+09:00", "2025-09-13\n", "2025-9-13", "２０２５-09-13", "x", "가"]),
    st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False),
    st.lists(st.sampled_from(["papers", "hf", "", "a", "a", 1, True]), max_size=4),
    st.dictionaries(st.sampled_from(["a", "b"]), st.sampled_from([1, "x", ""]), max_size=2),
)
_NAMES = ["layout", "title", "date", "tags", "a"]
_INSTANCES = st.dictionaries(st.sampled_from(_NAMES), _VALUES)


def _schemas() -> st.SearchStrategy:
    """Schemas made only of the keywords the fast check handles (nested)."""
    leaf = st.fixed_dictionaries({}, optional={
        "type": st.sampled_from(["string", "array", "object"]),
        "minLength": st.integers(0, 3),
        "pattern": st.sampled_from(["^\\d{4}-", "\\S", "^$", "가", "^[a-z]+$"]),
        "uniqueItems": st.booleans(),
        "description": st.just("annotation only"),
    })

    def extend(inner):
        return st.fixed_dictionaries({}, optional={
            "type": st.sampled_from(["string", "array", "object"]),
            "required": st.lists(st.sampled_from(_NAMES), max_size=2, unique=True),
            "properties": st.dictionaries(st.sampled_from(_NAMES), inner, max_size=3),
            "items": inner,
            "minLength": st.integers(0, 3),
        })

    return st.recursive(leaf, extend, max_leaves=6)


@FAST
@given(_schemas(), _INSTANCES)
def test_dl101_fast_check_never_accepts_what_jsonschema_rejects(schema, instance):
    fast = dl101.fast_check(schema)
    assert fast is not None  # every schema of these keywords has a fast check
    if fast(instance):
        assert dl101.reference_accepts(schema, instance)


@FAST
@given(_INSTANCES)
def test_dl101_fast_check_of_the_shipped_schema_agrees_with_jsonschema(instance):
    schema = data.load("frontmatter.schema.json")
    fast = dl101.fast_check(schema)
    assert fast is not None
    ok = dl101.reference_accepts(schema, instance)
    if fast(instance):
        assert ok
    elif not any(isinstance(v, list) and any(type(i) is not str for i in v) for v in instance.values()):
        assert not ok  # only lists of non-strings are left to jsonschema undecided


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_dl101_fast_check_on_real_front_matters(path):
    doc = Document(path.read_text(encoding="utf-8"), str(path))
    fmb = doc.front_matter
    if fmb is None or not isinstance(fmb.data, dict):
        pytest.skip("no front matter mapping")
    schema = data.load("frontmatter.schema.json")
    instance = dl101.jsonable(fmb.data)
    fast = dl101.fast_check(schema)
    assert fast is not None
    assert fast(instance) == dl101.reference_accepts(schema, instance)


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "required": ["a"], "allOf": [{"required": ["b"]}]},
        {"type": "object", "properties": {"a": {"type": "integer"}}},
        {"type": "object", "properties": {"a": True}},
        {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"},
        {"type": ["object", "null"]},
        {"type": "object", "properties": {"a": {"$ref": "#/$defs/x"}}, "$defs": {"x": {"type": "string"}}},
    ],
)
def test_dl101_no_fast_check_for_other_keywords(schema):
    assert dl101.fast_check(schema) is None


# ---------------------------------------------------------------------------- rule packs
_PIECES = ["정보 부족", "정보가 부족", "해당 없음", "없음", "N/A", "n / a", "TODO", "tbd", "Sure, here", "sure", "measure",
           "I'm sorry, but", "I can't", "can", "{{ x }}", "{{ site.url }}", "<think>", "</Answer>", "[TODO]", "[내용]",
           "다음은 논문의 요약입니다", "İ", "ſ", "K", " ", "\n", ".", ",", "'", "가", "다.",
           "되지", " 않았다", "구체적인 ", "언급은 ", "존재하지 않는다", "[", "]", "내용", "다음은 ", "요약입니다",
           "명시는 ", "본문에서 ", "제공", "상세히 ", "기술", "하지 않았", "한계를 ", "{%", "%}", "以下是", "总结"]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)
_PACK_RULES = sorted(rulepacks.pack_rules())
#: rules whose shipped patterns all combine into the RE2 gate (patterns_may_match is then exact)
_GATED = ("DL501", "DL502")
_WHERES = [("sentence", "anywhere"), ("anywhere",), ("anywhere", "alone"), ("alone",), ("sentence",)]


def _chosen(rd: rulepacks.RuleData, wheres: tuple, section) -> bool:
    return any(p.where in wheres and (section is None or p.applies_in(section)) for p in rd.patterns)


def _real_texts() -> list[str]:
    texts = []
    for path in REAL:
        doc = Document(path.read_text(encoding="utf-8"), str(path))
        texts.extend(b.content for _p, _s, b in doc.walk_blocks() if b.content)
    return texts


@FAST
@given(_TEXTS, st.sampled_from(_PACK_RULES), st.sampled_from(_WHERES))
def test_phrase_gate_agrees_with_every_phrase_run(text, rule, wheres):
    rd = rulepacks.rule_data(rule, ())
    got = [(ph.text, m.span()) for ph, m in rd.phrase_matches(text, wheres)]
    want = [(ph.text, m.span()) for ph, m in rd.phrase_matches_reference(text, wheres)]
    assert got == want


@FAST
@given(_TEXTS, st.sampled_from(_PACK_RULES), st.sampled_from(_WHERES),
       st.sampled_from([None, ("limitations",), ("method",), ("한계",)]))
def test_pattern_gate_agrees_with_every_pattern_run(text, rule, wheres, section):
    rd = rulepacks.rule_data(rule, ())
    may, does = rd.patterns_may_match(text, wheres, section), rd.patterns_may_match_reference(text, wheres, section)
    assert may or not does  # the contract: False only when no pattern matches
    if rule in _GATED and _chosen(rd, wheres, section):
        assert may == does  # the shipped patterns combine into one RE2 gate: exact


@pytest.mark.parametrize("rule", _PACK_RULES)
def test_pack_gates_agree_on_real_prose(rule):
    rd = rulepacks.rule_data(rule, ())
    texts = _real_texts()
    assert texts
    for text in texts:
        for wheres in _WHERES:
            may, does = rd.patterns_may_match(text, wheres), rd.patterns_may_match_reference(text, wheres)
            assert may or not does, text[:80]
            if rule in _GATED and _chosen(rd, wheres, None):
                assert may == does, text[:80]
            got = [(ph.text, m.span()) for ph, m in rd.phrase_matches(text, wheres)]
            assert got == [(ph.text, m.span()) for ph, m in rd.phrase_matches_reference(text, wheres)], text[:80]


# ---------------------------------------------------------------------------- DL406
_HEAD = '---\ntitle: "x"\n---\n# 1. [A](https://arxiv.org/abs/2509.08519)\n\n## Method\n'
_KO = ["확산", "모델", "확산모델", "대형", "언어", "언어모델", "대형언어모델", "딥러닝", "딥", "러닝", "학습", "데이터",
       "데이터셋", "셋", "은", "는", "을", "를", "의", "이", "가", "과", "에서", "하는", "데", " ", " ", " ", ". ", "\n\n",
       "- ", "강화", "강화학습", "제안하는"]


def _dl406(text: str) -> list:
    return [(f.line, f.column, f.end_line, f.end_column, f.message)
            for f in lint_text(text, select=["DL406"], language="ko")]


def _dl406_reference(text: str) -> list:
    from digestlint import registry

    cls = type(registry.lookup("DL406"))
    with mock.patch.object(cls, "hot_pairs", False):
        return _dl406(text)


@FAST
@given(st.lists(st.sampled_from(_KO), max_size=30).map("".join))
def test_dl406_hot_pairs_agree_with_scanning_everything(body):
    text = _HEAD + body + "\n"
    assert _dl406(text) == _dl406_reference(text)


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_dl406_hot_pairs_agree_on_real_posts(path):
    text = path.read_text(encoding="utf-8")
    assert _dl406(text) == _dl406_reference(text)


# ---------------------------------------------------------------------------- links
_LINK_PIECES = ["[", "]", "(", ")", "](", "![", "[a]", "text", "가", " ", "\n", "https://arxiv.org/abs/2509.08519",
                "[t](u)", "[[x]]", "\\", "`", "<", ">", "*"]


def _links(doc: Document) -> list:
    out = []
    for _p, _s, block in doc.walk_blocks():
        if block.kind != "paragraph":
            continue
        got = [(lk.start, lk.end, lk.text, lk.url_start, lk.url_end) for lk in doc.links_in(block)]
        assert got == iter_links_reference(doc.text, block.start, block.end)
        out.extend(got)
    return out


@FAST
@given(st.lists(st.sampled_from(_LINK_PIECES), max_size=30).map("".join))
def test_link_scan_agrees_with_the_link_regex(body):
    _links(Document("# 1. [A](https://arxiv.org/abs/2509.08519)\n\n" + body + "\n"))


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_link_scan_agrees_on_real_posts(path):
    doc = Document(path.read_text(encoding="utf-8"), str(path))
    _links(doc)


def test_the_real_inputs_have_links_and_papers():
    assert len(REAL) >= 3
    assert any(_links(Document(p.read_text(encoding="utf-8"), str(p))) for p in REAL)
