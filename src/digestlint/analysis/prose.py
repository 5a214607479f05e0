"""The prose layer: what the content and language rules read of a post's prose, computed once.

Two views of a paragraph, both of the same length as what they mask so that every position found
in them is a position in the file:

- :func:`prose` (DL501-DL506, DL601, the analysis modules): a paragraph block's inline content
  (as markdown-it sees it: list markers, ``> `` and indentation stripped) with the document offset
  of every character, and a *masked* copy where code spans, HTML, link URLs and autolinks are
  blanked, so that phrase searches run on what a reader reads and still report exact positions.
  :attr:`Prose.sentences` splits it into sentences (abbreviations kept, hard-broken lines split
  after a finished line); :func:`ends_sentence` knows Korean sentence endings.
- :func:`language_prose` (DL401-DL406): the whole lines of each paragraph of a section
  (:class:`Masked`: ``doc.text[start:end]``) with non-prose blanked for language identification
  (code, URLs, link targets, math, HTML, list markers, Introduction labels, paper titles);
  :func:`units` splits it at sentence punctuation and at every line end.

Punctuation (sentence ends, closers, word boundaries) is data: ``rules/punctuation.yaml``
(:data:`PUNCTUATION`); nothing else defines it. Scripts and language identification are in
:mod:`digestlint.lang`. Rules reach all of this through the document (``doc.prose(block)``,
``doc.section_prose(section)``, ``doc.section_norm(section)``, ``doc.language_prose()``), which
memoises it (``doc.memo``).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional

from digestlint import data
from digestlint.lang import is_hangul, language_data

if TYPE_CHECKING:
    from digestlint.document import Block, Document, Paper, Section

_MEMO_KEY = "digestlint.analysis.prose.prose"
_SECTION_MEMO_KEY = "digestlint.analysis.prose.section_prose"
_SECTION_NORM_MEMO_KEY = "digestlint.analysis.prose.section_norm"


@dataclass(frozen=True)
class Punctuation:
    """The sets of ``rules/punctuation.yaml`` (strings of characters; see the file for each use)."""

    terminal: str
    closers: str
    split_closers: str
    line_endings: tuple
    unit_terminal: str
    unit_closers: str
    final_word_trail: str
    word_before: str
    word_after: str
    clause_start: str
    hard_end: str
    cause_stops: str
    alone_trail: str
    around_word: str

    @classmethod
    def load(cls) -> "Punctuation":
        d = data.load("punctuation.yaml")
        return cls(d["terminal"], d["closers"], d["split-closers"], tuple(d["line-endings"]),
                   d["unit-terminal"], d["unit-closers"], d["final-word-trail"], d["word-before"],
                   d["word-after"], d["clause-start"], d["hard-end"], d["cause-stops"], d["alone-trail"],
                   d["around-word"])


#: the punctuation of prose (``rules/punctuation.yaml``)
PUNCTUATION = Punctuation.load()
TERMINAL = PUNCTUATION.terminal
CLOSERS = PUNCTUATION.closers


def char_class(chars: str) -> str:
    """A regex character class matching exactly the characters of ``chars``."""
    return "[" + "".join("\\" + c if c in "\\]^-[" else c for c in chars) + "]"


_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
#: inline code spans (``code``), the run of backticks taken whole
CODE_SPAN_RE = _CODE_SPAN_RE
_HTML_RE = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.S)
_SEPARATORS = {0x2028: "\n", 0x2029: "\n"}
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_LINK_URL_RE = re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK_RE = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>|https?://[^\s<>()]+")
_TERMINAL_CLASS = char_class(TERMINAL)
_SPLIT_RE = re.compile(_TERMINAL_CLASS + "+" + char_class(PUNCTUATION.split_closers) + r"*(?=\s|$)")
_MISSING = object()
_ABBREV_RE = re.compile(r"(?:^|[\s(])(?:[a-z]{1,4}|[A-Z][a-z]{0,3}|(?:[A-Za-z]\.)+[A-Za-z])$")
#: characters that can end an ``_ABBREV_RE`` match (``$`` may also match before a final newline)
_ABBREV_LAST = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\n")
_NOT_NEWLINE_RE = re.compile(r"[^\n]")
_EMPHASIS_RE = re.compile(r"[*_`]+")
_LINE_END = TERMINAL + "".join(PUNCTUATION.line_endings)
_NORM_STRIP = TERMINAL + " "


class Prose:
    """A paragraph's inline content mapped back to document offsets.

    ``text`` is the block's inline content, ``masked`` the same text with code spans, HTML and
    URLs replaced by spaces (same length). Derived values several rules need (sentence spans,
    the normalised text) are computed once and kept on the object, which lives as long as its
    document (``doc.memo``)."""

    __slots__ = ("text", "masked", "_segs", "_starts", "_cache")

    def __init__(self, text: str, segs: list, masked: str):
        self.text = text
        self.masked = masked
        # per content line: (first index in text, end index (its newline), first document
        # offset, document offset of its newline); lines are contiguous in ``text``
        self._segs = segs
        self._starts = [seg[0] for seg in segs] if len(segs) > 1 else None
        self._cache: dict = {}

    def offset(self, i: int) -> int:
        """Document offset of ``text[i]`` (``i == len(text)``: one past the last character)."""
        n = len(self.text)
        if i < 0:
            i += n + 1
        if i == n:
            return self.offset(n - 1) + 1
        if not 0 <= i < n:
            raise IndexError(i)
        if self._starts is None:
            seg = self._segs[0]
        else:
            seg = self._segs[bisect.bisect_right(self._starts, i) - 1]
        if i < seg[1]:
            return seg[2] + i - seg[0]
        return seg[3]

    @property
    def offsets(self) -> list:
        """Document offset of each character of ``text`` (plus one past the end)."""
        return [self.offset(i) for i in range(len(self.text) + 1)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Document offsets of ``text[start:end]``."""
        if end <= start:
            o = self.offset(start)
            return o, o
        return self.offset(start), self.offset(end - 1) + 1

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """:func:`sentences` of ``masked`` (computed once)."""
        value = self._cache.get("sentences")
        if value is None:
            value = self._cache["sentences"] = sentences(self.masked)
        return value

    @property
    def norm(self) -> str:
        """:func:`normalise_sentence` of ``masked`` (computed once)."""
        value = self._cache.get("norm")
        if value is None:
            self._fold()
            value = self._cache.get("norm")
            if value is None:
                value = self._cache["norm"] = normalise_sentence(self.masked)
        return value

    def _fold(self):
        """Without emphasis markers in ``masked``: the sentence keys and ``norm`` from one pass
        (sets both in the cache and returns the keys); None otherwise. The gaps between
        sentence spans are whitespace only, so the whole text with its whitespace collapsed is
        the collapsed sentences joined by spaces; when casefolding keeps that length, every
        character maps to one character (never from or to whitespace or sentence punctuation,
        checked over all of Unicode), so slicing the casefolded whole gives each sentence's
        casefolded text."""
        value = self._cache.get("keys")
        if value is not None:
            return value
        masked = self.masked
        if "*" in masked or "_" in masked or "`" in masked:
            return None
        collapsed = [" ".join(masked[s:e].split()) for s, e in self.sentences]
        joined = " ".join(collapsed)
        folded = joined.casefold()
        if len(folded) == len(joined):
            value = []
            pos = 0
            for c in collapsed:
                end = pos + len(c)
                value.append(folded[pos:end].rstrip(_NORM_STRIP))
                pos = end + 1
            self._cache["norm"] = folded.rstrip(_NORM_STRIP)
        else:
            value = [c.rstrip(_NORM_STRIP).casefold() for c in collapsed]
            self._cache["norm"] = joined.rstrip(_NORM_STRIP).casefold()
        self._cache["keys"] = value
        return value

    def fold_reference(self) -> tuple[list[str], str]:
        """``(sentence_keys, norm)`` computed plainly, sentence by sentence (what :meth:`_fold`
        must agree with; tests/test_prose_properties.py compares them)."""
        masked = self.masked
        return [normalise_sentence(masked[s:e]) for s, e in self.sentences], normalise_sentence(masked)

    @property
    def sentence_keys(self) -> list[str]:
        """:func:`normalise_sentence` of each sentence of ``masked`` (computed once)."""
        value = self._cache.get("keys")
        if value is None:
            value = self._fold()
            if value is None:
                masked = self.masked
                value = self._cache["keys"] = [normalise_sentence(masked[s:e]) for s, e in self.sentences]
        return value

    @property
    def folded(self) -> tuple[str, Optional[list]]:
        """:func:`fold` of ``masked`` (computed once): the text as rendered and compared, and
        the index in ``masked`` of each of its characters (None when nothing was folded)."""
        value = self._cache.get("folded")
        if value is None:
            value = self._cache["folded"] = fold(self.masked)
        return value

    def memo(self, key: str, factory: Callable[[], Any]) -> Any:
        """``factory()`` computed once per paragraph and key (module-qualified keys)."""
        value = self._cache.get(key, _MISSING)
        if value is _MISSING:
            value = self._cache[key] = factory()
        return value


