"""Placeholder text: whether prose says nothing (``정보 부족.``, ``해당 없음``, ``N/A`` ...).

DL501 reports the phrases; DL503 and DL506 leave a placeholder paragraph to DL501. The phrases,
patterns and word lists are the rule-pack data of ``placeholder-text`` (``rules/placeholders.yaml``
plus the configuration's ``rule-packs``): :func:`pack_data` gives them for a rule run.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator

from digestlint import rulepacks

if TYPE_CHECKING:
    from digestlint.rulepacks import RuleData
    from digestlint.analysis.prose import Prose

#: the rule-pack key of the placeholder phrases (``rules.placeholder-text`` in a pack)
PACK = "placeholder-text"
DEFAULT_FUZZY_THRESHOLD = 88

_LABEL_RE = re.compile(r"^\s*(?:[A-Za-z가-힣 ]{1,20}[:：]\s*)?")
_SENTENCE_END = "." + "!?。！？…"
_LONG_NORM_RE = re.compile(r"(?:[\s\W_]*[^\s\W_]){25}")
_TAIL_KEY = __name__ + ".tail"


def pack_data(ctx: Any) -> "RuleData":
    """The placeholder data (shipped packs, then the run's ``rule-packs``)."""
    return rulepacks.for_context(PACK, ctx)


def placeholder_spans(p: "Prose", data: "RuleData", threshold: float = DEFAULT_FUZZY_THRESHOLD) -> Iterator[tuple[int, int, str]]:
    """``(start, end, message)`` (offsets into ``doc.text``) of each placeholder in a paragraph's
    prose, once per place (the longest match at a start), in text order. ``threshold`` is the
    fuzzy similarity (0-100) for a paragraph that is a near miss of a phrase; 100: exact only."""
    found, label_end, body, body_core = _exact_matches(p, data)
    if not found and threshold < 100 and body_core:
        near = _fuzzy(body_core, data, threshold)
        if near is not None:
            start = label_end + (len(body) - len(body.lstrip()))
            found = ((start, start + len(body_core), f"near miss of placeholder {near!r}"),)
    if not found:
        return
    ordered = sorted(found, key=lambda f: (f[0], -f[1]))
    last_end = -1
    for s, e, message in ordered:
        if s < last_end:
            continue
        phrase = p.text[s:e]
        if data.allowed(phrase):
            continue
        last_end = e
        start, end = p.span(s, e)
        msg = message or "placeholder text instead of content"
        yield start, end, f"{msg}: {phrase!r}"


def is_placeholder(p: "Prose", data: "RuleData") -> bool:
    """Does the paragraph end in placeholder text (exact matches only)? Then the paragraph is
    DL501's finding, not a truncated sentence or a short section."""
    from digestlint.analysis import prose as prose_lib

    end = len(prose_lib.strip_end(p.masked))
    if end == 0:
        return False
    last = p.span(end - 1, end)[1] - 1
    return any(e >= last for _s, e, _m in placeholder_spans(p, data, 100))


_MEMO_KEY = __name__ + ".exact"


def _exact_matches(p, data):
    """``(found, label_end, body, body_core)`` of a paragraph: the exact (non-fuzzy) matches of
    the placeholder phrases and patterns as ``(start, end, message)`` in ``p.masked``. Computed
    once per paragraph and rule data (DL503 and DL506 ask whether a paragraph is a placeholder)."""
    memo = p.memo(_MEMO_KEY, dict)
    hit = memo.get(id(data))
    if hit is not None and hit[0] is data:
        return hit[1]
    value = _compute_exact(p.masked, data)
    memo[id(data)] = (data, value)
    return value


def _compute_exact(text, data):
    found: list[tuple[int, int, str]] = []
    tail_re = data.derived.get(_TAIL_KEY)
    if tail_re is None:
        tail_re = data.derived[_TAIL_KEY] = _tail_regex(sorted(data.word_list("tails"), key=len, reverse=True))
    label_end = _LABEL_RE.match(text).end()
    body = text[label_end:]
    body_core = body.strip().rstrip(_SENTENCE_END + " *_").strip() or body.strip()
    if body_core and len(body_core) <= 40:
        for ph in data.phrases:
            if ph.where == "alone" and ph.regex.fullmatch(body_core):
                start = label_end + (len(body) - len(body.lstrip()))
                found.append((start, start + len(body_core), ph.message or ""))
    lead_ins = None
    for ph, m in data.phrase_matches(text, ("sentence", "anywhere")):
        s, e = m.start(), m.end()
        if ph.where == "sentence":
            tm = tail_re.match(text, e)
            if tm is None:
                continue
            if lead_ins is None:
                lead_ins = data.word_list("lead-ins")
            if not _starts_sentence(text, s, label_end, lead_ins):
                continue
            e = tm.end("tail")
        found.append((s, e, ph.message or ""))
    anywhere_possible = data.patterns_may_match(text, ("anywhere",))
    for pat in data.patterns:
        if pat.where == "alone":
            m = pat.regex.fullmatch(body_core) if body_core else None
            if m:
                start = label_end + (len(body) - len(body.lstrip()))
                found.append((start, start + len(body_core), pat.message or ""))
            continue
        if not anywhere_possible:
            continue
        for m in pat.regex.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), m.end(), pat.message or ""))
    return tuple(found), label_end, body, body_core


def _tail_regex(tails) -> re.Pattern:
    alts = "|".join(r"\s*".join(re.escape(part) for part in t.split()) for t in tails)
    tail = f"(?:[ \\t]?(?:{alts}))?" if alts else ""
    # the phrase (+ tail) ends the sentence: punctuation, the end of the line, or the paragraph's end
    return re.compile(f"(?P<tail>{tail})[*_]*[ \\t]*(?:[{re.escape(_SENTENCE_END)}]|\\n|$)")


def _starts_sentence(text: str, start: int, label_end: int, lead_ins) -> bool:
    if start <= label_end:
        return True
    before = text[max(0, start - 80) : start].rstrip(" \t*_")
    if not before.strip():
        return True
    last = before[-1]
    if last in _SENTENCE_END + "\n,;:(-–—·":
        return True
    word = re.split(r"\s", before)[-1]
    return any(word.endswith(w) for w in lead_ins)


def _fuzzy(body: str, data, threshold: float):
    # normalise() keeps exactly the characters [^\s\W_] (casefold never shortens): with 25 of
    # them the normalised text is too long, found without normalising a long paragraph
    if _LONG_NORM_RE.match(body):
        return None
    norm = rulepacks.normalise(body)
    if not norm or len(norm) > 24:
        return None
    from rapidfuzz import fuzz

    best, best_score = None, 0.0
    for ph in data.phrases:
        if ph.where == "anywhere" or len(ph.norm) < 3:
            continue
        if len(norm) > 2 * len(ph.norm) + 2:
            continue
        score = fuzz.ratio(norm, ph.norm)
        if score > best_score:
            best, best_score = ph.text, score
    return best if best_score >= threshold else None
