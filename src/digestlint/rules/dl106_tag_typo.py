from __future__ import annotations

import re
from collections import Counter
from typing import Any, Optional

from digestlint import data
from digestlint.model import CorpusViolation, Position
from digestlint.registry import CorpusRule

_DIGITS_RE = re.compile(r"\d+")
_SEPARATORS_RE = re.compile(r"[\s_\-.]+")


def _norm(tag: str) -> str:
    """What two spellings of one tag share: case and word separators ignored."""
    return _SEPARATORS_RE.sub("", tag.casefold())


def _tag_spans(doc, key) -> list[tuple[str, int, int]]:
    """``(tag, start, end)`` of every tag of the ``tags`` key (a list, or Jekyll's
    space-separated string)."""
    if key.kind == "sequence":
        return [(value, start, end) for value, start, end, _ in key.items if value]
    if key.kind != "scalar":
        return []
    raw = doc.text[key.value_start:key.value_end]
    value = doc.meta.get("tags")
    if not isinstance(value, str):
        return []
    offset = key.value_start
    if key.style in ("'", '"'):
        raw, offset = raw[1:-1], offset + 1
    if raw != value:  # escapes or line folding: positions inside the value are not reliable
        return [(t, key.value_start, key.value_end) for t in value.split()]
    return [(m.group(0), offset + m.start(), offset + m.end()) for m in re.finditer(r"\S+", raw)]


class TagTypo(CorpusRule):
    """
    ## What it does
    Reports a tag that is a near miss of a tag in the configured vocabulary (`rules/tags.yaml`,
    options `vocabulary` and `extra-vocabulary`) or of a clearly more frequent tag of the
    linted posts, and suggests that tag. A near miss is a spelling within a small edit distance
    (Damerau-Levenshtein similarity of at least `min-similarity`, at most two edits), or the
    same tag in another case or with other separators (`Hugging-Face`). Tags in the vocabulary
    are never reported; tags shorter than `min-length` (`llm`, `ml`) and tags that differ in a
    number (`qwen2`/`qwen3`) are never taken for one another.

    ## Why
    A misspelt tag makes its own tag page: the post disappears from the page readers browse
    (`/tags/huggingface`), and the mistake is copied by every later post of a template.

    ## Example
    Bad (with `huggingface` in the vocabulary):

        tags: [papers, hugginface]

    Good:

        tags: [papers, huggingface]

    ## Fix safety
    No automatic fix: a rare tag may be meant, and renaming a tag changes the blog's URLs.
    """

    id = "DL106"
    name = "tag-typo"
    severity = "warning"
    summary = "A tag that is a near miss of a vocabulary tag or of a clearly more frequent tag"
    options_schema = {
        "vocabulary": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "the known tags (default: rules/tags.yaml)",
        },
        "extra-vocabulary": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "default": [],
            "description": "tags added to the vocabulary",
        },
        "min-similarity": {
            "type": "number",
            "minimum": 0.5,
            "maximum": 1,
            "default": 0.85,
            "description": "normalised Damerau-Levenshtein similarity from which two tags are a near miss",
        },
        "min-length": {
            "type": "integer",
            "minimum": 1,
            "default": 4,
            "description": "tags shorter than this (letters and digits) are never compared",
        },
        "frequency-ratio": {
            "type": "number",
            "minimum": 1,
            "default": 3,
            "description": "a tag of the linted posts is suggested when used in this many times more posts",
        },
        "min-frequency": {
            "type": "integer",
            "minimum": 1,
            "default": 3,
            "description": "... and in at least this many posts",
        },
    }

    def defaults(self) -> dict[str, Any]:
        opts = super().defaults()
        opts["vocabulary"] = list((data.load("tags.yaml") or {}).get("vocabulary") or [])
        return opts

    def collect(self, doc, ctx):
        fmb = doc.front_matter
        if fmb is None or fmb.error is not None:
            return None
        key = fmb.key("tags")
        if key is None:
            return None
        out = []
        for tag, start, end in _tag_spans(doc, key):
            line, col = doc.position(start)
            end_line, end_col = doc.position(end)
            out.append([tag, line, col, end_line, end_col])
        return {"tags": out} if out else None

    def check_corpus(self, items, ctx):
        frequency: Counter = Counter()
        for item in items:
            frequency.update({t[0] for t in item.summary.get("tags", [])})
        memo: dict = {}
        for item in items:
            opts = {**self.defaults(), **(item.options or {})}
            vocabulary = tuple(dict.fromkeys([*opts["vocabulary"], *opts.get("extra-vocabulary", [])]))
            for tag, line, col, end_line, end_col in item.summary.get("tags", []):
                if tag in vocabulary:
                    continue
                key = (tag, vocabulary, opts["min-similarity"], opts["min-length"], opts["frequency-ratio"], opts["min-frequency"])
                if key not in memo:
                    memo[key] = self._suggest(tag, vocabulary, frequency, opts)
                message = memo[key]
                if message is not None:
                    yield CorpusViolation(item.path, Position(line, col, end_line, end_col), message)

    @staticmethod
    def _suggest(tag: str, vocabulary, frequency: Counter, opts) -> Optional[str]:
        best = _nearest(tag, vocabulary, opts)
        if best is not None:
            return f"tag '{tag}' looks like a misspelling of '{best}' (a vocabulary tag)"
        own = frequency[tag]
        ratio, floor = opts["frequency-ratio"], opts["min-frequency"]
        frequent = sorted(t for t, n in frequency.items() if t != tag and n >= floor and n >= ratio * own)
        best = _nearest(tag, frequent, opts)
        if best is not None:
            n = frequency[best]
            return (
                f"tag '{tag}' looks like a misspelling of '{best}', which {n} of the linted posts use "
                f"('{tag}': {own})"
            )
        return None


def _nearest(tag: str, candidates, opts) -> Optional[str]:
    """The candidate ``tag`` is a near miss of (the most similar; ties: alphabetical), or None."""
    if not candidates:
        return None
    mine = _norm(tag)
    if len(mine) < opts["min-length"]:
        return None
    digits = _DIGITS_RE.findall(mine)
    scored = []
    for cand in candidates:
        theirs = _norm(cand)
        if cand == tag or len(theirs) < opts["min-length"] or _DIGITS_RE.findall(theirs) != digits:
            continue
        if theirs == mine:
            scored.append((1.0, cand))
            continue
        from rapidfuzz.distance import DamerauLevenshtein  # only for a pair worth scoring

        if DamerauLevenshtein.distance(mine, theirs, score_cutoff=2) > 2:
            continue
        score = DamerauLevenshtein.normalized_similarity(mine, theirs)
        if score >= opts["min-similarity"]:
            scored.append((score, cand))
    if not scored:
        return None
    scored.sort(key=lambda s: (-s[0], s[1]))
    return scored[0][1]