_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def fold(text: str) -> tuple[str, Optional[list]]:
    """``text`` as a reader sees and compares it: HTML entities decoded (`&#51221;&#48372;` is
    `정보` once rendered) and compatibility forms folded (NFKC: full-width `ＴＯＤＯ` is `TODO`).
    Returns ``(folded, starts)``: ``starts[i]`` is the index in ``text`` that ``folded[i]`` comes
    from, plus ``len(text)`` at the end, so a span ``(s, e)`` of ``folded`` is ``(starts[s],
    starts[e])`` of ``text``; ``starts`` is None when nothing changed (the usual case)."""
    import unicodedata

    if "&" not in text and (text.isascii() or unicodedata.is_normalized("NFKC", text)):
        return text, None
    import html

    out: list[str] = []
    starts: list[int] = []
    pos = 0
    n = len(text)
    entities = {m.start(): m for m in _ENTITY_RE.finditer(text)} if "&" in text else {}
    while pos < n:
        m = entities.get(pos)
        if m is not None:
            decoded = html.unescape(m.group(0))
            if decoded != m.group(0) and decoded:
                piece = unicodedata.normalize("NFKC", decoded)
                out.append(piece)
                starts.extend([pos] * len(piece))
                pos = m.end()
                continue
        c = text[pos]
        piece = c if c.isascii() else unicodedata.normalize("NFKC", c)
        out.append(piece)
        starts.extend([pos] * len(piece))
        pos += 1
    folded = "".join(out)
    if folded == text:
        return text, None
    starts.append(n)
    return folded, starts


