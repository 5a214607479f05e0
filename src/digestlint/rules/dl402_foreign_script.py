import functools
import re

from digestlint.analysis import prose as prose_lib
from digestlint.model import Violation
from digestlint.registry import Rule


class ForeignScript(Rule):
    """
    ## What it does
    Reports letters of a script that does not belong in prose of the target language: Han,
    Kana, Cyrillic, Arabic … inside Korean text, as language models leave them when they slip
    into another language mid-word (`평가를 масштаб화하며`, `부분적으로 интегレ이트하면서도`,
    `통합 模型`, `インテグ`). One finding per run of foreign letters, at its first character.

    Allowed: Hangul and Latin (English terms, `LoRA`, `GPT-4o`); a Hanja gloss in parentheses
    right after a word (`영(零)비용`); Greek letters used as symbols (`α`, `δ 계산`, at most
    `greek-max-run` letters in a row) and anything inside math (`$…$`), code spans, URLs and
    link targets. Digits, punctuation and symbols are never reported.

    ## Why
    A Cyrillic or Japanese fragment inside a Korean sentence is unreadable to the blog's readers
    and a sure sign of a generation glitch.

    ## Example
    Bad: `평가를 масштаб화하며`   Good: `평가를 확장하며`

    ## Fix safety
    No automatic fix: the intended Korean word has to be written by a person.

    ## Configuration
    The allowed scripts per target language are data (`rules/language.yaml`, `allowed_scripts`);
    `allowed-scripts` overrides them for a blog.
    """

    id = "DL402"
    name = "foreign-script"
    severity = "error"
    summary = "Letters of a foreign script (Han, Kana, Cyrillic …) in target-language prose"
    options_schema = {
        "allowed-scripts": {
            "type": "array",
            "items": {"type": "string"},
            "description": "scripts allowed in prose (default: rules/language.yaml for the target language)",
        },
        "greek-max-run": {
            "type": "integer",
            "minimum": 0,
            "description": "longest run of Greek letters treated as symbols (default from rules/language.yaml)",
        },
    }

    def defaults(self):
        from digestlint import lang

        d = lang.language_data()
        return {"greek-max-run": int(d.get("greek_symbol_max_run", 3))}

    def check(self, doc, ctx):
        from digestlint import lang

        d = lang.language_data()
        target = lang.base_language(ctx.language)
        allowed = ctx.options.get("allowed-scripts")
        if allowed is None:
            allowed = d.get("allowed_scripts", {}).get(target, ["Latin"])
        allowed = frozenset(allowed)
        gloss = frozenset(d.get("parenthesised_gloss_scripts", {}).get(target, []))
        greek_max = ctx.options.get("greek-max-run", 3)
        # Letters of a script that is not allowed, anywhere in the file: one regex pass skips
        # ASCII, whitespace and the allowed common scripts; the few other characters left
        # (punctuation such as `·` or `—`, foreign letters) are looked up one by one. Masking
        # only blanks characters, so a block without any of them has nothing to report.
        found = set(_candidate_re(allowed).findall(doc.text))
        bad = [c for c in found if lang.script_of(c) not in allowed and lang.script_of(c) is not None]
        if not bad:
            return
        lay = doc.layout
        exempt = bool(lay.language_exempt or lay.term_lists)
        for paper, _sec, block in prose_lib.all_prose_blocks(doc):
            if exempt and lay.exempt_from_language(_sec, block):
                continue
            raw = doc.text[block.start:block.end]
            if not any(c in raw for c in bad):
                continue
            m = prose_lib.mask_region(raw, block.start, labels=False)
            yield from self._runs(m, allowed, gloss, greek_max, target)

    def _runs(self, m, allowed, gloss, greek_max, target):
        from digestlint import lang

        text = m.text
        n = len(text)
        flags = [None] * n  # script of a disallowed letter
        i = 0
        while i < n:
            s = lang.script_of(text[i])
            if s is None or s in allowed:
                i += 1
                continue
            if s == "Greek":
                j = i
                while j < n and lang.script_of(text[j]) == "Greek":
                    j += 1
                if j - i > greek_max:
                    for k in range(i, j):
                        flags[k] = "Greek"
                i = j
                continue
            flags[i] = s
            i += 1
        i = 0
        while i < n:
            if flags[i] is None:
                i += 1
                continue
            j = i
            scripts = []
            while True:
                while j < n and (flags[j] is not None or _is_mark(text[j])):
                    if flags[j] is not None and flags[j] not in scripts:
                        scripts.append(flags[j])
                    j += 1
                k = j
                while k < n and text[k] == " ":
                    k += 1
                if k > j and k < n and flags[k] is not None:  # words of one foreign phrase
                    j = k
                    continue
                break
            if not self._gloss(text, i, j, flags, gloss):
                ws, we = lang.word_at(m.raw, i, j)
                word = m.raw[ws:we].strip(prose_lib.PUNCTUATION.around_word)
                run = m.raw[i:j]
                names = "/".join(scripts)
                where = f" (in '{word}')" if word and word != run else ""
                yield Violation(
                    m.start + i,
                    m.start + j,
                    f"{names} characters '{run}' in {lang.language_name(target)} text{where}",
                )
            i = j

    @staticmethod
    def _gloss(text, i, j, flags, gloss) -> bool:
        """A Hanja gloss in parentheses right after a word: ``영(零)비용``, ``사고 (思考)``."""
        if not gloss or any(f not in gloss for f in flags[i:j] if f is not None):
            return False
        if i == 0 or text[i - 1] not in "(（" or j >= len(text) or text[j] not in ")）":
            return False
        k = i - 2
        if k >= 0 and text[k] == " ":
            k -= 1
        from digestlint import lang

        return k >= 0 and lang.is_hangul(text[k])


@functools.lru_cache(maxsize=16)
def _candidate_re(allowed: frozenset) -> re.Pattern:
    """Any character except ASCII non-letters, white space, and the letters of the allowed
    scripts that are cheap to name (ASCII Latin, Hangul syllables)."""
    cls = r"\x00-\x40\x5b-\x60\x7b-\x7f\s"
    if "Latin" in allowed:
        cls += "A-Za-z"
    if "Hangul" in allowed:
        cls += r"\uac00-\ud7a3"
    return re.compile(f"[^{cls}]")


def _is_mark(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch).startswith("M")
