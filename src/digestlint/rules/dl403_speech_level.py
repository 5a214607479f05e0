import functools

from digestlint.analysis import prose as prose_lib
from digestlint.model import Violation
from digestlint.registry import Rule

REGISTER_NAMES = {"plain": "plain (…다.)", "polite": "polite (…니다. / …요.)", "nominal": "nominal (…함. / …음.)"}


class SpeechLevel(Rule):
    """
    ## What it does
    Classifies the ending of every sentence of the post's sections by speech level: plain
    (`…이다.`, `…하였다.`), polite (`…합니다.`, `…해요.`) or nominal (`…함.`, `…음.`), takes the
    post's dominant level as the norm and reports each sentence that departs from it, at the
    sentence's final word. Endings are data (`rules/language.yaml`, `registers`).

    ## Why
    A digest is written in one register; the odd polite sentence in a plain post is a
    generation slip that reads as careless.

    ## Example
    Bad: `본 연구는 새로운 방법을 제안한다. 성능이 크게 향상되었습니다.`
    Good: `본 연구는 새로운 방법을 제안한다. 성능이 크게 향상되었다.`

    ## Layouts
    Korean only: silent for every other target `language` (speech levels are a Korean notion).

    ## Fix safety
    No automatic fix: rewriting a verb ending needs Korean grammar, not a string replacement.

    ## Configuration
    `register`: `auto` (the post's dominant register, default) or a fixed `plain`, `polite` or
    `nominal`.
    """

    id = "DL403"
    name = "speech-level"
    severity = "warning"
    defers_to = ("DL501", "DL502")
    defers_why = (
        "the polite ending of a placeholder sentence (`정보가 부족합니다.`, DL501) or of model chatter (`다음은 … 요약입니다.`, DL502): the sentence should go, not change register"
    )
    summary = "A sentence whose speech level differs from the post's dominant one"
    options_schema = {
        "register": {
            "type": "string",
            "enum": ["auto", "plain", "polite", "nominal"],
            "default": "auto",
            "description": "the expected register; auto = the post's most frequent one",
        },
    }

    def check(self, doc, ctx):
        from digestlint import lang

        if lang.base_language(ctx.language) != "ko":
            return
        found = []  # (register, word_start, word_end, word)
        for _paper, _sec, _block, m in doc.language_prose():
            for s, e in m.units:
                hit = final_word(m.text, s - m.start, e - m.start)
                if hit is None:
                    continue
                ws, we, word = hit
                reg = classify(word)
                if reg is not None:
                    found.append((reg, m.start + ws, m.start + we, doc.text[m.start + ws:m.start + we]))
        if not found:
            return
        counts = {}
        for reg, *_ in found:
            counts[reg] = counts.get(reg, 0) + 1
        norm = ctx.options.get("register", "auto")
        configured = norm != "auto"
        if not configured:
            preferred = lang.language_data().get("preferred_register", "plain")
            best = max(counts.values())
            tied = [r for r in counts if counts[r] == best]
            norm = preferred if preferred in tied else sorted(tied)[0]
        total = len(found)
        for reg, s, e, word in found:
            if reg != norm:
                why = (f"the configured {REGISTER_NAMES[norm]} register" if configured else
                       f"a post written in the {REGISTER_NAMES[norm]} register "
                       f"({counts.get(norm, 0)} of {total} sentences)")
                yield Violation(s, e, f"{reg} sentence ending '{word}' in {why}")


_TRAIL = prose_lib.PUNCTUATION.final_word_trail


def final_word(text: str, s: int, e: int):
    """(start, end, Hangul tail) of the last word of ``text[s:e]`` ending in Hangul, else None."""
    from digestlint import lang

    while e > s and text[e - 1] in _TRAIL:
        e -= 1
    if e <= s or not lang.is_hangul(text[e - 1]):
        return None
    ws = e
    while ws > s and not text[ws - 1].isspace():
        ws -= 1
    t = e
    while t > ws and lang.is_hangul(text[t - 1]):
        t -= 1
    return ws, e, text[t:e]


@functools.lru_cache(maxsize=4096)  # sentence endings repeat (`제안한다`, `보였다`): classify each once
def classify(word: str):
    """``plain``, ``polite``, ``nominal`` or None for the final Hangul word of a sentence."""
    from digestlint import lang

    d = lang.language_data()
    if not word or word in _not_register(d) or any(word.endswith(x) and len(x) >= 2 for x in _not_register(d)):
        return None
    regs = d.get("registers", {})
    polite = regs.get("polite", {})
    if any(word.endswith(x) for x in polite.get("endings", [])):
        return "polite"
    if len(word) >= 2 and word.endswith("요") and (
        word[-2] in set(polite.get("polite_syllables", [])) or _contracted_eo(word[-2])
    ):
        return "polite"
    for name, spec in regs.items():
        if name == "polite":
            continue
        if len(word) >= 2 and any(word.endswith(x) for x in spec.get("endings", [])):
            return name
    return None


def _not_register(d):
    return d.get("not_register", [])


# vowels ㅏ ㅐ ㅓ ㅔ ㅕ ㅘ ㅙ ㅝ: an open syllable with one of them before 요 is a contracted
# 아요/어요 ending (빨라요, 봐요, 어려워요)
_EO_VOWELS = frozenset({0, 1, 4, 5, 6, 9, 10, 14})


def _contracted_eo(ch: str) -> bool:
    cp = ord(ch) - 0xAC00
    if not 0 <= cp < 11172:
        return False
    return cp % 28 == 0 and (cp // 28) % 21 in _EO_VOWELS
