import re

from digestlint import rulepacks
from digestlint.model import Violation
from digestlint.registry import Rule
from digestlint.rules import _prose

_LABEL_RE = re.compile(r"^\s*(?:[A-Za-z가-힣 ]{1,20}[:：]\s*)?")
_SENTENCE_END = "." + "!?。！？…"
_LONG_NORM_RE = re.compile(r"(?:[\s\W_]*[^\s\W_]){25}")


class PlaceholderText(Rule):
    """
    ## What it does
    Reports placeholder text where a section should have content: `정보 부족.`, `- 정보 부족`,
    `정보 부족이다.`, `정보가 부족함`, `해당 없음`, `N/A`, `TBD`, `TODO` …, alone or as what a
    sentence says (`…명확히 제시되지 않아 정보 부족이다.`). Reported at the phrase.

    The phrases are data: `rules/placeholders.yaml` (a rule pack), extended by the packs in the
    configuration key `rule-packs`. They are matched tolerantly: spacing (`정보부족`), case
    (`n/a`), a predicate tail (`정보 부족하다.`, words `tails`) and, for a paragraph that is only
    a near miss of a phrase, fuzzy similarity (option `fuzzy-threshold`). A phrase that is part
    of real content is not reported: `데이터 부족 문제로 …` or `깊이 정보가 부족하다.` (the phrase
    must end its sentence and start it or follow a connective such as `않아`, words `lead-ins`).
    Code spans, URLs, HTML and tables are not searched.

    ## Why
    A generator that found nothing to say writes a placeholder; published, it tells the reader
    nothing and looks broken. The section needs real content (or the paper needs regenerating).

    ## Example
    Bad:

        ## Limitations

        정보 부족.

    Good:

        ## Limitations

        현재 음성 정렬 데이터가 인간 중심 영상에 국한되어 있다.

    ## Fix safety
    No automatic fix: the missing content cannot be guessed.
    """

    id = "DL501"
    name = "placeholder-text"
    severity = "error"
    summary = "Placeholder text (정보 부족, 해당 없음, N/A, TODO ...) instead of content"
    options_schema = {
        "fuzzy-threshold": {
            "type": "number",
            "minimum": 50,
            "maximum": 100,
            "default": 88,
            "description": "similarity (0-100, rapidfuzz ratio) at which a short paragraph that is a near miss of a placeholder phrase is reported; 100 turns fuzzy matching off",
        },
    }

    def check(self, doc, ctx):
        data = rulepacks.for_context(self.id, ctx)
        threshold = ctx.options.get("fuzzy-threshold", 88)
        for _paper, section in _prose.paper_sections(doc):
            for _block, p in _prose.section_prose(doc, section):
                yield from self._check_prose(p, data, threshold)

    # ------------------------------------------------------------------ matching
    def _check_prose(self, p, data, threshold):
        found, label_end, body, body_core = _exact_matches(p, data)
        if not found and threshold < 100 and body_core:
            near = _fuzzy(body_core, data, threshold)
            if near is not None:
                start = label_end + (len(body) - len(body.lstrip()))
                found = [(start, start + len(body_core), f"near miss of placeholder {near!r}")]
        if not found:
            return
        # report each place once (the longest match at a start), in text order
        found = sorted(found, key=lambda f: (f[0], -f[1]))
        last_end = -1
        for s, e, message in found:
            if s < last_end:
                continue
            phrase = p.text[s:e]
            if data.allowed(phrase):
                continue
            last_end = e
            start, end = p.span(s, e)
            msg = message or "placeholder text instead of content"
            yield Violation(start, end, f"{msg}: {phrase!r}")


_MEMO_KEY = "digestlint.rules.dl501_placeholder_text.exact"


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
    tail_re = data.derived.get("dl501-tail")
    if tail_re is None:
        tail_re = data.derived["dl501-tail"] = _tail_regex(sorted(data.word_list("tails"), key=len, reverse=True))
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
