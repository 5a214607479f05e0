from decimal import Decimal

from digestlint.model import Violation
from digestlint.registry import Rule
from digestlint.analysis import numbers as num_lib


class ImpossiblePercentage(Rule):
    """
    ## What it does
    Reports a percentage above 100 given as the value of an accuracy-like metric: accuracy,
    precision, recall, F1, success rate, pass@1 …, `정확도`, `성공률`, `准确率`, `正解率` (the
    list is data: `bounded-metrics` in `rules/numbers.yaml`). `320억 파라미터 모델은 9091%의
    정확도` is reported as a lost decimal point (`90.91%?`).

    How numbers are matched: the metric word must be in the same clause as the percentage (up to
    30 characters before it or 14 after it, not across a comma, semicolon or sentence end). A
    clause that describes a change (`향상`, `개선`, `대비`, `improved by`, `higher`, `提升` …,
    `change-words` in the data) is left alone: a relative gain may exceed 100% (`처리량 127%
    향상`). Percentage points (`3.2%p`) are differences and never reported.

    ## Why
    A share cannot exceed 100%: the number lost its decimal point (`90.91%` -> `9091%`) or
    was garbled in generation, and readers quote it.

    ## Example
    Bad:

        320억 파라미터 모델은 9091%의 정확도를 기록하였다.

    Good:

        320억 파라미터 모델은 90.91%의 정확도를 기록하였다.

    ## Fix safety
    No automatic fix: where the decimal point belongs is the paper's to say; the message gives
    the likely value.
    """

    id = "DL702"
    name = "impossible-percentage"
    severity = "error"
    summary = "An accuracy-like percentage above 100 or with a lost decimal point (9091%의 정확도)"

    def check(self, doc, ctx):
        from digestlint import lang

        language = lang.base_language(ctx.language)
        if not num_lib.may_have_percentages(doc.text, language):
            return
        for paper in doc.papers:
            for m in num_lib.paper_numbers(doc, paper, language):
                n = m.number
                if n.kind != num_lib.PERCENT or n.value <= 100 or m.where != "section":
                    continue
                left, right = num_lib.clause_around(m.text, n.start, n.end)
                metric = num_lib.metric_word(left, right, language)
                if metric is None:
                    continue
                if num_lib.change_word(left + " " + right, language) is not None:
                    continue
                yield Violation(m.start, m.end, _message(n, metric))


def _message(n, metric: str) -> str:
    digits = n.mantissa
    shown = f"{digits}%"
    if "." not in digits and len(digits) >= 3 and digits.rstrip("0") != digits[:1]:
        likely = num_lib.plain_decimal(Decimal(digits[:2] + "." + digits[2:]))
        return f"{shown} as {metric!r} is impossible (a share is at most 100%): a lost decimal point? probably {likely}%"
    return f"{shown} as {metric!r} is impossible: a share is at most 100%"
