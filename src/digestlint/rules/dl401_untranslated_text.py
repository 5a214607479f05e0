import re

from digestlint.model import Violation
from digestlint.registry import Rule

# a letter (or a numeric character: a superset is safe) that is not a Hangul syllable
_OTHER_LETTER_RE = re.compile(r"[^\W\d_\uac00-\ud7a3]")


class UntranslatedText(Rule):
    """
    ## What it does
    Reports a paragraph, list item or sentence of a section that is not in the target language
    (`language`, default `ko`): typically English left untranslated by the generator.

    Not counted: paper titles, Introduction labels (`Goal:`), code, URLs, link targets, math,
    numbers, and technical terms (acronyms, CamelCase and model names such as `LoRA`, `GPT-4o`,
    `ViMoGen-228K`, hyphenated terms such as `Mixture-of-Experts`). A run of plain English words
    without any function word (`flow matching`, `Anchor points`) is a term, not prose.

    The language is decided from the Unicode scripts of the words first (mostly Hangul: Korean;
    Latin prose with English function words: English); langdetect decides only mixed cases.

    ## Why
    A digest post is read in the target language; an English paragraph is an untranslated
    leftover of the source abstract.

    ## Example
    Bad:

        ## Results
        The proposed method outperforms all baselines on three benchmarks.

    Good:

        ## Results
        제안한 방법은 세 벤치마크에서 모든 기준 모델을 능가하였다.

    ## Fix safety
    No automatic fix: translating is a person's (or a model's) job.
    """

    id = "DL401"
    name = "untranslated-text"
    severity = "error"
    summary = "A paragraph or sentence of a section that is not in the target language"
    options_schema = {
        "min-words": {
            "type": "integer",
            "minimum": 1,
            "default": 4,
            "description": "shortest unit (in words, technical terms not counted) that is judged",
        },
    }

    def check(self, doc, ctx):
        from digestlint import lang

        target = lang.base_language(ctx.language)
        min_words = ctx.options.get("min-words", 4)
        # For a target written in Hangul, text whose letters are all Hangul syllables is the
        # target language or too short (never foreign): such blocks are skipped and such units
        # are identified only when their verdict matters (no other unit is in the target).
        hangul = lang.language_data().get("target_script", {}).get(target, "Latin") == "Hangul"
        lay = doc.layout
        exempt = bool(lay.language_exempt or lay.term_lists)
        for paper, _sec, block, m in doc.language_prose():
            if exempt and lay.exempt_from_language(_sec, block):
                continue
            text = m.text
            if hangul and not _OTHER_LETTER_RE.search(text):
                continue
            units = m.units
            verdicts = []
            pending = []
            for s, e in units:
                seg = text[s - m.start:e - m.start]
                if hangul and not _OTHER_LETTER_RE.search(seg):
                    pending.append(len(verdicts))
                    verdicts.append(None)
                else:
                    verdicts.append(lang.identify(seg, target, min_words))
            foreign = [v for v in verdicts if v is not None and v != target]
            if not foreign and any(v == target for v in verdicts):
                continue
            for idx in pending:
                s, e = units[idx]
                verdicts[idx] = lang.identify(text[s - m.start:e - m.start], target, min_words)
            if not foreign and not any(v == target for v in verdicts) and units:
                # no unit long enough on its own: judge the block as a whole
                whole = lang.identify(m.text, target, min_words)
                if whole is not None and whole != target:
                    s, e = units[0][0], units[-1][1]
                    yield self._violation(block, s, e, whole, True, target)
                continue
            if not foreign:
                continue
            i = 0
            n = len(units)
            while i < n:
                v = verdicts[i]
                if v is None or v == target:
                    i += 1
                    continue
                j = i
                k = i + 1
                while k < n and verdicts[k] != target:  # undecided units join the run
                    if verdicts[k] is not None:
                        j = k
                    k += 1
                decided = [x for x in verdicts if x is not None]
                whole = all(x != target for x in decided)
                yield self._violation(block, units[i][0], units[j][1], v, whole, target)
                i = j + 1

    def _violation(self, block, start, end, lang_code, whole, target):
        from digestlint import lang

        what = ("list item" if block.list_item else "paragraph") if whole else "sentence"
        return Violation(
            start,
            end,
            f"{what} in {lang.language_name(lang_code)}, not translated into "
            f"{lang.language_name(target)}",
        )
