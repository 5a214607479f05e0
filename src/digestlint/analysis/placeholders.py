"""Placeholder text: whether prose says nothing (``정보 부족.``, ``해당 없음``, ``N/A`` ...).

DL501 reports the phrases; DL503 and DL506 leave a placeholder paragraph to DL501. The phrases,
patterns and word lists are the rule-pack data of ``placeholder-text`` (``rules/placeholders.yaml``
plus the configuration's ``rule-packs``): :func:`pack_data` gives them for a rule run.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional

from digestlint import rulepacks
from digestlint.analysis import prose as prose_lib

if TYPE_CHECKING:
    from digestlint.rulepacks import RuleData
    from digestlint.analysis.prose import Prose

#: the rule-pack key of the placeholder phrases (``rules.placeholder-text`` in a pack)
PACK = "placeholder-text"
DEFAULT_FUZZY_THRESHOLD = 88

_LABEL_RE = re.compile(r"^\s*(?:[A-Za-z가-힣 ]{1,20}[:：]\s*)?")
_SENTENCE_END = prose_lib.TERMINAL
#: what a sentence starting a placeholder phrase may follow: a sentence end, a line break, a clause break
_CLAUSE_START = prose_lib.TERMINAL + "\n" + prose_lib.PUNCTUATION.clause_start
_LONG_NORM_RE = re.compile(r"(?:[\s\W_]*[^\s\W_]){25}")
_TAIL_KEY = __name__ + ".tail"


def pack_data(ctx: Any) -> "RuleData":
    """The placeholder data (shipped packs, then the run's ``rule-packs``)."""
    return rulepacks.for_context(PACK, ctx)


def section_names(ctx: Any, section: Any) -> tuple:
    """The casefolded names a section is known by for the packs' ``sections`` scopes: its
    heading's name and the required section it resolves to (``Limitaions`` -> limitations)."""
    return section_namer(ctx)(section)


def section_namer(ctx: Any) -> Callable[[Any], tuple]:
    """:func:`section_names` for the sections of one rule run: the section model is looked up
    once (``ctx.sections`` builds its key from the settings at every call), not per section."""
    try:
        spec = ctx.sections
    except Exception:  # no section model for this run (a rule context without settings)
        spec = None

    def names_of(section: Any) -> tuple:
        names = [" ".join(section.name.split()).casefold()]
        try:
            match = spec.classify(section.name) if spec is not None else None
        except Exception:
            match = None
        if match is not None:
            names.append(match.canonical.casefold())
        return tuple(dict.fromkeys(names))

    return names_of


def placeholder_spans(p: "Prose", data: "RuleData", threshold: float = DEFAULT_FUZZY_THRESHOLD,
                      section: Optional[tuple] = None) -> Iterator[tuple[int, int, str]]:
    """``(start, end, message)`` (offsets into ``doc.text``) of each placeholder in a paragraph's
    prose, once per place (the longest match at a start), in text order. ``threshold`` is the
    fuzzy similarity (0-100) for a paragraph that is a near miss of a phrase; 100: exact only.
    ``section``: :func:`section_names` of the paragraph's section (patterns scoped to sections
    apply only there; None: every pattern applies)."""
    found, label_end, body, body_core = _exact_matches(p, data, section)
    if not found and threshold < 100 and body_core:
        near = _fuzzy(body_core, data, threshold)
        if near is not None:
            start = label_end + (len(body) - len(body.lstrip()))
            found = ((start, start + len(body_core), f"near miss of placeholder {near!r}"),)
    if not found:
        return
    starts = p.folded[1]
    if starts is not None:  # matched on the folded text: back to the text's own characters
        found = tuple((starts[s], starts[e], m) for s, e, m in found)
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


def is_placeholder(p: "Prose", data: "RuleData", section: Optional[tuple] = None) -> bool:
    """Does the paragraph end in placeholder text (exact matches only)? Then the paragraph is
    DL501's finding, not a truncated sentence or a short section."""
    end = len(prose_lib.strip_end(p.masked))
    if end == 0:
        return False
    last = p.span(end - 1, end)[1] - 1
    return any(e >= last for _s, e, _m in placeholder_spans(p, data, 100, section))


_MEMO_KEY = __name__ + ".exact"
_ALONE_KEY = __name__ + ".has-alone-patterns"


def _exact_matches(p, data, section=None):
    """``(found, label_end, body, body_core)`` of a paragraph: the exact (non-fuzzy) matches of
    the placeholder phrases and patterns as ``(start, end, message)`` in ``p.masked``. Computed
    once per paragraph and rule data (DL503 and DL506 ask whether a paragraph is a placeholder)."""
    memo = p.memo(_MEMO_KEY, dict)
    key = (id(data), section)
    hit = memo.get(key)
    if hit is not None and hit[0] is data:
        return hit[1]
    value = _compute_exact(p.folded[0], data, section)
    memo[key] = (data, value)
    return value


def _compute_exact(text, data, section=None):
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
            cm = None
            if tm is None:
                # the placeholder as the cause of saying nothing (`정보 부족으로 인해 한계를 기술할
                # 수 없다`, `…분석은 정보 부족으로 명확하지 않다`)
                cm = _cause_regex(data).match(text, e)
                if cm is None:
                    continue
            if lead_ins is None:
                lead_ins = (data.word_list("lead-ins"), data.word_list("topics"), data.word_list("not-topics"))
            if not _starts_sentence(text, s, label_end, *lead_ins):
                continue
            e = tm.end("tail") if tm is not None else cm.end("cause")
        elif _is_term(ph, text, e, data):
            continue  # `TODO 리스트 기반 환경 초기화`: a term of the paper, not a placeholder
        found.append((s, e, ph.message or ""))
    anywhere_possible = data.patterns_may_match(text, ("anywhere",), section)
    has_alone = data.derived.get(_ALONE_KEY)
    if has_alone is None:
        has_alone = data.derived[_ALONE_KEY] = any(pat.where == "alone" for pat in data.patterns)
    for pat in data.patterns if anywhere_possible or has_alone else ():
        if pat.sections and not pat.applies_in(section):
            continue
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


_CAUSE_KEY = __name__ + ".cause"
_TERM_WORD_RE = re.compile(r"[ \t]+([\uac00-\ud7a3]+)")


def _cause_regex(data) -> re.Pattern:
    """A cause connective (words ``causes``) followed, in the same sentence, by a predicate that
    says nothing can be said (words ``unknowns``)."""
    rx = data.derived.get(_CAUSE_KEY)
    if rx is None:
        def alts(words):
            return "|".join(r"\s*".join(re.escape(p) for p in w.split()) for w in sorted(words, key=len, reverse=True))

        causes, unknowns = alts(data.word_list("causes")), alts(data.word_list("unknowns"))
        if causes and unknowns:
            stops = prose_lib.char_class(prose_lib.PUNCTUATION.cause_stops + "\n")[1:-1]
            rx = re.compile(f"(?P<cause>[ \\t]?(?:{causes}))[ \\t][^{stops}]{{0,80}}?(?:{unknowns})")
        else:
            rx = re.compile(r"(?!)")
        data.derived[_CAUSE_KEY] = rx
    return rx


def _is_term(ph, text: str, end: int, data) -> bool:
    """Is a Latin placeholder word (``TODO``, ``N/A``) directly followed by a Korean noun, so that
    the two are one term (`TODO 리스트`)? Not a noun: one syllable (a particle written apart, `TODO
    로`), a word starting with one of ``not-terms`` (`으로`, `상태`, `예정`) or a predicate tail."""
    if not ph.text[-1:].isascii() or not ph.text[-1:].isalpha():
        return False
    m = _TERM_WORD_RE.match(text, end)
    if m is None:
        return False
    word = m.group(1)
    if len(word) < 2:
        return False
    breaks = [t for t in data.word_list("tails") if " " not in t] + list(data.word_list("not-terms"))
    return not any(word.startswith(t) for t in breaks)


def _starts_sentence(text: str, start: int, label_end: int, lead_ins, topics=(), not_topics=()) -> bool:
    if start <= label_end:
        return True
    before = text[max(0, start - 80) : start].rstrip(" \t*_")
    if not before.strip():
        return True
    last = before[-1]
    if last in _CLAUSE_START:
        return True
    word = re.split(r"\s", before)[-1]
    if any(word.endswith(w) for w in lead_ins):
        return True
    # after a topic (`…일반화는 정보 부족하다`), not after an adnominal form (`사용하는 정보가 부족하다`)
    return len(word) > 1 and any(word.endswith(t) for t in topics) and not any(word.endswith(x) for x in not_topics)


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
