"""Prose helpers shared by the content rules (DL501-DL506, DL601).

:func:`prose` gives a paragraph block's inline content (as markdown-it sees it: list markers,
``> `` and indentation stripped) with the document offset of every character, and a *masked*
copy of the same length where code spans, HTML, link URLs and autolinks are blanked, so that
phrase searches run on what a reader reads and still report exact positions.
:func:`sentences` splits prose into sentences; :func:`ends_sentence` knows Korean sentence
endings (the list lives in ``rules/sentences.yaml``).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Iterator, Optional

_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

TERMINAL = ".!?。！？…"
CLOSERS = ")]}\"'”’」』*_`>"
_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_HTML_RE = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.S)
_LINK_URL_RE = re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK_RE = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>|https?://[^\s<>()]+")
_SPLIT_RE = re.compile(r"[.!?。！？…]+[\"'”’)\]*_]*(?=\s|$)")
_ABBREV_RE = re.compile(r"(?:^|[\s(])(?:[a-z]{1,4}|[A-Z][a-z]{0,3}|(?:[A-Za-z]\.)+[A-Za-z])$")


@dataclass
class Prose:
    text: str  # the block's inline content
    offsets: list  # document offset of each character of ``text`` (plus one past the end)
    masked: str  # ``text`` with code spans, HTML and URLs replaced by spaces

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Document offsets of ``text[start:end]``."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def _mask(text: str) -> str:
    chars = list(text)

    def blank(m: re.Match) -> None:
        for i in range(m.start(), m.end()):
            if chars[i] != "\n":
                chars[i] = " "

    for regex in (_CODE_SPAN_RE, _HTML_RE, _LINK_URL_RE, _AUTOLINK_RE):
        for m in regex.finditer("".join(chars)):
            blank(m)
    return "".join(chars)


def _build(doc, block) -> Optional[Prose]:
    content = block.content
    if not content:
        return None
    lines = content.split("\n")
    if len(lines) != block.end_line - block.start_line + 1:
        return None
    offsets: list[int] = []
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
        offsets.extend(range(base + idx, base + idx + len(cline)))
        if j < len(lines) - 1:
            offsets.append(base + len(raw))  # the newline
    if len(offsets) != len(content):
        return None
    offsets.append(offsets[-1] + 1 if offsets else block.start)
    return Prose(content, offsets, _mask(content))


def prose(doc, block) -> Optional[Prose]:
    """The :class:`Prose` of a paragraph block (None for other blocks or when it cannot be mapped)."""
    if block.kind != "paragraph":
        return None
    per_doc = _CACHE.get(doc)
    if per_doc is None:
        per_doc = {}
        _CACHE[doc] = per_doc
    key = (block.start, block.end)
    if key not in per_doc:
        per_doc[key] = _build(doc, block)
    return per_doc[key]


def paper_sections(doc) -> Iterator[tuple[object, object]]:
    """(paper, section) for every section of every paper (paper None for loose sections)."""
    for sec in doc.loose_sections:
        yield None, sec
    for paper in doc.papers:
        for sec in paper.sections:
            yield paper, sec


def section_prose(doc, section) -> list:
    """The :class:`Prose` of each paragraph of a section (code, tables and HTML left out)."""
    out = []
    for block in section.blocks:
        p = prose(doc, block)
        if p is not None:
            out.append((block, p))
    return out


def is_hangul(c: str) -> bool:
    return "\uac00" <= c <= "\ud7a3" or "\u3131" <= c <= "\u318e"


def is_cjk_letter(c: str) -> bool:
    o = ord(c)
    return (
        is_hangul(c)
        or 0x3040 <= o <= 0x30FF  # kana
        or 0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
    )


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


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of ``text``: split after sentence punctuation followed by
    whitespace and at line breaks after a finished-looking line; abbreviations (``vs.``) kept."""
    spans = []
    start = 0
    n = len(text)
    for m in _SPLIT_RE.finditer(text):
        end = m.end()
        piece = text[start:m.start()]
        if m.group(0).startswith(".") and _ABBREV_RE.search(piece) and not any(is_hangul(c) for c in piece[-1:]):
            nxt = text[end:].lstrip()[:1]
            if nxt and not nxt.isupper() and not is_hangul(nxt):
                continue
        spans.append((start, end))
        start = end
    spans.append((start, n))
    out = []
    for s, e in spans:
        # a line break inside a span splits it when the line before ends with sentence punctuation
        # or a Korean final ending (hard-broken lines of one paragraph)
        seg_start = s
        for lm in re.finditer(r"\n", text[s:e]):
            pos = s + lm.start()
            before = text[seg_start:pos]
            if before.strip() and strip_end(before)[-1:] in TERMINAL + "다음함임됨요":
                out.append((seg_start, pos))
                seg_start = pos + 1
        out.append((seg_start, e))
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
    t = re.sub(r"[*_`]+", "", text)
    t = " ".join(t.split())
    return t.rstrip(TERMINAL + " ").casefold()
