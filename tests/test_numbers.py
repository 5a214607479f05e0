"""The number reader (digestlint.analysis.numbers): numbers with their units in Korean, Chinese,
Japanese and English, normalised to values; ranges, names, labels; the target-language forms."""

from __future__ import annotations

from decimal import Decimal

import pytest

from digestlint.analysis import numbers as N


def read(text: str, language: str = "ko") -> list[tuple[str, str, str, str]]:
    """(text of the number, kind, value as plain digits, mantissa) of every number read."""
    return [(text[n.start : n.end], n.kind, N.plain_decimal(n.value), n.mantissa) for n in N.read_numbers(text, language)]


@pytest.mark.parametrize(
    "language,text,expected",
    [
        # Korean magnitudes
        ("ko", "14억 매개변수", [("14억", "east-asian", "1400000000", "14")]),
        ("ko", "2,350억 개", [("2,350억", "east-asian", "235000000000", "2350")]),
        ("ko", "6천만 개의 문장", [("6천만", "east-asian", "60000000", "6")]),
        ("ko", "1.2조 토큰", [("1.2조", "east-asian", "1200000000000", "1.2")]),
        ("ko", "3조 토큰으로", [("3조", "east-asian", "3000000000000", "3")]),
        ("ko", "10억", [("10억", "east-asian", "1000000000", "10")]),
        ("ko", "1천억 원", [("1천억", "east-asian", "100000000000", "1")]),
        ("ko", "3백만 장", [("3백만", "east-asian", "3000000", "3")]),
        ("ko", "5만", [("5만", "east-asian", "50000", "5")]),
        ("ko", "0.6억에서 235억 파라미터", [("0.6억", "east-asian", "60000000", "0.6"), ("235억", "east-asian", "23500000000", "235")]),
        # compounds are one value
        ("ko", "32만 5천 개 이상의 인스턴스", [("32만 5천", "east-asian", "325000", "32")]),
        ("ko", "1억 2천만", [("1억 2천만", "east-asian", "120000000", "1")]),
        ("ko", "1억2천만", [("1억2천만", "east-asian", "120000000", "1")]),
        # Chinese
        ("zh", "1.3亿参数模型", [("1.3亿", "east-asian", "130000000", "1.3")]),
        ("zh", "13亿参数", [("13亿", "east-asian", "1300000000", "13")]),
        ("zh", "3万条", [("3万", "east-asian", "30000", "3")]),
        ("zh", "2500亿token", [("2500亿", "east-asian", "250000000000", "2500")]),
        ("zh", "5千万", [("5千万", "east-asian", "50000000", "5")]),
        ("zh", "1.2万亿", [("1.2万亿", "east-asian", "1200000000000", "1.2")]),
        ("zh", "3兆字节", [("3", "plain", "3", "3")]),  # zh 兆 is ambiguous: not a magnitude
        # Japanese
        ("ja", "10億パラメータ", [("10億", "east-asian", "1000000000", "10")]),
        ("ja", "3万件", [("3万", "east-asian", "30000", "3")]),
        ("ja", "1兆トークン", [("1兆", "east-asian", "1000000000000", "1")]),
        ("ja", "700億", [("700億", "east-asian", "70000000000", "700")]),
        # English
        ("ko", "14B 모델", [("14B", "english", "14000000000", "14")]),
        ("ko", "14B의 성능", [("14B", "english", "14000000000", "14")]),
        ("ko", "1.5M개의 샘플", [("1.5M", "english", "1500000", "1.5")]),
        ("en", "7 billion parameters", [("7 billion", "english", "7000000000", "7")]),
        ("en", "1.3 Billion", [("1.3 Billion", "english", "1300000000", "1.3")]),
        ("en", "3T tokens and 8K context", [("3T", "english", "3000000000000", "3"), ("8K", "english", "8000", "8")]),
        ("en", "a 2.5bn budget", [("2.5bn", "english", "2500000000", "2.5")]),
        # percent and points
        ("ko", "12.3%의 향상", [("12.3%", "percent", "12.3", "12.3")]),
        ("ko", "12.3 퍼센트", [("12.3 퍼센트", "percent", "12.3", "12.3")]),
        ("en", "12 percent", [("12 percent", "percent", "12", "12")]),
        ("ko", "3.2%p 상승", [("3.2%p", "points", "3.2", "3.2")]),
        ("en", "by 3.2 percentage points", [("3.2 percentage points", "points", "3.2", "3.2")]),
        ("zh", "提升3个百分点", [("3个百分点", "points", "3", "3")]),
        # plain numbers, separators, trailing zeros
        ("ko", "FID를 2.76에서 2.59로", [("2.76", "plain", "2.76", "2.76"), ("2.59", "plain", "2.59", "2.59")]),
        ("ko", "1,833개 언어", [("1,833", "plain", "1833", "1833")]),
        ("ko", "10.80점", [("10.80", "plain", "10.8", "10.8")]),
        ("ko", "3.0배", [("3.0", "plain", "3", "3")]),
    ],
)
def test_read_numbers(language, text, expected):
    assert read(text, language) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # names are not quantities; an English magnitude inside a name is the model's size
        ("rStar2-Agent-14B", [("14B", "english", "14000000000", "14")]),
        ("Qwen3-235B-A22B", [("235B", "english", "235000000000", "235"), ("22B", "english", "22000000000", "22")]),
        ("Qwen2.5-7B", [("7B", "english", "7000000000", "7")]),
        ("Llama-2-7b", [("7b", "english", "7000000000", "7")]),
        ("Vicuna-7B/68M", [("7B", "english", "7000000000", "7"), ("68M", "english", "68000000", "68")]),
        ("GPT-4o와 GPT-4, phi-1.5, CIFAR10, T5", []),
        ("3D 장면과 10x 속도", []),
        ("v1.2.3 버전", []),
        ("5MB 메모리", []),
        # labels are not magnitudes
        ("Figure 3B와 표 2B", []),
        # a lower-case b or m outside a name is nothing
        ("7b 모델", []),
    ],
)
def test_names_and_labels(text, expected):
    assert read(text, "ko") == expected


