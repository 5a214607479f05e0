import re

from digestlint.model import Violation
from digestlint.registry import Rule

# a label starting a sentence (`Goal:`, `**Contribution**:`, `목표:`), left out of the comparison
_LABEL_RE = re.compile(r"[^\s:：]{1,20}(?: [^\s:：]{1,20})?[ \t]?[:：][ \t]*")


class RepeatedSentence(Rule):
    """
    ## What it does
    Reports a sentence that appears twice in one paper's sections (after normalising spacing,
    emphasis markers, case and the final punctuation, and without a label such as `Goal:` at
    its start), as a generation loop produces: also across sections (a Conclusion that repeats
    the Introduction's `Goal:` item word for word). Every repetition after the first is reported
    at its start, naming the line of the first.
    Sentences shorter than `min-chars` (`정보 부족.` twice is DL501's business) are ignored.

    ## Why
    A model caught in a loop repeats sentences; the repetition is noise and a sign the summary
    needs regenerating.

    ## Example
    Bad:

        본 연구는 새로운 방법을 제안한다. 본 연구는 새로운 방법을 제안한다.

    Good:

        본 연구는 새로운 방법을 제안한다.

    ## Fix safety
    No automatic fix: deleting the repetition may leave a section that still needs content.
    """

    id = "DL505"
    name = "repeated-sentence"
    severity = "warning"
    defers_to = ("DL206", "DL504")
    defers_why = (
        "the sentences of a duplicated section (DL206 covers the whole section) or of a section that is"
        " mostly a copy of another (DL504 covers the copying section)"
    )
    summary = "The same sentence twice in one paper (a generation loop)"
    options_schema = {
        "min-chars": {
            "type": "integer",
            "minimum": 1,
            "default": 15,
            "description": "sentences with fewer characters (normalised) are not compared",
        },
    }

    def check(self, doc, ctx):
        min_chars = ctx.options.get("min-chars", 15)
        for paper in doc.papers:
            seen: dict[str, tuple] = {}  # normalised sentence -> (prose, start in it) of its first occurrence
            for sec in paper.sections:
                for _block, p in doc.section_prose(sec):
                    for (s, e), key in zip(p.sentences, p.sentence_keys):
                        if ":" in key or "：" in key:
                            m = _LABEL_RE.match(key)
                            if m is not None:
                                key = key[m.end():]
                        if len(key) < min_chars:
                            continue
                        first = seen.get(key)
                        if first is not None:
                            start, end = p.span(s, e)
                            first_line = doc.position(first[0].offset(first[1]))[0]
                            yield Violation(
                                start,
                                end,
                                f"this sentence repeats the one on line {first_line} (a generation loop?): delete the repetition",
                            )
                        else:
                            seen[key] = (p, s)