def fold_reference(text: str) -> tuple[str, Optional[list]]:
    """:func:`fold` without its shortcut (no entity, NFKC-normalised text: nothing to fold): every
    character decoded and normalised (the plain implementation the fast one must agree with)."""
    import html
    import unicodedata

    out: list[str] = []
    starts: list[int] = []
    entities = {m.start(): m for m in _ENTITY_RE.finditer(text)}
    pos = 0
    while pos < len(text):
        m = entities.get(pos)
        if m is not None:
            decoded = html.unescape(m.group(0))
            if decoded != m.group(0) and decoded:
                piece = unicodedata.normalize("NFKC", decoded)
                out.append(piece)
                starts.extend([pos] * len(piece))
                pos = m.end()
                continue
        piece = unicodedata.normalize("NFKC", text[pos])
        out.append(piece)
        starts.extend([pos] * len(piece))
        pos += 1
    folded = "".join(out)
    if folded == text:
        return text, None
    return folded, starts + [len(text)]


def _blank(m: re.Match) -> str:
    s = m.group(0)
    return _NOT_NEWLINE_RE.sub(" ", s) if "\n" in s else " " * len(s)


def _blank_html(text: str) -> str:
    """``_HTML_RE.sub(_blank, text)`` in linear time.

    ``<!--.*?-->`` scans from every ``<!--`` to the end of the text when no ``-->`` follows
    (``'x <!-- ' * N``: 141 KB took 16 s, 281 KB 58 s). No comment can start after the last
    ``-->``, and no match that starts before it ends past it (a tag holds no ``>`` but its last
    character), so the comment branch runs only up to there and the rest is tags only.
    """
    cut = text.rfind("-->")
    if cut == -1:
        return _TAG_RE.sub(_blank, text)
    cut += 3
    return _HTML_RE.sub(_blank, text[:cut]) + _TAG_RE.sub(_blank, text[cut:])


