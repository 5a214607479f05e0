"""The prose layer's fast paths against the plain implementations beside them, and the Unicode
facts those fast paths rely on (issue 12).

- ``Prose._fold`` (sentence keys and the normalised text from one casefold of the whole
  paragraph) against ``Prose.fold_reference`` (each sentence normalised on its own);
- ``prose.fold`` (skips texts without entities that are NFKC-normalised) against
  ``prose.fold_reference``;
- ``lang.identify``'s script-share shortcut (``lang.hangul_shortcut``) against the full count
  (``lang.identify_reference``) wherever the shortcut claims to decide;
- over all of Unicode: casefolding never shortens a character and, where it keeps the length,
  never maps to or from white space or the sentence punctuation ``_fold`` strips; the Hangul
  syllable range the fast tests use (``\\uac00``-``\\ud7a3``) is exactly the assigned syllables,
  and ``lang.is_hangul`` agrees with ``lang.script_of``.
"""

from __future__ import annotations

import os
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from digestlint import lang
from digestlint.analysis import prose as prose_lib

PROFILE = os.environ.get("DIGESTLINT_HYPOTHESIS_PROFILE", "ci")
settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.register_profile("fuzz", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck))

# characters whose case folding changes the length (ß, ﬁ, İ, ŉ), final sigma, white space of other
# kinds, the sentence punctuation and closers, Hangul, CJK, compatibility forms, entities' pieces
ATOMS = ["ß", "ẞ", "ﬁ", "İ", "ŉ", "Σ", "ς", "ǅ", "Ꭰ", "\u00a0", "\u2003", "\u3000", "\t", "\n", " ",
         *prose_lib.TERMINAL, *prose_lib.CLOSERS, "가", "한다", "함", "다음", "模型", "ｶ", "ＴＯＤＯ", "①",
         "e\u0301", "\u0301", "&", "&amp;", "&#51221;", "&#x41;", "&bogus;", ";", "#", "A", "a", "vs", "Dr",
         "e.g", "U.S", "1", "\u2028", "\U0001F600"]
texts = st.lists(st.one_of(st.sampled_from(ATOMS), st.text(max_size=4)), max_size=40).map("".join)


def _prose(text: str) -> prose_lib.Prose:
    # the masked text is the text itself: what is compared is the folding, not the masking
    return prose_lib.Prose(text, [(0, len(text), 0, len(text))], text)


@settings(settings.get_profile(PROFILE))
@given(texts)
def test_fold_agrees_with_the_sentence_by_sentence_reference(text):
    p = _prose(text)
    keys, norm = p.fold_reference()
    assert p.sentence_keys == keys
    assert p.norm == norm
    q = _prose(text)  # the other order of first use
    assert q.norm == norm and q.sentence_keys == keys


@settings(settings.get_profile(PROFILE))
@given(texts)
def test_fold_shortcut_agrees_with_the_reference(text):
    assert prose_lib.fold(text) == prose_lib.fold_reference(text)


hangul_words = st.sampled_from(["논문은", "새로운", "방법을", "제안한다.", "성능이", "크게", "향상되었다", "한계가", "있다"])
other_words = st.sampled_from(["the", "method", "LoRA", "GPT-4o", "2025", "(표", "1)", "—", "α", "масштаб",
                               "模型", "です", "x", "is", "of", "**", "`code`", "é", "ﬁ"])
mixed = st.lists(st.one_of(hangul_words, other_words), min_size=0, max_size=30).map(" ".join)


@settings(settings.get_profile(PROFILE))
@given(mixed, st.integers(1, 8))
def test_identify_shortcut_decides_only_what_the_full_count_decides(text, min_words):
    if lang.hangul_shortcut(text, min_words):
        assert lang.identify_reference(text, "ko", min_words) == "ko"
        assert lang.identify(text, "ko", min_words) == "ko"


