"""Numbers with their units, read from prose and normalised to values (DL701-DL704).

:func:`read_numbers` reads every number of a text with what follows it: an East Asian magnitude
(`14억`, `2,350억`, `6천만`, `1.2조`, `13亿`, `3万`, `10億`), an English one (`14B`, `1.5M`,
`7 billion`, a model name's `-14B`), a percent sign or word (`12.3%`, `12.3 퍼센트`), percentage
points (`3.2%p`), or nothing. Each :class:`Number` keeps its mantissa as written (separators
removed: `2,350억` -> `2350`) and its value (`2350 × 10^8`). Ranges and changes (`0.6 to 235
billion`, `33~50%`, `2.76에서 2.59로`) link their two ends, and an end without a unit takes the
other's (`0.6 to 235 billion` is 0.6 billion to 235 billion). Numbers inside names (`GPT-4`,
`Qwen2.5`, `CIFAR10`) are not quantities, except an English magnitude there (`rStar2-Agent-14B`,
`Qwen3-235B-A22B`), which is the model's size.

The words are data (``rules/numbers.yaml``): magnitudes per language, English letters and words,
percent words, range connectors, accuracy-like metric words, change words, counted nouns.

:func:`paper_numbers` gives the numbers of one paper of a document (its heading title and the
prose of its sections) with document offsets, computed once per document.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple, Optional

from digestlint import data

_MEMO_KEY = "digestlint.analysis.numbers.paper_numbers"

# a number: 2,350 / 1,234,567.5 / 14 / 0.6 ; not part of a longer number or version (1.2.3)
_NUM = r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![.,]?\d)"
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
#: how far left a name is looked for (bounded: reading stays linear in the text's length)
_NAME_LOOKBACK = 40

PLAIN = "plain"
EAST_ASIAN = "east-asian"
ENGLISH = "english"
PERCENT = "percent"
POINTS = "points"


class Number(NamedTuple):
    """One number of a text. ``start``/``end``: the whole (digits and unit) in the text read;
    ``num_start``/``num_end``: the digits. ``mantissa``: the digits as written without
    separators and trailing zeros (`2,350` -> `2350`, `10.80` -> `10.8`); ``exponent``: the
    power of ten of the magnitude (`억` 8, `B` 9, 0 for none); ``value`` = mantissa × 10^exponent
    (for a compound `32만 5천`, the sum). ``kind``: plain, east-asian, english, percent, points.
    ``unit``: the magnitude or percent word as written ('' for none). ``in_name``: the digits are
    part of a name (`rStar2-Agent-14B`). ``inherited``: the unit was taken from the other end of a
    range. ``peer``: the index (in the list read) of the other end of a range or change."""

    start: int
    end: int
    num_start: int
    num_end: int
    mantissa: str
    exponent: int
    value: Decimal
    kind: str
    unit: str
    in_name: bool = False
    inherited: bool = False
    compound: bool = False
    peer: Optional[int] = None

    @property
    def text_form(self) -> str:
        """How the number reads with its unit (`14억`, `14B`, `12.3%`)."""
        return f"{self.mantissa}{self.unit}"

    @property
    def has_magnitude(self) -> bool:
        return self.kind in (EAST_ASIAN, ENGLISH) and self.exponent > 0


@dataclass(frozen=True)
class Tables:
    """The number words of one target language, compiled."""

    east_asian: dict  # word -> exponent
    east_asian_re: Optional[re.Pattern]
    letters: dict
    name_letters: dict
    words: dict  # lower-cased word -> exponent
    connector_re: re.Pattern
    metrics_re: Optional[re.Pattern]
    change_re: Optional[re.Pattern]
    counted: tuple  # ((kind, compiled regex), ...)
    scan_re: re.Pattern  # a number and its unit
    percent_gate: re.Pattern  # a percent word anywhere
    label_re: Optional[re.Pattern]  # `Figure`, `표` … right before digits: `Figure 3B` is a label


def number_data() -> dict:
    """``rules/numbers.yaml``."""
    return data.load("numbers.yaml") or {}


def _alternation(words, latin_whole: bool) -> str:
    """A regex alternation of ``words``, longest first; a word that starts or ends with a Latin
    letter is matched only as a whole word there when ``latin_whole``."""
    parts = []
    for w in sorted({str(w) for w in words}, key=lambda w: (-len(w), w)):
        pat = re.escape(w)
        if latin_whole and w[:1] in _LETTERS:
            pat = r"(?<![A-Za-z])" + pat
        if latin_whole and w[-1:] in _LETTERS:
            pat = pat + r"(?![A-Za-z])"
        parts.append(pat)
    return "|".join(parts)


def _word_re(words, flags=re.IGNORECASE) -> Optional[re.Pattern]:
    words = [w for w in words if str(w)]
    if not words:
        return None
    return re.compile(_alternation(words, True), flags)


@functools.lru_cache(maxsize=16)
def tables(language: str) -> Tables:
    """The compiled number words for ``language`` (a base code: ko, zh, ja, en …)."""
    d = number_data()
    ea = {str(k): int(v) for k, v in ((d.get("east_asian") or {}).get(language) or {}).items()}
    eng = d.get("english") or {}
    letters = {str(k): int(v) for k, v in (eng.get("letters") or {}).items()}
    name_letters = {str(k): int(v) for k, v in (eng.get("name-letters") or {}).items()}
    words = {str(k).lower(): int(v) for k, v in (eng.get("words") or {}).items()}
    ea_re = re.compile(_alternation(ea, False)) if ea else None
    percent = [str(w) for w in d.get("percent") or ["%"]]
    points = [str(w) for w in d.get("percentage-points") or []]
    connectors = [str(w) for w in d.get("range-connectors") or []]
    connector_re = re.compile(r"[ \u00a0]*(?P<c>" + (_alternation(connectors, True) or r"(?!)") + r")[ \u00a0]*\Z", re.IGNORECASE)
    metrics = _languages_words(d.get("bounded-metrics") or {}, language)
    changes = _languages_words(d.get("change-words") or {}, language)
    counted = tuple(
        (str(kind), rx)
        for kind, ws in (d.get("counted") or {}).items()
        if (rx := _word_re([str(w) for w in ws or []])) is not None
    )
    return Tables(
        east_asian=ea,
        east_asian_re=ea_re,
        letters=letters,
        name_letters=name_letters,
        words=words,
        connector_re=connector_re,
        metrics_re=_word_re(metrics),
        change_re=_word_re(changes),
        counted=counted,
        percent_gate=re.compile(_alternation(percent, False), re.IGNORECASE),
        scan_re=_scan_re(letters, name_letters, words, percent, points, ea),
        label_re=_label_re([str(w) for w in d.get("labels") or []]),
    )


def _label_re(words: list[str]) -> Optional[re.Pattern]:
    if not words:
        return None
    return re.compile("(?:" + _alternation(words, True) + r")[ \u00a0]?\Z", re.IGNORECASE)


def may_have_magnitudes(text: str, language: str) -> bool:
    """A cheap test (one regex pass): can ``text`` hold a number with an East Asian magnitude?"""
    rx = _gate_re(language)
    return rx is not None and rx.search(text) is not None


@functools.lru_cache(maxsize=16)
def _gate_re(language: str) -> Optional[re.Pattern]:
    words = tables(language).east_asian
    if not words:
        return None
    return re.compile(r"\d[ \u00a0]?(?:" + _alternation(words, False) + ")")


def may_have_percentages(text: str, language: str) -> bool:
    """A cheap test: can ``text`` hold a percentage?"""
    return tables(language).percent_gate.search(text) is not None


def _languages_words(table: dict, language: str) -> list[str]:
    """The words of ``language`` and English (summaries keep English metric names)."""
    out = [str(w) for w in table.get("en") or []]
    if language != "en":
        out += [str(w) for w in table.get(language) or []]
    return out




def normalise_mantissa(digits: str) -> str:
    """`2,350` -> `2350`, `10.80` -> `10.8`, `3.0` -> `3`."""
    s = digits.replace(",", "")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    s = s.lstrip("0") or "0"
    if s.startswith("."):
        s = "0" + s
    return s


def _in_name(text: str, start: int) -> bool:
    """Are the digits at ``start`` part of a name (`GPT-4`, `rStar2-Agent-14B`, `A22B`,
    `CIFAR10`)? A Latin letter in the same token before the digits says so."""
    i = start - 1
    stop = max(0, start - _NAME_LOOKBACK)
    while i >= stop and text[i] in _NAME_CHARS:
        if text[i] in _LETTERS:
            return True
        i -= 1
    return False


def _scan_re(t_letters, t_name_letters, words, percent, points, ea) -> re.Pattern:
    """One regex for a number and what follows it (one search per number)."""
    def cls(chars):
        return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" if chars else "(?!)"

    return re.compile(
        _NUM
        + "(?:"
        + r"(?P<pts>(?i:[ \u00a0]?(?:" + (_alternation(points, True) or "(?!)") + ")))"
        + r"|(?P<pct>(?i:[ \u00a0]?(?:" + (_alternation(percent, True) or "(?!)") + ")))"
        + "|(?P<ea>" + (_alternation(ea, False) or "(?!)") + ")"
        + "|(?P<let>" + cls(t_letters) + ")(?![A-Za-z0-9])"
        + "|(?P<nlet>" + cls(t_name_letters) + ")(?![A-Za-z0-9])"
        + r"|(?P<word>(?i:[ \u00a0]?(?:" + (_alternation(words, True) or "(?!)") + ")))"
        + ")?"
    )


def read_numbers(text: str, language: str = "ko") -> list[Number]:
    """Every number of ``text`` with its unit, in text order (see the module's docstring)."""
    if not _DIGIT_RE.search(text):
        return []
    t = tables(language)
    out: list[Number] = []
    name_chars = _NAME_CHARS
    ea_re = t.east_asian_re
    skip_to = 0
    for m in t.scan_re.finditer(text):
        s, e = m.span("num")
        if s < skip_to:
            continue  # read as the tail of a compound (`32만 5천`)
        end = m.end()
        name = s > 0 and text[s - 1] in name_chars and _in_name(text, s)
        mantissa = normalise_mantissa(m.group("num"))
        exp = 0
        compound = False
        group = m.lastgroup
        if group == "num" or group is None:
            kind, unit = PLAIN, ""
        elif group == "pts":
            kind, unit = POINTS, m.group("pts")
        elif group == "pct":
            kind, unit = PERCENT, m.group("pct")
        elif group == "ea":
            kind, unit = EAST_ASIAN, m.group("ea")
            exp = t.east_asian[unit]
        elif group == "let":
            kind, unit = ENGLISH, m.group("let")
            exp = t.letters[unit]
            if t.label_re is not None and t.label_re.search(text, max(0, s - 12), s):
                name = True  # `Figure 3B`, `표 2B`: a label, not a magnitude
                kind, unit, exp, end = PLAIN, "", 0, e
        elif group == "nlet":
            if name:
                kind, unit = ENGLISH, m.group("nlet")
                exp = t.name_letters[unit]
            else:
                kind, unit, end = PLAIN, "", e
        else:
            kind, unit = ENGLISH, m.group("word")
            exp = t.words[unit.strip(" \u00a0").lower()]
        if kind == PLAIN:
            after = text[end : end + 1]
            if name or (after.isascii() and after.isalpha()):
                continue  # `GPT-4`, `3D`, `4o`, `10x`: part of a name or word
            out.append(Number(s, end, s, e, mantissa, 0, Decimal(mantissa), PLAIN, ""))
            continue
        value = Decimal(mantissa).scaleb(exp)
        if kind == EAST_ASIAN and "." not in mantissa and ea_re is not None:
            # `32만 5천`, `1억 2천만`, `1억2천만`: a smaller magnitude right after
            while True:
                m2 = _FOLLOW_RE.match(text, end)
                if not m2:
                    break
                m3 = ea_re.match(text, m2.end())
                if not m3 or t.east_asian[m3.group()] >= exp:
                    break
                exp = t.east_asian[m3.group()]
                value += Decimal(m2.group(1)).scaleb(exp)
                unit = text[e : m3.end()]
                end = m3.end()
                compound = True
            skip_to = end
        out.append(Number(s, end, s, e, mantissa, 0 if compound else exp, value, kind, unit, name, False, compound))
    return _link_ranges(text, out, t) if len(out) > 1 else out


_DIGIT_RE = re.compile(r"\d")
_FOLLOW_RE = re.compile(r"[ \u00a0]?(\d{1,4})(?![\d.,])")


def _link_ranges(text: str, nums: list[Number], t: Tables) -> list[Number]:
    """Link the two ends of ranges and changes; an end without a unit takes the other's."""
    if len(nums) < 2:
        return nums
    out = list(nums)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.peer is not None:
            continue
        between = text[a.end : b.start]
        if len(between) > 12:
            continue
        m = t.connector_re.match(between)
        if not m:
            continue
        if m.group("c") == "-" and (a.in_name or b.in_name or between.strip() != "-"):
            continue
        if a.in_name and b.in_name:
            continue
        na, nb = a, b
        if a.kind == PLAIN and b.kind in (EAST_ASIAN, ENGLISH, PERCENT, POINTS) and not b.compound:
            na = Number(a.start, a.end, a.num_start, a.num_end, a.mantissa, b.exponent,
                        Decimal(a.mantissa).scaleb(b.exponent), b.kind, b.unit, a.in_name, True, False, i + 1)
        else:
            na = _with_peer(a, i + 1)
        nb = _with_peer(nb, i)
        out[i], out[i + 1] = na, nb
    return out


def _with_peer(n: Number, peer: int) -> Number:
    return Number(n.start, n.end, n.num_start, n.num_end, n.mantissa, n.exponent, n.value, n.kind, n.unit,
                  n.in_name, n.inherited, n.compound, peer)


# --------------------------------------------------------------------------- formatting
def plain_decimal(value: Decimal) -> str:
    """`Decimal('1.40E+10')` -> `14000000000`; `Decimal('0.60')` -> `0.6`."""
    s = format(value.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def english_form(value: Decimal) -> str:
    """The value with an English magnitude letter (`1.4B`, `600M`, `1.5T`)."""
    for exp, letter in ((12, "T"), (9, "B"), (6, "M"), (3, "K")):
        if abs(value) >= Decimal(10) ** exp:
            return plain_decimal(value.scaleb(-exp)) + letter
    return plain_decimal(value)


def east_asian_form(value: Decimal, language: str) -> str:
    """The value written with the language's magnitudes, as a careful translator writes it:
    Korean `140억`, `2350억`, `1.5조`, `6천만`, `32만`; Chinese `140亿`, `6000万`; Japanese
    `140億`, `1.5兆`. Values below 10^4 (or languages without magnitudes) stay digits."""
    big = {"ko": ((12, "조"), (8, "억"), (4, "만")), "zh": ((8, "亿"), (4, "万")), "ja": ((12, "兆"), (8, "億"), (4, "万"))}
    steps = big.get(language)
    if not steps:
        return english_form(value)
    for exp, word in steps:
        unit = Decimal(10) ** exp
        if abs(value) >= unit:
            q = value.scaleb(-exp)
            if exp == 12 and q.scaleb(1) != q.scaleb(1).to_integral_value():
                continue  # 1.5조, but 1.234조 reads better as 12340억
            if language == "ko" and exp == 4 and value < Decimal(10) ** 8 and value % (Decimal(10) ** 7) == 0:
                return plain_decimal(value.scaleb(-7)) + "천만"
            return plain_decimal(q) + word
    return plain_decimal(value)


# --------------------------------------------------------------------------- context words
def counted_kind(text: str, end: int, language: str, in_name: bool = False, window: int = 12) -> Optional[str]:
    """What a number ending at ``end`` counts (``parameters``, ``tokens``, ``money`` …, see
    ``counted`` in rules/numbers.yaml): the first counted word within ``window`` characters after
    it, in the same clause. A number inside a model name counts parameters."""
    if in_name:
        return "parameters"
    tail = text[end : end + window]
    cut = re.search(r"[,;，；、。.!?()（）\n]", tail)
    if cut:
        tail = tail[: cut.start()]
    best: Optional[tuple[int, str]] = None
    for kind, rx in tables(language).counted:
        m = rx.search(tail)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else None


_CLAUSE_RE = re.compile(r"[,;，；、。!?\n]|\.(?!\d)")


def clause_around(text: str, start: int, end: int, before: int = 30, after: int = 14) -> tuple[str, str]:
    """The text of the same clause up to ``before`` characters before ``start`` and ``after``
    characters after ``end`` (cut at commas, semicolons and sentence ends)."""
    left = text[max(0, start - before) : start]
    cuts = list(_CLAUSE_RE.finditer(left))
    if cuts:
        left = left[cuts[-1].end() :]
    right = text[end : end + after]
    cut = _CLAUSE_RE.search(right)
    if cut:
        right = right[: cut.start()]
    return left, right


def metric_word(left: str, right: str, language: str, gap_before: int = 15, gap_after: int = 4) -> Optional[str]:
    """The accuracy-like metric word (``bounded-metrics``) a percentage is the value of, from
    the clause around it (``left`` ends right before the number, ``right`` starts right after
    it): the last one before it that ends at most ``gap_before`` characters before the number
    (`정확도는 평균 9091%`, `accuracy of 9091%`), else the first one after it that starts within
    ``gap_after`` characters (`9091%의 정확도`, `9091% accuracy`); None when there is none."""
    rx = tables(language).metrics_re
    if rx is None:
        return None
    found = list(rx.finditer(left))
    if found and len(left) - found[-1].end() <= gap_before:
        return found[-1].group()
    m = rx.search(right)
    return m.group() if m and m.start() <= gap_after else None


def change_word(text: str, language: str) -> Optional[str]:
    """A change word (``change-words``: improved, 향상, 提升 …) in ``text``, or None."""
    rx = tables(language).change_re
    if rx is None:
        return None
    m = rx.search(text)
    return m.group() if m else None


# --------------------------------------------------------------------------- in a document
@dataclass(frozen=True)
class Mention:
    """A number of a paper with document offsets: ``start``/``end`` the whole, ``num_start``/
    ``num_end`` the digits; ``text`` the masked prose (or title) it was read from, and ``index``
    its position in ``numbers`` (the list read from that text, for ranges)."""

    number: Number
    start: int
    end: int
    text: str
    numbers: tuple
    index: int
    where: str  # "title" or "section"

    @property
    def peer(self) -> Optional[Number]:
        p = self.number.peer
        return self.numbers[p] if p is not None else None


def _read_prose(p, language: str, where: str) -> list[Mention]:
    nums = tuple(read_numbers(p.masked, language))
    out = []
    for i, num in enumerate(nums):
        start, end = p.span(num.start, num.end)
        out.append(Mention(num, start, end, p.masked, nums, i, where))
    return out


def paper_numbers(doc, paper, language: str) -> list[Mention]:
    """The numbers of ``paper``: its heading title, then the paragraphs of its sections, in
    document order (computed once per document, paper and language)."""
    from digestlint.analysis import prose as prose_lib

    per_doc = doc.memo(_MEMO_KEY, dict)
    key = (id(paper), language)
    value = per_doc.get(key)
    if value is not None:
        return value
    out: list[Mention] = []
    if paper.title:
        nums = tuple(read_numbers(paper.title, language))
        for i, num in enumerate(nums):
            out.append(Mention(num, paper.title_start + num.start, paper.title_start + num.end, paper.title, nums, i, "title"))
    for sec in paper.sections:
        for _block, p in prose_lib.section_prose(doc, sec):
            out.extend(_read_prose(p, language, "section"))
    per_doc[key] = out
    return out


def describe(n: Number) -> str:
    """The number in English terms for messages (`1.4B`, `12.3%`, `2.76`)."""
    if n.kind in (EAST_ASIAN, ENGLISH) and not n.compound:
        return english_form(n.value)
    if n.kind == PERCENT:
        return f"{n.mantissa}%"
    return plain_decimal(n.value)