def _mask(text: str) -> str:
    # each regex runs on the text the previous ones masked (a substitution of every match is
    # the same as blanking each match found in that text); skipped when its literal is absent.
    # U+2028/U+2029 (line and paragraph separators) end a line like a newline: text behind one
    # (a placeholder) is analysed as a line of its own, not hidden in the line before
    if "\u2028" in text or "\u2029" in text:
        text = text.translate(_SEPARATORS)
    if "`" in text:
        text = _CODE_SPAN_RE.sub(_blank, text)
    if "<" in text:
        text = _blank_html(text)
    if "](" in text:
        text = _LINK_URL_RE.sub(_blank, text)
    if "<" in text or "http" in text:
        text = _AUTOLINK_RE.sub(_blank, text)
    return text


def _build(doc: "Document", block: "Block") -> Optional[Prose]:
    content = block.content
    if not content:
        return None
    if block.end_line == block.start_line and "\n" not in content:
        raw = doc.lines[block.start_line - 1]
        if raw.endswith(content):  # the usual one-line paragraph
            base = doc.line_starts[block.start_line - 1]
            idx = len(raw) - len(content)
            return Prose(content, [(0, len(content), base + idx, base + len(raw))], _mask(content))
    lines = content.split("\n")
    if len(lines) != block.end_line - block.start_line + 1:
        return None
    segs = []
    pos = 0
    for j, cline in enumerate(lines):
        line_no = block.start_line + j
        raw = doc.lines[line_no - 1]
        base = doc.line_starts[line_no - 1]
        if raw.endswith(cline):
            idx = len(raw) - len(cline)
        else:
            stripped = raw.rstrip()
            if stripped.endswith(cline.rstrip()):
                idx = len(stripped) - len(cline.rstrip())
            else:
                idx = raw.find(cline)
                if idx < 0:
                    return None
        segs.append((pos, pos + len(cline), base + idx, base + len(raw)))
        pos += len(cline) + 1
    return Prose(content, segs, _mask(content))


def prose(doc: "Document", block: "Block") -> Optional[Prose]:
    """The :class:`Prose` of a paragraph block (None for other blocks or when it cannot be mapped)."""
    if block.kind != "paragraph":
        return None
    per_doc = doc.memo(_MEMO_KEY, dict)
    key = (block.start, block.end)
    value = per_doc.get(key, _MISSING)
    if value is _MISSING:
        value = per_doc[key] = _build(doc, block)
    return value


def paper_sections(doc: "Document") -> Iterator[tuple[Optional["Paper"], "Section"]]:
    """(paper, section) for every section of every paper (paper None for loose sections)."""
    for sec in doc.loose_sections:
        yield None, sec
    for paper in doc.papers:
        for sec in paper.sections:
            yield paper, sec


def section_prose(doc: "Document", section: "Section") -> list[tuple["Block", Prose]]:
    """The :class:`Prose` of each paragraph of a section (code, tables and HTML left out).
    Computed once per section; the list is shared, do not modify it."""
    per_doc = doc.memo(_SECTION_MEMO_KEY, dict)
    key = id(section)  # sections live as long as the document (and its memo)
    out = per_doc.get(key)
    if out is not None:
        return out
    out = []
    for block in section.blocks:
        p = prose(doc, block)
        if p is not None:
            out.append((block, p))
    per_doc[key] = out
    return out


def section_norm(doc: "Document", section: "Section") -> str:
    """The normalised text of a section's paragraphs (:attr:`Prose.norm` joined by spaces),
    computed once per section (DL504 compares sections by it, DL506 measures it)."""
    per_doc = doc.memo(_SECTION_NORM_MEMO_KEY, dict)
    key = id(section)
    value = per_doc.get(key)
    if value is None:
        value = per_doc[key] = " ".join(p.norm for _b, p in section_prose(doc, section))
    return value


def strip_end(text: str) -> str:
    """``text`` without trailing whitespace, closing brackets/quotes and emphasis markers."""
    return text.rstrip().rstrip(CLOSERS + " \t")