def test_identify_shortcut_is_taken_on_korean_prose():
    """The property above is not vacuous: ordinary Korean prose takes the shortcut."""
    text = "본 논문은 새로운 방법을 제안한다. 성능이 크게 향상되었다."
    assert lang.hangul_shortcut(text, 4) and lang.identify(text, "ko") == "ko"


def _all_code_points():
    return (chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF)


@pytest.mark.slow
def test_casefold_never_shortens_and_keeps_whitespace_and_sentence_punctuation():
    """What ``Prose._fold`` and ``placeholders._fuzzy`` assume of ``str.casefold`` (per character:
    Python's casefold has no context), checked over all of Unicode."""
    strip = prose_lib.TERMINAL + " "
    for c in _all_code_points():
        f = c.casefold()
        assert len(f) >= 1, hex(ord(c))
        if len(f) == 1:
            assert f.isspace() == c.isspace(), hex(ord(c))
            assert (f in strip) == (c in strip), hex(ord(c))
    # context-free: a string folds to the concatenation of its characters' folds
    sample = "ΣΑΣ ßİﬁ Straße ΌΣΟΣ"
    assert sample.casefold() == "".join(c.casefold() for c in sample)


@pytest.mark.slow
def test_hangul_ranges():
    """``"\\uac00" <= c <= "\\ud7a3"`` (lang.is_hangul's first test, the regexes ``[가-힣]`` of
    DL401/DL403/DL406) is exactly the Hangul syllables, and ``is_hangul`` is ``script_of(c) ==
    "Hangul"`` over all of Unicode (the shortcut never disagrees with the table)."""
    for cp in range(0xAC00, 0xD7A4):
        assert unicodedata.name(chr(cp)).startswith("HANGUL SYLLABLE ")
    assert unicodedata.category("\ud7a4") == "Cn" and not unicodedata.name("\uabff", "").startswith("HANGUL")
    for c in _all_code_points():
        h = lang.is_hangul(c)
        assert h == (lang.script_of(c) == "Hangul"), hex(ord(c))
        if h:
            assert "HANGUL" in unicodedata.name(c, "") or "HALFWIDTH" in unicodedata.name(c, ""), hex(ord(c))


def test_hangul_ranges_quick():
    """The syllable range's ends and the jamo blocks (the fast tier's share of the test above)."""
    assert lang.is_hangul("가") and lang.is_hangul("힣") and lang.is_hangul("ㄱ") and lang.is_hangul("ㅎ")
    assert not lang.is_hangul("\ud7a4") and not lang.is_hangul("\uabff") and not lang.is_hangul("a")
    assert lang.is_hangul("\u1100") and lang.is_hangul("\uffa1")  # conjoining and halfwidth jamo


@pytest.mark.slow
def test_nfkc_per_character_of_a_normalised_text_changes_nothing():
    """``fold``'s shortcut returns an NFKC-normalised text unchanged, where the reference folds it
    character by character: the same only if no character NFKC changes on its own can stand in
    normalised text (its quick-check value is No, never Maybe). Checked for every such character
    of Unicode after and before letters, syllables, leading jamo and combining marks."""
    contexts = ["", "a", "가", "\u1100", "\u0300", "\u3099", "e"]
    for c in _all_code_points():
        if unicodedata.normalize("NFKC", c) == c:
            continue
        for x in contexts:
            for text in (x + c, c + x):
                assert not unicodedata.is_normalized("NFKC", text), (hex(ord(c)), x)


@settings(settings.get_profile(PROFILE))
@given(texts)
def test_normalise_keeps_every_word_character(text):
    """``placeholders._fuzzy`` gives up on a body with 25 characters matching ``[^\\s\\W_]``
    without normalising it, because ``rulepacks.normalise`` keeps exactly those characters and
    casefolding never shortens (so the normalised text is longer than any phrase compared)."""
    import re

    from digestlint import rulepacks

    assert len(rulepacks.normalise(text)) >= len(re.findall(r"[^\s\W_]", text))
