import re

from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule
from digestlint.analysis import numbers as num_lib
from digestlint.analysis import sources as sources_lib


class NumberMagnitude(Rule):
    """
    ## What it does
    Reports a number written with an East Asian magnitude (`14억`, `1.3亿`, `10億`, `3万`) whose
    digits appear elsewhere in the same paper with an English magnitude or inside a model name,
    with another value: `14억 매개변수 규모의 … rStar2-Agent` beside `rStar2-Agent-14B` (14B is
    `140억`, not `14억`), `10.8억 파라미터 모델` beside `10.8B 모델`. The message gives the right
    form (`14B = 140억`).

    How numbers are matched: every number of the paper's title and sections is read with what
    follows it (`rules/numbers.yaml`: Korean `만 억 조 천만 …`, Chinese `万 亿 千万 …`, Japanese
    `万 億 兆 …`; English `K M B T`, `million`, `billion`, a model name's `-14B`), separators
    and trailing zeros dropped (`2,350억` is 2350 × 10^8). Two numbers are the same quantity
    written twice when their digits are equal (`14` and `14`). A paper that writes the value
    right somewhere (`140억` or `1.4B` beside the `14억`) is not reported, nor are two numbers
    that count different things (`7B` parameters and `7억 개의 토큰`, money). Compound numbers
    (`32만 5천`) and numbers inside names (`Qwen2.5`) are left alone.

    With a source (configured `sources`, see `digestlint sources fetch`): a number with a
    magnitude whose digits the paper's source writes with another magnitude, and whose value the
    source does not give, is reported with the source's words quoted (`'0.6억' is 60M, but the
    abstract of 2505.09388 says "…ranging from 0.6 to 235 billion…": 0.6 billion = 6억`). This
    finds the digit-for-digit translations that the post alone cannot show (`1.3亿参数模型phi-1.5`).

    ## Why
    Language models translate `14B` digit for digit as `14억` (1.4 billion) and `1.3B` as
    `1.3亿` (130 million): the summary is then wrong by a factor of ten, and no reader can tell.

    ## Example
    Bad:

        14억 매개변수 규모의 모델 rStar2-Agent-14B는 …

    Good:

        140억 매개변수 규모의 모델 rStar2-Agent-14B는 …

    ## Fix safety
    Unsafe fix: the number is rewritten with the other one's value (`14억` -> `140억`); which of
    the two is right is the paper's to say, so check it.
    """

    id = "DL701"
    name = "number-magnitude"
    severity = "error"
    summary = "A number whose magnitude contradicts the same digits elsewhere in the paper (14억 beside …-14B)"
    fixable = True

    def check(self, doc, ctx):
        from digestlint import lang

        language = lang.base_language(ctx.language)
        sourced = sources_lib.paper_sources(doc, ctx)  # [] without a sources store
        if not sourced and not num_lib.may_have_magnitudes(doc.text, language):
            return
        source_of = {id(paper): src for paper, src, _s, _e in sourced}
        for paper in doc.papers:
            mentions = num_lib.paper_numbers(doc, paper, language)
            reported: set[int] = set()
            east = [m for m in mentions if m.number.kind == num_lib.EAST_ASIAN and not m.number.compound and m.number.exponent >= 4]
            english = [m for m in mentions if m.number.kind == num_lib.ENGLISH and m.number.exponent >= 3]
            if east and english:
                for q in east:
                    if q.number.value in (e.number.value for e in english):
                        continue
                    other = _same_digits(q, english, language)
                    if other is None:
                        continue
                    reported.add(q.start)
                    yield _finding(doc, q, other, language)
            src = source_of.get(id(paper))
            if src is not None:
                yield from _against_source(mentions, src, language, reported)


def _against_source(mentions, src, language, reported):
    facts = sources_lib.facts(src, language)
    for q in mentions:
        n = q.number
        if q.where != "section" or q.start in reported or not n.has_magnitude or n.compound or n.in_name:
            continue
        if n.value.normalize() in facts.values:
            continue
        others = [s for s in facts.magnitudes.get(n.mantissa, ()) if s.value != n.value]
        if not others:
            continue
        s = others[0]
        words = sources_lib.quote(facts.text, s.start, s.end)
        said = f"{s.mantissa} {s.unit.strip()}".strip() if s.unit.strip().isalpha() and len(s.unit.strip()) > 1 else f"{s.mantissa}{s.unit.strip()}"
        if n.kind == num_lib.EAST_ASIAN:
            correct = num_lib.east_asian_form(s.value, language)
        else:
            correct = num_lib.english_form(s.value)
        message = (
            f"'{n.text_form}' is {num_lib.describe(n)}, but the {src.kind} of {src.id} says \"{words}\": "
            f"{said} = {correct}"
        )
        fix = Fix((Edit(q.start, q.end, correct),), safe=False, description=f"write {correct}")
        yield Violation(q.start, q.end, message, fix=fix)


def _same_digits(q, english, language):
    kq = num_lib.counted_kind(q.text, q.number.end, language)
    for e in english:
        if e.number.mantissa != q.number.mantissa or e.number.value == q.number.value:
            continue
        ke = num_lib.counted_kind(e.text, e.number.end, language, e.number.in_name)
        if kq is not None and ke is not None and kq != ke:
            continue
        return e
    return None


_NAME_RE = re.compile(r"[A-Za-z0-9._-]*\Z")
_NAME_TAIL_RE = re.compile(r"[A-Za-z0-9._-]*")


def _name_around(m) -> str:
    """The name a number sits in (`rStar2-Agent-14B`), or the number itself."""
    text = m.text
    s, e = m.number.start, m.number.end
    head = _NAME_RE.search(text, max(0, s - 40), s)
    tail = _NAME_TAIL_RE.match(text, e, e + 40)
    start = head.start() if head else s
    end = tail.end() if tail else e
    return text[start:end].strip("._-")


def _finding(doc, q, other, language):
    correct = num_lib.east_asian_form(other.number.value, language)
    eng = f"{other.number.mantissa}{other.number.unit.strip()}"
    line = doc.position(other.start)[0]
    said = f"{_name_around(other)}, line {line}" if other.number.in_name else f"line {line}"
    message = (
        f"'{q.number.text_form}' is {num_lib.describe(q.number)}, but this paper also writes {eng} ({said}): "
        f"{eng} = {correct}"
    )
    fix = Fix((Edit(q.start, q.end, correct),), safe=False, description=f"write {correct}")
    return Violation(q.start, q.end, message, fix=fix)
