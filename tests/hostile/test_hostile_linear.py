"""Threat: a post, a fix run or an editor session whose cost grows faster than its size.

A post is written by a model and linted on every commit: an input that takes minutes (an
unterminated ``<!--`` repeated, thousands of fixes, thousands of variant pairs) stalls every CI
run of the blog. Each case here times the same work at two sizes in one run and asserts a ratio
(doubling the input may at most about double the time), never an absolute limit: a loaded
machine slows both sizes alike. CPU time is measured, the sizes are interleaved and each is
timed three times (the best is kept).
"""

from __future__ import annotations

import gc
import time

import pytest

import hostile_helpers  # noqa: F401  (puts tests/ on sys.path)
from conftest import FRONT_MATTER as FM, _settings, lint_text

HEAD = "# 1. [T](https://arxiv.org/abs/2510.26794)\n\n> [Alphaxiv](https://www.alphaxiv.org/ko/overview/2510.26794)\n\n## Introduction\n\n"

#: doubled input, at most this many times the time (linear: 2; quadratic: 4)
RATIO = 2.5


def _time(f, n: int) -> float:
    gc.collect()
    t0 = time.process_time()
    f(n)
    return time.process_time() - t0


def assert_linear(f, n: int) -> None:
    """``f(2n)`` takes at most ``RATIO`` times as long as ``f(n)``.

    CPU time of this process (other processes on a loaded machine do not count), the two sizes
    interleaved, the best of three of each."""
    f(max(1, n // 8))  # warm up: imports, compiled patterns, data files
    small = large = float("inf")
    spent = 0.0
    for _ in range(3):
        a, b = _time(f, n), _time(f, 2 * n)
        small, large = min(small, a), min(large, b)
        spent += a + b
        if spent > 6:  # enough evidence (and a quadratic case fails in seconds, not minutes)
            break
    # 5 ms of slack: timer resolution on very small inputs
    assert large <= RATIO * small + 0.005, f"n={n}: {small:.3f}s, 2n: {large:.3f}s ({large / small:.1f}x)"


@pytest.mark.slow
def test_unterminated_html_comments_in_a_paragraph_are_linear():
    # 'x <!-- ' * N: the prose mask scanned from every '<!--' to the end of the paragraph
    assert_linear(lambda n: lint_text(FM + HEAD + "x <!-- " * n + "\n", select=["DL503"]), 6000)


@pytest.mark.slow
def test_unterminated_suppression_comments_are_linear():
    # '<!-- digestlint-disable-file' * N (no '>'): each directive scanned to the end of the file
    assert_linear(lambda n: lint_text(FM + HEAD + "<!-- digestlint-disable-file" * n + "\n", select=["DL005"]), 500)


@pytest.mark.slow
def test_fixing_many_edits_is_linear():
    # DL209 with thousands of double spaces in one title: one fix per run, every one applied
    from digestlint import autofix

    settings = _settings(select=["DL209"])

    def fix(n: int) -> None:
        text = FM + "# 1. [" + "a  " * n + "b](https://arxiv.org/abs/2510.26794)\n"
        out, result, problem = autofix.fix_bytes(text.encode(), "2025-10-31-x.md", settings)
        assert problem is None and result is not None and result.applied == n
    assert_linear(fix, 3000)


@pytest.mark.slow
def test_many_term_variant_pairs_are_linear():
    # DL406: each reported variant was checked against every span reported before it
    def lint(n: int) -> None:
        found = lint_text(FM + HEAD + "확산 모델을 쓴다. 확산모델을 쓴다. " * n + "\n", select=["DL406"])
        assert len(found) == n
    assert_linear(lint, 2000)


# ---------------------------------------------------------------- the linear scans find the same
from hypothesis import given, settings, strategies as st

_PIECES = st.lists(st.sampled_from(["<!--", "-->", "--", ">", "<", " ", "digestlint-", "disable-file", "DL501",
                                    "x", "-", "<a href=x>", "</b>", "\n", "enable"]), max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(_PIECES)
def test_suppression_scan_finds_what_the_regex_finds(text):
    from digestlint import document

    expected = [(m.start(), m.span("kind"), m.span("rules"), m.end()) for m in document._SUPPRESS_RE.finditer(text)]
    assert list(document.iter_suppressions(text)) == expected


@settings(max_examples=150, deadline=None)
@given(_PIECES)
def test_html_blanking_is_the_regex_substitution(text):
    from digestlint.analysis import prose

    assert prose._blank_html(text) == prose._HTML_RE.sub(prose._blank, text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6)), max_size=40))
def test_span_set_overlap_is_the_pairwise_test(spans):
    from digestlint.analysis.spans import SpanSet

    def pairwise(s1, e1, s2, e2):
        return (s1 == e1 == s2 == e2) or (s1 < e2 and s2 < e1)

    taken: list = []
    ss = SpanSet()
    for start, width in spans:
        end = start + width
        want = any(pairwise(start, end, a, b) for a, b in taken)
        assert ss.overlaps(start, end) == want
        if not want:
            taken.append((start, end))
            ss.add(start, end)
