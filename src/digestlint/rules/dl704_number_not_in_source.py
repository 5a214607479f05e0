from digestlint.model import Violation
from digestlint.registry import Rule
from digestlint.analysis import numbers as num_lib
from digestlint.analysis import sources as sources_lib


class NumberNotInSource(Rule):
    """
    ## What it does
    Reports a number of a paper's summary that the paper's source (configured `sources`) does
    not contain: a result, a size or a share the summary made up or garbled. A warning when the
    source is the full text; info when it is only the title and abstract (an abstract gives few
    of a paper's numbers). The message quotes the source's kind and ID.

    How numbers are matched: the summary's numbers and the source's are read with their units
    (`rules/numbers.yaml`) and compared by value, so `140억` matches `14B` or `14 billion`,
    `2,350억` matches `235B`, `12.3%` matches `12.3 %` or `12.3 percent`, `0.6억` of a range
    matches `0.6 to 235 billion` only as 0.6 billion. A summary number rounded from the source's
    (`81.5` -> `82`, `90.91` -> `90.9`) is in the source, and so are digits written in the source
    in any form (`10배` beside `10x`). Checked: percentages, numbers with a magnitude, decimals
    and integers from 10 on (small counts such as `세 가지` are not facts to check); not numbers
    in names (`GPT-4`), percentage points (a difference of two of the source's numbers) or
    fractions (`4.5/5`: the generator's own rating).
    Digits that the source writes with another magnitude (`1.3亿` for `1.3 billion`) are
    DL701's, which quotes the source, when DL701 is enabled.

    ## Why
    A summary is read as a faithful account of the paper; a number that is not in the paper is
    a fact the reader cannot trust.

    ## Example
    Bad (the abstract says "accuracy of 81.5%"):

        MATH에서 85.1%의 정확도를 달성하였다.

    Good:

        MATH에서 81.5%의 정확도를 달성하였다.

    ## Fix safety
    No automatic fix: the right number is the paper's.
    """

    id = "DL704"
    name = "number-not-in-source"
    severity = "warning"
    summary = "A number of the summary that the paper's source does not contain (info when the source is only the abstract)"
    defers_to = ("DL701",)
    defers_why = "digits the source writes with another magnitude are a wrong magnitude (DL701 quotes the source), not a missing number"

    def check(self, doc, ctx):
        from digestlint import lang

        language = lang.base_language(ctx.language)
        for paper, src, _s, _e in sources_lib.paper_sources(doc, ctx):
            facts = sources_lib.facts(src, language)
            severity = None if src.full else "info"
            for m in num_lib.paper_numbers(doc, paper, language):
                n = m.number
                if m.where != "section" or not _checked(n) or _fraction(m.text, n):
                    continue
                if _present(n, facts):
                    continue
                if "DL701" in ctx.deferred and n.has_magnitude and _other_magnitude(n, facts):
                    continue
                yield Violation(
                    m.start,
                    m.end,
                    f"'{m.text[n.start:n.end]}' ({num_lib.describe(n)}) is not in the source of {src.id} "
                    f"({src.kind}, {src.origin_name})",
                    severity=severity,
                )


def _checked(n) -> bool:
    if n.in_name or n.kind == num_lib.POINTS:
        return False
    if n.kind in (num_lib.PERCENT, num_lib.EAST_ASIAN, num_lib.ENGLISH):
        return True
    return "." in n.mantissa or n.value >= 10


def _fraction(text: str, n) -> bool:
    """`4.5/5`, `27/32`: a rating or a count out of a total (the generator's scores are not the
    paper's numbers)."""
    if n.kind != num_lib.PLAIN:
        return False
    after = text[n.end : n.end + 2]
    before = text[max(0, n.start - 2) : n.start]
    return (after[:1] == "/" and after[1:2].isdigit()) or (before[1:2] == "/" and before[:1].isdigit())


def _present(n, facts) -> bool:
    if n.value.normalize() in facts.values:
        return True
    return n.kind in (num_lib.PLAIN, num_lib.PERCENT) and n.mantissa in facts.digits


def _other_magnitude(n, facts) -> bool:
    return any(s.value != n.value for s in facts.magnitudes.get(n.mantissa, ()))