def ends_sentence(text: str, endings: tuple) -> bool:
    """Does ``text`` end like a finished sentence (punctuation or a Korean final ending)?"""
    t = text.rstrip()
    while True:
        core = t.rstrip(CLOSERS + " \t")
        if not core:
            return False
        if core[-1] in TERMINAL:
            return True
        last_word = re.split(r"[\s(\[]", core)[-1]
        if any(last_word.endswith(e) for e in endings):
            return True
        # `…보였다 (표 1)`: a parenthetical after a finished sentence
        if t.endswith(")") and "(" in t:
            before = t[: t.rfind("(")].rstrip()
            if before and before != t:
                t = before
                continue
        return False


@functools.lru_cache(maxsize=2 ** len(TERMINAL))  # one per subset of TERMINAL (in its order): bounded
def _split_regex(present: str) -> re.Pattern:
    """``_SPLIT_RE`` for a text whose sentence punctuation is only the characters ``present``:
    the same matches there, found faster (a regex starting with one literal character scans
    with a fast search; a class of non-ASCII characters is tested character by character)."""
    return re.compile(_SPLIT_RE.pattern.replace(_TERMINAL_CLASS, char_class(present), 1))


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of ``text``: split after sentence punctuation followed by
    whitespace and at line breaks after a finished-looking line; abbreviations (``vs.``) kept."""
    present = "".join([c for c in TERMINAL if c in text])
    return _sentences(text, _split_regex(present) if present else None)


def sentences_reference(text: str) -> list[tuple[int, int]]:
    """:func:`sentences` with the general split regex (no regex specialised to the punctuation
    the text holds): the plain implementation the fast one must agree with."""
    return _sentences(text, _SPLIT_RE)


def _sentences(text: str, split: Optional[re.Pattern]) -> list[tuple[int, int]]:
    spans = []
    start = 0
    n = len(text)
    for m in split.finditer(text) if split is not None else ():
        end = m.end()
        ms = m.start()
        # an abbreviation ends in a letter (cheap test before the regex)
        if (
            ms > start
            and text[ms - 1] in _ABBREV_LAST
            and text[ms] == "."
            and _ABBREV_RE.search(text[start:ms])
            and not is_hangul(text[ms - 1])
        ):
            nxt = text[end:].lstrip()[:1]
            if nxt and not nxt.isupper() and not is_hangul(nxt):
                continue
        spans.append((start, end))
        start = end
    spans.append((start, n))
    if "\n" in text:
        out = []
        for s, e in spans:
            # a line break inside a span splits it when the line before ends with sentence
            # punctuation or a Korean final ending (hard-broken lines of one paragraph)
            seg_start = s
            pos = text.find("\n", s, e)
            while pos >= 0:
                before = text[seg_start:pos]
                if before.strip() and strip_end(before)[-1:] in _LINE_END:
                    out.append((seg_start, pos))
                    seg_start = pos + 1
                pos = text.find("\n", pos + 1, e)
            out.append((seg_start, e))
    else:
        out = spans
    result = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            result.append((s, e))
    return result


def normalise_sentence(text: str) -> str:
    """Whitespace collapsed, emphasis markers and final punctuation removed, case folded."""
    if "*" in text or "_" in text or "`" in text:
        text = _EMPHASIS_RE.sub("", text)
    t = " ".join(text.split())
    return t.rstrip(_NORM_STRIP).casefold()


# --------------------------------------------------------------------------- the language view (DL401-DL406)

_MARKER_RE = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))?(?:\[[ xX]\][ \t]+)?")
_LANG_CODE_RE = re.compile(r"(?<!`)(`+)(?!`)[\s\S]+?(?<!`)\1(?!`)")  # the run is taken whole: linear
_MATH_RE = re.compile(
    r"\$\$(?:(?!\$\$)[\s\S])+?\$\$|(?<![\\$])\$(?!\s)[^$\n]+?(?<!\s)\$"
    r"|\\\((?:(?!\\\()[\s\S])+?\\\)|\\\[(?:(?!\\\[)[\s\S])+?\\\]"
)  # bodies never contain their own opener: an unclosed delimiter costs one scan, not n
_LANG_HTML_RE = re.compile(r"<!--(?:(?!<!--)[\s\S])*?-->|</?[A-Za-z][^<>\n]*>|<(?:https?|mailto|ftp):[^<>\s]*>")
_LINK_TARGET_RE = re.compile(r"\]\([^()\[\]\n]*\)|\]\[[^\]\n]*\]|^\s*\[[^\]\n]+\]:\s*\S.*$", re.M)
_URL_RE = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>()\[\]]+")
_EMPH_RE = re.compile(r"\*\*|__|~~")


_MARKER_LINE_RE = re.compile("^" + _MARKER_RE.pattern, re.M)  # the marker of every line, one pass
# each masking regex runs only when a literal it needs occurs in the region
_MASKS = (
    (_LANG_CODE_RE, ("`",)),
    (_MATH_RE, ("$", "\\")),
    (_LANG_HTML_RE, ("<",)),
    (_LINK_TARGET_RE, ("]",)),
    (_URL_RE, ("://", "www.")),
    (_EMPH_RE, ("**", "__", "~~")),
)


def _blanked(raw: str, spans: list) -> str:
    """``raw`` with the union of ``spans`` replaced by spaces (newlines kept)."""
    if not spans:
        return raw
    spans.sort()
    out = []
    pos = 0
    cur_s, cur_e = spans[0]
    for s, e in spans[1:]:
        if s <= cur_e:
            if e > cur_e:
                cur_e = e
            continue
        out.append(raw[pos:cur_s])
        seg = raw[cur_s:cur_e]
        out.append(_NOT_NEWLINE_RE.sub(" ", seg) if "\n" in seg else " " * len(seg))
        pos = cur_e
        cur_s, cur_e = s, e
    out.append(raw[pos:cur_s])
    seg = raw[cur_s:cur_e]
    out.append(_NOT_NEWLINE_RE.sub(" ", seg) if "\n" in seg else " " * len(seg))
    out.append(raw[cur_e:])
    return "".join(out)


@functools.lru_cache(maxsize=None)
def _label_re() -> re.Pattern:
    d = language_data()
    words = sorted({*d.get("intro_labels", []), *d.get("intro_label_translations", {})}, key=lambda w: (-len(w), w))
    alt = "|".join(re.escape(w) for w in words) or "(?!)"
    return re.compile(r"(?:\*\*|__)?[ \t]*(?:" + alt + r")[ \t]*(?:(?:\*\*|__)[ \t]*[:：]|[:：][ \t]*(?:\*\*|__)?)", re.I)


@functools.lru_cache(maxsize=256)
def _title_re(title: str) -> Optional[re.Pattern]:
    words = title.split()
    if len(words) < 2:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


@dataclass
class Masked:
    """A region of ``doc.text`` with non-prose blanked (same length, same offsets)."""

    start: int  # offset of the region in doc.text
    raw: str  # doc.text[start:end]
    text: str  # prose only
    layout: str  # only list/quote markers and labels blanked (for positions)

    @property
    def end(self) -> int:
        return self.start + len(self.raw)

    @property
    def units(self) -> list[tuple[int, int]]:
        """:func:`units` (computed once; do not modify the list)."""
        return units(self)


def mask_region(raw: str, start: int, titles: tuple = (), labels: bool = True) -> Masked:
    layout_spans = []
    label_re = _label_re() if labels else None
    for m in _MARKER_LINE_RE.finditer(raw):
        cut = m.end()
        if cut == m.start():
            continue
        layout_spans.append((m.start(), cut))
        if label_re is not None:
            lm = label_re.match(raw, cut)
            if lm and lm.end() > cut:
                layout_spans.append((cut, lm.end()))
    spans = list(layout_spans)
    for rx, needles in _MASKS:
        if any(n in raw for n in needles):
            spans.extend(m.span() for m in rx.finditer(raw) if m.end() > m.start())
    for title in titles:
        first = title.split(None, 1)[0] if title and title.strip() else ""
        title_rx = _title_re(title) if first and first in raw else None
        if title_rx is not None:
            spans.extend(m.span() for m in title_rx.finditer(raw) if m.end() > m.start())
    layout = _blanked(raw, layout_spans)
    return Masked(start, raw, _blanked(raw, spans) if len(spans) > len(layout_spans) else layout, layout)


# --------------------------------------------------------------------------- blocks

PROSE_KINDS = ("paragraph", "table", "heading")


def section_blocks(doc: "Document", kinds: tuple = ("paragraph",)) -> Iterator[tuple[Optional["Paper"], "Section", "Block"]]:
    """(paper or None, section, block) for every block of a section (papers' and loose ones)."""
    for paper, sec, b in doc.walk_blocks():
        if sec is not None and b.kind in kinds:
            yield paper, sec, b


def all_prose_blocks(doc: "Document") -> Iterator[tuple[Optional["Paper"], Optional["Section"], "Block"]]:
    """(paper or None, section or None, block): preamble, paper leads and sections."""
    return ((p, sec, b) for p, sec, b in doc.walk_blocks() if b.kind in PROSE_KINDS)


def mask_block(doc: "Document", block: "Block", paper: Optional["Paper"] = None) -> Masked:
    """The masked text of a block (memoised per document: several rules read the same blocks)."""
    per_doc = doc.memo("digestlint.analysis.prose.mask_block", dict)
    key = (block.start, block.end, paper.title if paper is not None else None)
    m = per_doc.get(key)
    if m is None:
        raw = doc.text[block.start:block.end]
        titles = (paper.title,) if paper is not None and paper.title else ()
        m = per_doc[key] = mask_region(raw, block.start, titles)
    return m


def language_prose(doc: "Document") -> list[tuple[Optional["Paper"], "Section", "Block", Masked]]:
    """(paper or None, section, block, Masked) for every paragraph of a section (memoised):
    the units DL401, DL403 and DL406 read (``doc.language_prose()``)."""
    return doc.memo("digestlint.analysis.prose.language_prose",
                    lambda: [(p, sec, b, mask_block(doc, b, p)) for p, sec, b in section_blocks(doc)])


# a sentence end (``unit-terminal`` before white space, ``unit-closers`` kept) or a line end;
# written to begin with one character class, which the regex engine scans for quickly
_UNIT_CLOSERS = char_class(PUNCTUATION.unit_closers)[1:-1]
_SENT_END_RE = re.compile(char_class("\n" + PUNCTUATION.unit_terminal)
                          + r"(?:(?<=\n)|(?=[\s" + _UNIT_CLOSERS + r"]*(?:\s|$))[" + _UNIT_CLOSERS + "]*)")


def units(masked: "Masked") -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets, whitespace trimmed) of a masked region.

    A sentence ends at ``.``/``!``/``?`` followed by white space, and at every line end (lines of
    these posts are sentences or list items; a soft-wrapped sentence is two units, which the
    callers merge). Computed once per ``Masked`` (DL401 and DL403 both split): do not modify
    the returned list."""
    spans = masked.__dict__.get("_sentences")
    if spans is not None:
        return spans
    text = masked.layout
    base = masked.start
    spans = []
    pos = 0
    for m in _SENT_END_RE.finditer(text):
        ms, me = m.span()
        seg = text[pos:ms if text[ms] == "\n" else me]
        stripped = seg.strip()  # str.strip and str.isspace agree on white space
        if stripped:
            s = base + pos + len(seg) - len(seg.lstrip())
            spans.append((s, s + len(stripped)))
        pos = me
    _add_span(spans, text, pos, len(text), base)
    masked.__dict__["_sentences"] = spans
    return spans


def _add_span(spans, text, s, e, base) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((base + s, base + e))


# --------------------------------------------------------------------------- all at once

def compute_shared(doc: "Document") -> None:
    """Compute every fact of this layer that more than one rule reads (each paragraph's Prose, its
    sentences, folded and normalised text; each section's prose and normalised text; the language
    view and its units), as the rules would on first use. The engine never needs this (the rules
    compute it lazily, once); benchmarks/rule_cost.py calls it before the rules so that its
    per-rule figures do not charge the shared work to whichever rule asks first."""
    for _paper, _sec, block in doc.walk_blocks():
        if block.kind == "paragraph":
            p = doc.prose(block)
            if p is not None:
                p.sentences, p.folded, p.norm  # noqa: B018 - computed and cached
    for _paper, sec in paper_sections(doc):
        doc.section_prose(sec)
        doc.section_norm(sec)
    for _p, _sec, _b, m in doc.language_prose():
        m.units  # noqa: B018
