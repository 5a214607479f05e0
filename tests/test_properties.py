"""Property-based tests: linting arbitrary text, bytes and mutations of real posts never raises and
every finding lies inside the file.

Example counts are modest for CI; ``DIGESTLINT_HYPOTHESIS_PROFILE=thorough`` (2,000 examples per
test) or ``=fuzz`` (20,000) run more. ``tools/fuzz.py`` runs the same checks for as long as wanted.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).parent / "hostile"))

from conftest import GOOD, SAMPLES  # noqa: E402
from hostile_helpers import assert_in_bounds, lint_bytes  # noqa: E402

settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.register_profile("fuzz", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck))
PROFILE = os.environ.get("DIGESTLINT_HYPOTHESIS_PROFILE", "ci")


def _posts() -> list[str]:
    paths = sorted(GOOD.glob("*.md"))
    if SAMPLES.is_dir():
        paths += sorted(SAMPLES.glob("*.md"))
    return [p.read_text(encoding="utf-8") for p in paths]


POSTS = _posts()

# Pieces that matter to the parsers: markdown and YAML syntax, Korean, invisibles, line breaks.
ATOMS = [
    "---", "---\n", "\n", "\r\n", "\r", "# ", "## ", "### ", "1. ", "- ", "> ", "```", "~~~", "    ",
    "[", "]", "(", ")", "](", "[t](https://arxiv.org/abs/2510.26794)", "https://www.alphaxiv.org/ko/overview/",
    "**", "*", "_", "`", "<!--", "-->", "<!-- digestlint-disable-next-line -->", "<think>", "{{", "}}",
    "|", ":", "\"", "'", "&a", "*a", "<<: ", "!!", "%", "\t", " ", "\u200b", "\ufeff", "\u2028", "\x85",
    "\x0b", "\u202e", "가", "논문", "다.", "니다.", "정보 부족", "TODO", "模型", "масштаб", "é", "\U0001F600",
    "## Introduction\n", "## Method\n", "## Results\n", "## Limitations\n", "## Conclusion\n",
    "title: ", "date: 2025-10-31", "tags: [", "layout: post\n",
]
pieces = st.one_of(st.sampled_from(ATOMS), st.text(max_size=8))
texts = st.lists(pieces, max_size=60).map("".join)


def _check_text(text: str) -> None:
    _, findings = lint_bytes(text.encode("utf-8", "surrogatepass"))
    if any(f.rule in ("DL001", "DL002") for f in findings):
        return  # not parsed: a file-level finding at a byte position
    assert_in_bounds(text[1:] if text.startswith("\ufeff") else text, findings)


def _no_surrogates(s: str) -> str:
    return s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


@pytest.mark.slow
@settings.get_profile(PROFILE)
@given(texts)
def test_arbitrary_markdown_like_text(text):
    _check_text(_no_surrogates(text))


@settings.get_profile(PROFILE)
@given(st.text(max_size=400))
def test_arbitrary_unicode_text(text):
    _check_text(_no_surrogates(text))


@settings.get_profile(PROFILE)
@given(st.text(max_size=300).map(lambda body: "---\n" + body + "\n---\n"))
def test_arbitrary_front_matter(text):
    _check_text(_no_surrogates(text))


@settings.get_profile(PROFILE)
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data):
    _, findings = lint_bytes(data)
    for f in findings:
        assert f.line >= 1 and f.column >= 1


@st.composite
def mutated_posts(draw):
    text = draw(st.sampled_from(POSTS))
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "swap-lines"]))
        if op == "insert":
            text = text[:i] + draw(pieces) + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 200)):]
        elif op == "replace":
            text = text[:i] + draw(pieces) + text[i + draw(st.integers(1, 20)):]
        elif op == "duplicate":
            j = min(len(text), i + draw(st.integers(1, 400)))
            text = text[:j] + text[i:j] + text[j:]
        else:
            lines = text.split("\n")
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


@pytest.mark.slow
@pytest.mark.skipif(not POSTS, reason="no posts to mutate")
@settings.get_profile(PROFILE)
@given(mutated_posts())
def test_mutated_posts(text):
    _check_text(_no_surrogates(text))


@pytest.mark.slow
@pytest.mark.skipif(not POSTS, reason="no posts to mutate")
@settings(settings.get_profile(PROFILE), max_examples=max(20, settings.get_profile(PROFILE).max_examples // 10))
@given(mutated_posts(), st.sampled_from(["\r\n", "\r"]))
def test_mutated_posts_line_endings_do_not_move_findings(text, ending):
    text = _no_surrogates(text).replace("\r\n", "\n").replace("\r", "\n")
    _, lf = lint_bytes(text.encode("utf-8"))
    _, other = lint_bytes(text.replace("\n", ending).encode("utf-8"))
    key = lambda f: (f.rule, f.line, f.column, f.end_line, f.end_column)  # noqa: E731
    assert [key(f) for f in lf] == [key(f) for f in other]