def test_names_are_flagged_in_name():
    nums = N.read_numbers("rStar2-Agent-14B와 14B", "ko")
    assert [n.in_name for n in nums] == [True, False]


def test_ranges_link_their_ends_and_share_the_unit():
    text = "ranging from 0.6 to 235 billion parameters"
    a, b = N.read_numbers(text, "en")
    assert (a.peer, b.peer) == (1, 0)
    assert a.inherited and not b.inherited
    assert (a.value, b.value) == (Decimal("0.6e9"), Decimal("235e9"))
    assert text[a.start : a.end] == "0.6"  # the span stays the digits written

    a, b = N.read_numbers("33~50%의 오버헤드", "ko")
    assert (a.kind, a.value, a.inherited, b.value) == ("percent", Decimal(33), True, Decimal(50))
    a, b = N.read_numbers("7B–70B 모델", "ko")
    assert (a.value, b.value, a.peer, b.peer) == (Decimal("7e9"), Decimal("70e9"), 1, 0)
    a, b = N.read_numbers("3-5B 규모", "ko")
    assert (a.value, b.value) == (Decimal("3e9"), Decimal("5e9"))
    # a change: both ends plain, linked
    a, b = N.read_numbers("2.76에서 2.59로", "ko")
    assert (a.peer, b.peer, a.inherited) == (1, 0, False)
    # a hyphen in a name is no range
    nums = N.read_numbers("Qwen2.5-7B", "ko")
    assert [(n.mantissa, n.peer) for n in nums] == [("7", None)]
    # far apart: no range
    a, b = N.read_numbers("0.6 and many more words then 235 billion", "en")
    assert a.peer is None and a.kind == "plain"


@pytest.mark.parametrize(
    "value,ko,zh,ja,en",
    [
        ("14e9", "140억", "140亿", "140億", "14B"),
        ("1.4e9", "14억", "14亿", "14億", "1.4B"),
        ("235e9", "2350억", "2350亿", "2350億", "235B"),
        ("0.6e9", "6억", "6亿", "6億", "600M"),
        ("1.3e9", "13억", "13亿", "13億", "1.3B"),
        ("1.5e12", "1.5조", "15000亿", "1.5兆", "1.5T"),
        ("1.234e12", "12340억", "12340亿", "12340億", "1.234T"),
        ("6e7", "6천만", "6000万", "6000万", "60M"),
        ("3e4", "3만", "3万", "3万", "30K"),
        ("10.8e9", "108억", "108亿", "108億", "10.8B"),
        ("500", "500", "500", "500", "500"),
    ],
)
def test_forms(value, ko, zh, ja, en):
    v = Decimal(value)
    assert (N.east_asian_form(v, "ko"), N.east_asian_form(v, "zh"), N.east_asian_form(v, "ja"), N.english_form(v)) == (ko, zh, ja, en)


def test_round_trip_of_the_forms():
    """What east_asian_form writes reads back as the same value, in every language."""
    for language in ("ko", "zh", "ja"):
        for value in ("14e9", "235e9", "0.6e9", "1.5e12", "6e7", "3e4", "108e8", "1.35e9", "7e10"):
            form = N.east_asian_form(Decimal(value), language)
            (n,) = N.read_numbers(form, language)
            assert n.value == Decimal(value), (language, value, form)


def test_counted_kind():
    t = "7억 개의 토큰으로 학습한 7B 모델과 3억 달러"
    nums = N.read_numbers(t, "ko")
    assert [N.counted_kind(t, n.end, "ko") for n in nums] == ["tokens", "parameters", "money"]
    assert N.counted_kind("x-14B", 5, "ko", in_name=True) == "parameters"
    assert N.counted_kind("14억, 파라미터", 3, "ko") is None  # not across a comma


def test_clause_and_words():
    t = "320억 파라미터 모델은 9091%의 정확도를 보였으며, 처리량은 127% 향상되었다."
    nums = [n for n in N.read_numbers(t, "ko") if n.kind == "percent"]
    left, right = N.clause_around(t, nums[0].start, nums[0].end)
    assert N.metric_word(left, right, "ko") == "정확도"
    assert N.change_word(left + right, "ko") is None
    left, right = N.clause_around(t, nums[1].start, nums[1].end)
    assert N.metric_word(left, right, "ko") is None  # 정확도 is in the clause before the comma
    assert N.change_word(left + right, "ko") == "향상"
    # a Latin metric word counts only as a whole word
    assert N.metric_word("the recallable ", "", "en") is None
    assert N.metric_word("the recall of ", "", "en") == "recall"


@pytest.mark.slow
def test_text_without_digits_reads_nothing_and_long_text_is_linear():
    assert N.read_numbers("숫자가 없는 문장이다.", "ko") == []
    import time

    text = ("rStar2-Agent-14B는 14억 개, 12.3%에서 13.5%로 " * 4000)
    t0 = time.perf_counter()
    nums = N.read_numbers(text, "ko")
    elapsed = time.perf_counter() - t0
    assert len(nums) == 4000 * 4
    assert elapsed < 5, elapsed
    # long runs of name characters and digits stay linear too
    for hostile in ("a-" * 20000 + "14B", "1," * 20000, "1." * 20000, "-1" * 20000, "9" * 50000 + "억"):
        t0 = time.perf_counter()
        N.read_numbers(hostile, "ko")
        assert time.perf_counter() - t0 < 5
