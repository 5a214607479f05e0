"""The document model: everything a rule needs, parsed once per file.

Offsets are character offsets into ``Document.text`` (the file's text without a BOM, with every
line ending normalised to ``\\n``). Lines and columns are 1-based and count every line of the
file, front matter included; they are computed only at the edges (:meth:`Document.position`).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from itertools import accumulate
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Optional

from digestlint import frontmatter as fm

if TYPE_CHECKING:
    from digestlint.analysis.prose import Masked, Prose

FM_OPEN = re.compile(r"---[ \t]*\Z")
FM_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*\Z")
_HEADING_RE = re.compile(r"^[ ]{0,3}(?P<hashes>#{1,6})(?:[ \t]+|$)(?P<rest>.*?)(?:[ \t]+#+)?[ \t]*$")
_PAPER_PREFIX_RE = re.compile(r"(?P<num>\d+)[.)][ \t]*")
_WRONG_LEVEL_PAPER_RE = re.compile(r"\d+[.)][ \t]*\[")
_LINK_RE = re.compile(r"(?<!!)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\((?P<url>[^)\n]*)\)")
_LINK_HEAD_RE = re.compile(r"(?<!!)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(")
_URL_END_RE = re.compile(r"[)\n]")
# any ``<!-- digestlint-WORD... -->``: a directive that is not one of SUPPRESS_KINDS is DL005 and
# disables nothing (``disable-nextline`` once silenced the rest of the file as ``disable``)
_SUPPRESS_RE = re.compile(r"<!--\s*digestlint-(?P<kind>[A-Za-z]+(?:-[A-Za-z]+)*)(?P<rules>[^>]*?)-->")
_SUPPRESS_HEAD_RE = re.compile(r"<!--\s*digestlint-(?P<kind>[A-Za-z]+(?:-[A-Za-z]+)*)")
#: markdown-it's nesting limit (commonmark preset); content of blockquotes nested deeper is re-parsed
_MAX_NESTING = 20
_QUOTE_MARKS_RE = re.compile(r"(?:[ ]{0,3}>[ ]?)*")


def _quote_marks_end(line: str) -> int:
    """Where the blockquote marks (``> > ``) a line starts with end (0: none)."""
    m = _QUOTE_MARKS_RE.match(line)  # matches every line (possibly empty)
    return m.end() if m is not None else 0
SUPPRESS_KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
_SUPPRESS_TOKEN_RE = re.compile(r"[^\s,]+")


def _composes_with_previous(c: str) -> bool:
    """Can NFC join ``c`` to the character before it? Combining marks, Hangul vowel and final
    jamo (L+V, LV+T), and the few starters that compose as a second character."""
    return unicodedata.combining(c) != 0 or "\u1160" <= c <= "\u11ff" or c in _SECOND_STARTERS


# starters (combining class 0) that canonical composition joins to the character before them
_SECOND_STARTERS = frozenset("\u0b3e\u0b56\u0b57\u0bbe\u0bd7\u0c56\u0cc2\u0cd5\u0cd6\u0d3e\u0d57"
                             "\u0dcf\u0ddf\u102e\u1b35\u0e33\u0eb3\u1d7e\u3099\u309a")


def nfc_with_map(line: str) -> tuple[str, list[int]]:
    """``(NFC of line, cols)``: ``cols[k]`` is the column of ``line`` where column ``k`` of the
    NFC text starts (``cols[len(nfc)] == len(line)``). The line is cut before every character
    that cannot compose with the one before it; each piece is normalised alone and its
    characters map to where the piece starts (a composed syllable to its first jamo)."""
    out: list[str] = []
    cols: list[int] = []
    start = 0
    n = len(line)
    for i in range(1, n + 1):
        if i < n and _composes_with_previous(line[i]):
            continue
        piece = line[start:i]
        norm = unicodedata.normalize("NFC", piece) if not piece.isascii() else piece
        if norm == piece:
            cols.extend(range(start, i))
        else:
            # the first character of the piece is where it starts; the rest spread over it
            cols.extend(min(start + k, i - 1) if k else start for k in range(len(norm)))
        out.append(norm)
        start = i
    nfc = "".join(out)
    if nfc != unicodedata.normalize("NFC", line):  # a composition across the cuts: whole line, coarse
        nfc = unicodedata.normalize("NFC", line)
        cols = [min(k, n) for k in range(len(nfc))]
    cols.append(n)
    return nfc, cols


def iter_suppressions(text: str, start: int = 0):
    """``(start, kind span, rules span, end)`` of every match of ``_SUPPRESS_RE`` in ``text``,
    in linear time.

    ``_SUPPRESS_RE`` scans from each ``<!-- digestlint-kind`` to the next ``>``: on
    ``'<!-- digestlint-disable-file' * N`` (no ``>`` at all) that is quadratic (10,000 repeats
    took 37 s). The rules part (``[^>]*?``) cannot hold a ``>``, so a comment matches exactly
    when the first ``>`` after its kind is preceded by ``--``; that ``>`` is looked up once
    for all the heads before it.
    """
    pos = start
    gt_from = gt = -2  # the first '>' at or after gt_from is gt (-1: none)
    while True:
        m = _SUPPRESS_HEAD_RE.search(text, pos)
        if m is None:
            return
        k_end = m.end()
        if not (gt_from != -2 and gt_from <= k_end and (gt == -1 or gt >= k_end)):
            gt_from, gt = k_end, text.find(">", k_end)
        if gt == -1:
            return  # no '>' after this head, so none after any later one either
        if text.startswith("--", gt - 2) and gt - 2 >= k_end:
            yield m.start(), (m.start("kind"), k_end), (k_end, gt - 2), gt + 1
            pos = gt + 1
        else:
            pos = m.start() + 1


def _iter_links(text: str, start: int, end: int):
    """``(head match, offset of the closing ')')`` of every ``[text](url)`` in ``text[start:end]``.

    The same matches as ``_LINK_RE.finditer`` without its quadratic worst case: ``_LINK_RE``
    rescans the rest of the line for a ``)`` from every ``[`` (``"[a](" * 30000`` took minutes).
    Here the first ``)``/newline after a position is remembered (``q`` -> ``r``) and only the
    part before ``q`` is searched again when a later candidate's URL starts earlier.
    """
    pos = start
    q = r = -1  # the first terminator at or after q is r (-1: none before ``end``); q == -1: unknown
    while True:
        m = _LINK_HEAD_RE.search(text, pos, end)
        if m is None:
            return
        u = m.end()
        if q == -1 or (u > r != -1):
            hit = _URL_END_RE.search(text, u, end)
            q, r = u, hit.start() if hit else -1
        elif u < q:
            hit = _URL_END_RE.search(text, u, q)
            q, r = u, hit.start() if hit else r
        if r != -1 and text[r] == ")":
            yield m, r
            pos = r + 1
        else:
            pos = m.start() + 1


def iter_links_reference(text: str, start: int, end: int) -> list[tuple[int, int, str, int, int]]:
    """``(start, end, text, url_start, url_end)`` of every link :func:`_iter_links` finds,
    computed plainly with ``_LINK_RE`` (quadratic on hostile input; tests compare the two)."""
    return [(m.start(), m.end(), m.group("text"), m.start("url"), m.end("url")) for m in _LINK_RE.finditer(text, start, end)]


@dataclass
class FrontMatterBlock:
    """The ``---`` block at the top. Lines are 1-based file lines."""

    start_line: int  # the opening ``---``
    end_line: int  # the closing ``---`` (or the last line when unterminated)
    closed: bool
    text_start: int  # offset of the first YAML character
    text_end: int  # offset just past the YAML text
    data: Any = None  # the parsed mapping (None when it did not parse)
    keys: list = field(default_factory=list)  # list[fm.FMKey], offsets into the document
    error: Optional[fm.FrontMatterError] = None
    error_offset: int = 0
    format: str = "yaml"  # "yaml" (---), "toml" (+++) or "json" ({ ... }): layout front-matter-formats
    #: (dotted path, key start, key end, first key's start) of each key given twice in a nested mapping
    nested_duplicates: list = field(default_factory=list)

    def key(self, name: str):
        """The last occurrence of ``name`` (what YAML keeps), or None."""
        found = None
        for k in self.keys:
            if k.name == name:
                found = k
        return found


@dataclass
class Link:
    text: str
    url: str
    start: int  # offset of ``[``
    end: int  # offset just past ``)``
    url_start: int
    url_end: int
    line: int


@dataclass
class Block:
    """A block of a section's body: a paragraph (maybe a list item), code, html or sub-heading."""

    kind: str  # "paragraph", "code", "html", "heading", "table", "other"
    start_line: int
    end_line: int
    start: int  # offset of the first character of the first line
    end: int  # offset just past the last character of the last line
    content: str = ""  # inline content as markdown-it sees it (markers, indentation stripped)
    list_item: bool = False  # the first paragraph of a list item
    in_list: bool = False
    in_blockquote: bool = False
    _inline: Any = field(default=None, repr=False)
    _env: Any = field(default=None, repr=False, compare=False)  # set while the inline children are unparsed

    @property
    def inline(self) -> Any:
        """The markdown-it inline token (children give emphasis, code spans, links), its
        children parsed on first use (see :func:`digestlint._markdown.parse_inline`)."""
        tok = self._inline
        if tok is not None and self._env is not None:
            from digestlint._markdown import parse_inline

            parse_inline(tok, self._env)
            self._env = None
        return tok


@dataclass
class Section:
    name: str
    level: int
    heading_line: int
    heading_start: int
    heading_end: int
    name_start: int
    name_end: int
    blocks: list[Block] = field(default_factory=list)
    end_line: int = 0  # last line of the section (before the next heading that ends it)
    #: how it is marked: "heading", "bold-line", "bold-list-item", "labelled-item", or "implicit"
    #: (a one-paper file's text before its first section); the layout says which styles exist
    style: str = "heading"


@dataclass
class Paper:
    level: int
    heading_line: int
    heading_start: int
    heading_end: int
    heading_text: str  # the heading's text after the hashes
    number: Optional[int]
    number_start: int
    number_end: int
    title: Optional[str]
    title_start: int
    title_end: int
    url: Optional[str]
    url_start: int
    url_end: int
    lead: list[Block] = field(default_factory=list)  # blocks between heading and first section
    links: list[Link] = field(default_factory=list)  # links in ``lead`` (the Alphaxiv line ...)
    sections: list[Section] = field(default_factory=list)
    end_line: int = 0
    #: the paper's arXiv identifier as the layout finds it (heading, link, front matter, file
    #: name; see ``papers.id-from``); None under the default layout (rules read the heading's URL)
    id: Optional[str] = None
    id_start: int = -1  # its offsets in the text (-1: not in the text, e.g. from the file name)
    id_end: int = -1
    id_source: str = ""
    has_heading: bool = True  # False: the file is the paper (``papers.kind: file``)
    matches_pattern: bool = True  # False: a heading of a paper level that does not match ``papers.pattern``

    def section(self, name: str) -> Optional[Section]:
        for s in self.sections:
            if s.name == name:
                return s
        return None


@dataclass
class Suppressions:
    """The valid suppression comments of a file, as line ranges per rule.

    ``entries``: ``(rule ID or "*", first line, last line, directive)``, where ``directive`` is
    the index in ``directives`` of the comment that made the entry; ``directives``: where each
    comment is (``[line, column, end_line, end_column]``, for DL006); ``used``: indices of the
    entries that suppressed a finding of a per-document rule (set by the engine; corpus rules'
    use is tracked per run). Everything is JSON-serialisable (the cache stores it)."""

    entries: list = field(default_factory=list)
    directives: list = field(default_factory=list)
    used: set = field(default_factory=set)

    def is_empty(self) -> bool:
        return not self.entries

    def matching(self, line: int, keys: tuple[str, ...]) -> list[int]:
        """Indices of the entries that suppress a finding of rule ``keys`` (ID, name) at ``line``."""
        return [i for i, (rule, first, last, _) in enumerate(self.entries)
                if first <= line <= last and (rule == "*" or rule in keys)]

    def suppresses(self, line: int, keys: tuple[str, ...]) -> bool:
        return bool(self.matching(line, keys))


@dataclass(frozen=True)
class SuppressionProblem:
    """A ``digestlint-...`` comment that disables nothing (DL005): offsets into ``Document.text``."""

    start: int
    end: int
    message: str


def _rule_tokens(text: str, base: int) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` of the rules named in a comment; an ESLint-style `` -- reason``
    at the end is a description, not rules."""
    cut = re.search(r"(?:^|\s)--(?:\s|$)", text)
    if cut:
        text = text[: cut.start()]
    return [(m.group(), base + m.start(), base + m.end()) for m in _SUPPRESS_TOKEN_RE.finditer(text)]


class Document:
    def __init__(self, text: str, path: str = "<stdin>", *, bom: bool = False, layout=None):
        if layout is None:
            from digestlint.layout import default_layout

            layout = default_layout()
        self.layout = layout  # digestlint.layout.Layout: how papers, sections, links are written
        self.unwrapped_fences: list[tuple[int, int]] = []  # (open line, close line or 0): fenced-answers: unwrap
        self.path = path
        self.bom = bom
        self.source = text  # original text (without BOM), original line endings
        if "\r" in text:
            self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        else:
            self.text = text
        #: lines whose text is not NFC: line index -> (the line as written, a map from each
        #: column of the NFC line to the column as written). ``text`` is the NFC form (rules see
        #: composed Hangul whatever the file holds); positions are mapped back at the edges.
        self.unnormalized: dict[int, tuple[str, list[int]]] = {}
        if not self.text.isascii() and not unicodedata.is_normalized("NFC", self.text):
            self.text = self._to_nfc(self.text)
        self.lines = self.text.split("\n")
        self.line_starts = [0, *accumulate(len(line) + 1 for line in self.lines[:-1])]
        self._memo: dict = {}
        self.front_matter: Optional[FrontMatterBlock] = None
        self.front_matter_problem: Optional[str] = None  # DL003 message
        self._split_front_matter()

    # ----------------------------------------------------------------- shared derived data
    def memo(self, key, factory):
        """Compute ``factory()`` once per document and key: derived data several rules share
        (masked prose, sentence splits, link scans). Rules stay pure: the memo lives and dies
        with the document."""
        memo = self._memo
        try:
            return memo[key]
        except KeyError:
            value = memo[key] = factory()
            return value

    # the prose layer (digestlint.analysis.prose), computed once and kept in the memo
    def prose(self, block: "Block") -> Optional["Prose"]:
        """A paragraph block's :class:`~digestlint.analysis.prose.Prose` (None for other blocks)."""
        from digestlint.analysis import prose

        return prose.prose(self, block)

    def section_prose(self, section: "Section") -> list[tuple["Block", "Prose"]]:
        """``(block, Prose)`` of each paragraph of a section (a shared list: do not modify it)."""
        from digestlint.analysis import prose

        return prose.section_prose(self, section)

    def section_norm(self, section: "Section") -> str:
        """The normalised text of a section's paragraphs (their ``Prose.norm`` joined by spaces)."""
        from digestlint.analysis import prose

        return prose.section_norm(self, section)

    def language_prose(self) -> list[tuple[Optional["Paper"], "Section", "Block", "Masked"]]:
        """``(paper, section, block, Masked)`` of every paragraph of a section, masked for
        language identification (DL401, DL403, DL406; ``Masked.units``: its sentences)."""
        from digestlint.analysis import prose

        return prose.language_prose(self)

    # ----------------------------------------------------------------- positions
    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset; columns count characters (code points) of the
        file as written (a decomposed syllable counts its jamo)."""
        offset = max(0, min(offset, len(self.text)))
        idx = bisect.bisect_right(self.line_starts, offset) - 1
        col = offset - self.line_starts[idx]
        if self.unnormalized:
            mapped = self.unnormalized.get(idx)
            if mapped is not None:
                col = mapped[1][col]
        return idx + 1, col + 1

    def _to_nfc(self, text: str) -> str:
        """``text`` in NFC, line by line, recording each changed line's column map."""
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if line.isascii() or unicodedata.is_normalized("NFC", line):
                continue
            nfc, cols = nfc_with_map(line)
            self.unnormalized[i] = (line, cols)
            lines[i] = nfc
        return "\n".join(lines)

    def offset(self, line: int, column: int = 1) -> int:
        return self.line_starts[line - 1] + column - 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets of a 1-based line's first character and its end (before the newline)."""
        start = self.line_starts[line - 1]
        return start, start + len(self.lines[line - 1])

    def line_text(self, line: int) -> str:
        return self.lines[line - 1]

    def content_span(self, line: int) -> tuple[int, int]:
        """Like :meth:`line_span` but without leading and trailing whitespace (when any is left)."""
        start, end = self.line_span(line)
        text = self.lines[line - 1]
        stripped = text.strip()
        if not stripped:
            return start, end
        lead = len(text) - len(text.lstrip())
        return start + lead, start + lead + len(stripped)

    @cached_property
    def _source_line_starts(self) -> list[int]:
        starts = [0]
        src = self.source
        i, n = 0, len(src)
        while i < n:
            c = src[i]
            if c == "\n":
                starts.append(i + 1)
            elif c == "\r":
                if i + 1 < n and src[i + 1] == "\n":
                    i += 1
                starts.append(i + 1)
            i += 1
        return starts

    def source_offset(self, offset: int) -> int:
        """Map an offset of ``text`` to the same character in ``source`` (original line endings)."""
        if self.source is self.text:
            return offset
        line, col = self.position(offset)
        return self._source_line_starts[line - 1] + col - 1

    # ----------------------------------------------------------------- front matter
    def _split_front_matter(self) -> None:
        lines = self.lines
        layout = self.layout
        if layout.front_matter == "absent":
            return
        if layout.front_matter_formats != ("yaml",) and lines and not FM_OPEN.match(lines[0]):
            from digestlint import fm_formats

            if fm_formats.split(self, layout.front_matter_formats):
                return
        if not lines or not FM_OPEN.match(lines[0]):
            if layout.front_matter == "optional":
                return
            if not self.text.strip():
                self.front_matter_problem = "the file is empty: a post starts with a '---' front matter block"
            else:
                self.front_matter_problem = "no front matter: a post must start with a '---' line"
            return
        close = None
        for i in range(1, len(lines)):
            if FM_CLOSE.match(lines[i]):
                close = i
                break
        text_start = self.line_starts[1] if len(lines) > 1 else len(self.text)
        if close is None:
            if layout.front_matter == "optional" and "yaml" not in layout.front_matter_formats:
                return
            self.front_matter_problem = "the front matter block opened on line 1 is never closed with '---'"
            return
        text_end = self.line_starts[close]
        block = FrontMatterBlock(
            start_line=1, end_line=close + 1, closed=True, text_start=text_start, text_end=text_end
        )
        self.front_matter = block
        try:
            parsed = fm.parse(self.text[text_start:text_end])
        except fm.FrontMatterError as exc:
            block.error = exc
            line = min(exc.line + 2, close)  # YAML line 0 is file line 2
            block.error_offset = min(self.offset(line, 1) + exc.column, self.line_span(line)[1])
            return
        block.data = parsed.data
        for key in parsed.keys:
            key.key_start += text_start
            key.key_end += text_start
            key.value_start += text_start
            key.value_end += text_start
            key.items = [(v, s + text_start, e + text_start, st) for v, s, e, st in key.items]
        block.keys = parsed.keys
        block.nested_duplicates = [(path, s + text_start, e + text_start, f + text_start)
                                   for path, s, e, f in parsed.nested_duplicates]

    @property
    def body_start_line(self) -> int:
        """First line (1-based) after the front matter block (1 when there is none)."""
        return self.front_matter.end_line + 1 if self.front_matter else 1

    @cached_property
    def date(self) -> Optional[str]:
        """The post's date (``YYYY-MM-DD``) from the layout's sources (``date``): the front
        matter key, else the file name; None when neither gives a valid date."""
        from digestlint.analysis.dates import date_of_value

        layout = self.layout
        key = layout.date_key
        if key:
            value = date_of_value(self.meta.get(key))
            if value:
                return value
        rx = layout.date_file_name
        if rx is None:
            return None
        m = rx.search(re.split(r"[\\/]", self.path)[-1])
        if not m:
            return None
        import datetime as _dt

        try:
            return _dt.date(int(m["year"]), int(m["month"]), int(m["day"])).isoformat()
        except ValueError:
            return None

    @property
    def meta(self) -> dict:
        """The parsed front matter mapping ({} when absent or invalid)."""
        fmb = self.front_matter
        return fmb.data if fmb is not None and isinstance(fmb.data, dict) else {}

    # ----------------------------------------------------------------- markdown
    @cached_property
    def tokens(self) -> list:
        """markdown-it-py block tokens of the body; ``token.map`` lines are 0-based file lines.
        The ``children`` of ``inline`` tokens are not parsed here: a block's ``inline`` property
        parses them on first use (the inline phase is a third of the parse, few rules need it)."""
        from digestlint._markdown import block_parser

        skip = self.body_start_line - 1
        body = "\n" * skip + "\n".join(self.lines[skip:])
        self._md_env: dict[str, Any] = {}
        toks = block_parser().parse(body, self._md_env)
        if self.layout.unwrap_fences:
            toks = self._unwrap_fences(toks, skip)
        if len(toks) >= 2 * _MAX_NESTING and ">" * _MAX_NESTING in body.replace(" ", ""):
            toks = self._too_deep_quotes(toks)
        return toks

    def _too_deep_quotes(self, toks: list) -> list:
        """Blockquotes nested deeper than markdown-it's nesting limit come out empty (the
        parser drops their content: a placeholder inside 20 ``>`` was invisible to every rule).
        Their lines, with every quote marker stripped, are parsed again and the blocks put in
        the innermost quote, one nesting level deeper (a heading there is no paper heading)."""
        from digestlint._markdown import block_parser

        out = []
        for i, tok in enumerate(toks):
            out.append(tok)
            if (tok.type == "blockquote_open" and tok.map and tok.level >= _MAX_NESTING - 1
                    and i + 1 < len(toks) and toks[i + 1].type == "blockquote_close"):
                first, last = tok.map
                inner = [self.lines[k][_quote_marks_end(self.lines[k]):] for k in range(first, last)]
                sub = block_parser().parse("\n" * first + "\n".join(inner), self._md_env)
                for t in sub:
                    t.level += tok.level + 1
                out.extend(sub)
        return out

    def _unwrap_fences(self, toks: list, skip: int) -> list:
        """Parse again without the lines of top-level ```` ```markdown ```` fences (the model's
        answer pasted verbatim), so that rules read their content as markdown. The fences are
        kept in ``unwrapped_fences`` (DL502 reports them)."""
        fences = []
        for tok in toks:
            if tok.type != "fence" or tok.level != 0 or not tok.map:
                continue
            info = (tok.info or "").strip().split()
            if not info or info[0].lower() not in ("markdown", "md"):
                continue
            first, last = tok.map[0] + 1, tok.map[1]
            closed = last > first and re.match(r"[ ]{0,3}(`{3,}|~{3,})[ \t]*\Z", self.lines[last - 1]) is not None
            fences.append((first, last if closed else 0))
        if not fences:
            return toks
        self.unwrapped_fences = fences
        lines = list(self.lines)
        for first, last in fences:
            lines[first - 1] = ""
            if last:
                lines[last - 1] = ""
        from digestlint._markdown import block_parser

        body = "\n" * skip + "\n".join(lines[skip:])
        self._md_env = {}
        return block_parser().parse(body, self._md_env)

    @cached_property
    def code_lines(self) -> frozenset:
        """1-based lines inside fenced or indented code blocks."""
        lines: set[int] = set()
        for tok in self.tokens:
            if tok.type in ("fence", "code_block") and tok.map:
                lines.update(range(tok.map[0] + 1, tok.map[1] + 1))
        return frozenset(lines)

    def _heading_parts(self, line_no: int):
        m = _HEADING_RE.match(self.lines[line_no - 1])
        if not m:
            return None
        return m

    @cached_property
    def _structure(self) -> tuple[list[Block], list[Section], list[Paper]]:
        if not self.layout.classic:
            from digestlint import structure

            return structure.build(self)
        preamble: list[Block] = []
        loose_sections: list[Section] = []
        papers: list[Paper] = []
        current_paper: Optional[Paper] = None
        current_section: Optional[Section] = None
        list_depth = 0
        quote_depth = 0
        item_open = False
        toks = self.tokens
        i = 0
        n = len(toks)
        while i < n:
            tok = toks[i]
            t = tok.type
            if t == "bullet_list_open" or t == "ordered_list_open":
                list_depth += 1
            elif t == "bullet_list_close" or t == "ordered_list_close":
                list_depth -= 1
            elif t == "blockquote_open":
                quote_depth += 1
            elif t == "blockquote_close":
                quote_depth -= 1
            elif t == "list_item_open":
                item_open = True
            elif t == "heading_open" and tok.level == 0:
                level = int(tok.tag[1])
                line_no = tok.map[0] + 1
                inline = toks[i + 1]
                content = inline.content
                if level == 1 or _WRONG_LEVEL_PAPER_RE.match(content):
                    current_paper = self._make_paper(level, line_no)
                    papers.append(current_paper)
                    current_section = None
                elif level == 2:
                    current_section = self._make_section(level, line_no)
                    if current_paper is not None:
                        current_paper.sections.append(current_section)
                    else:
                        loose_sections.append(current_section)
                else:
                    block = self._block("heading", tok, inline, False, False, False)
                    self._add_block(block, preamble, current_paper, current_section)
                i += 3
                continue
            elif t == "paragraph_open":
                inline = toks[i + 1]
                block = self._block("paragraph", tok, inline, item_open, list_depth > 0, quote_depth > 0)
                item_open = False
                self._add_block(block, preamble, current_paper, current_section)
                i += 3
                continue
            elif t in ("fence", "code_block", "html_block", "table_open", "hr") and tok.map:
                kind = {"fence": "code", "code_block": "code", "html_block": "html", "table_open": "table"}.get(t, "other")
                block = self._block(kind, tok, None, False, list_depth > 0, quote_depth > 0)
                self._add_block(block, preamble, current_paper, current_section)
            i += 1
        last = len(self.lines)
        # close line ranges
        for idx, paper in enumerate(papers):
            paper.end_line = (papers[idx + 1].heading_line - 1) if idx + 1 < len(papers) else last
            for sidx, sec in enumerate(paper.sections):
                sec.end_line = (paper.sections[sidx + 1].heading_line - 1) if sidx + 1 < len(paper.sections) else paper.end_line
            paper.links = [link for b in paper.lead for link in self._links_in(b)]
        first_paper_line = papers[0].heading_line - 1 if papers else last
        for sidx, sec in enumerate(loose_sections):
            sec.end_line = (loose_sections[sidx + 1].heading_line - 1) if sidx + 1 < len(loose_sections) else first_paper_line
        return preamble, loose_sections, papers

    @staticmethod
    def _add_block(block, preamble, paper, section) -> None:
        if section is not None:
            section.blocks.append(block)
        elif paper is not None:
            paper.lead.append(block)
        else:
            preamble.append(block)

    def _block(self, kind, tok, inline, list_item, in_list, in_quote) -> Block:
        first, last = tok.map[0] + 1, tok.map[1]
        if last < first:
            last = first
        start = self.line_starts[first - 1]
        end = self.line_span(last)[1]
        return Block(
            kind=kind,
            start_line=first,
            end_line=last,
            start=start,
            end=end,
            content=inline.content if inline is not None else tok.content,
            list_item=list_item,
            in_list=in_list,
            in_blockquote=in_quote,
            _inline=inline,
            _env=self._md_env if inline is not None else None,
        )

    def _make_section(self, level: int, line_no: int) -> Section:
        start, end = self.line_span(line_no)
        m = self._heading_parts(line_no)
        name = m.group("rest").strip() if m else self.lines[line_no - 1].strip("# \t")
        name_start = start + (m.start("rest") if m else 0)
        return Section(
            name=name,
            level=level,
            heading_line=line_no,
            heading_start=start,
            heading_end=end,
            name_start=name_start,
            name_end=name_start + len(name),
        )

    def _make_paper(self, level: int, line_no: int) -> Paper:
        start, end = self.line_span(line_no)
        m = self._heading_parts(line_no)
        rest = m.group("rest") if m else ""
        rest_start = start + (m.start("rest") if m else 0)
        number = None
        number_start = number_end = rest_start
        pm = _PAPER_PREFIX_RE.match(rest)
        after = rest
        after_start = rest_start
        if pm:
            number = int(pm.group("num")) if len(pm.group("num")) < 10 else None
            number_start = rest_start + pm.start("num")
            number_end = rest_start + pm.end("num")
            after = rest[pm.end():]
            after_start = rest_start + pm.end()
        title = url = None
        title_start = title_end = url_start = url_end = after_start
        lm = _LINK_RE.match(after)
        if lm and lm.end() == len(after.rstrip()):
            title = lm.group("text")
            title_start = after_start + lm.start("text")
            title_end = after_start + lm.end("text")
            url = lm.group("url").strip()
            url_start = after_start + lm.start("url")
            url_end = after_start + lm.end("url")
        return Paper(
            level=level,
            heading_line=line_no,
            heading_start=start,
            heading_end=end,
            heading_text=rest,
            number=number,
            number_start=number_start,
            number_end=number_end,
            title=title,
            title_start=title_start,
            title_end=title_end,
            url=url,
            url_start=url_start,
            url_end=url_end,
        )

    def _links_in(self, block: Block) -> list[Link]:
        links: list[Link] = []
        if block.kind != "paragraph":
            return links
        for m, url_end in _iter_links(self.text, block.start, block.end):
            links.append(
                Link(
                    text=m.group("text"),
                    url=self.text[m.end():url_end].strip(),
                    start=m.start(),
                    end=url_end + 1,
                    url_start=m.end(),
                    url_end=url_end,
                    line=self.position(m.start())[0],
                )
            )
        return links

    def links_in(self, block: Block) -> list[Link]:
        """Every ``[text](url)`` of a paragraph block, with offsets."""
        return self._links_in(block)

    def walk_blocks(self):
        """Every block of the body in document order, as ``(paper or None, section or None, block)``:
        the preamble, loose sections, then each paper's lead and sections."""
        for b in self.preamble:
            yield None, None, b
        for sec in self.loose_sections:
            for b in sec.blocks:
                yield None, sec, b
        for paper in self.papers:
            for b in paper.lead:
                yield paper, None, b
            for sec in paper.sections:
                for b in sec.blocks:
                    yield paper, sec, b

    @property
    def preamble(self) -> list[Block]:
        """Blocks of the body before the first paper heading."""
        return self._structure[0]

    @property
    def loose_sections(self) -> list[Section]:
        """``##`` sections before the first paper heading."""
        return self._structure[1]

    @property
    def papers(self) -> list[Paper]:
        return self._structure[2]

    # ----------------------------------------------------------------- suppressions
    @cached_property
    def suppressions(self) -> Suppressions:
        return self._suppressions[0]

    @property
    def suppression_problems(self) -> list[SuppressionProblem]:
        """Comments that look like suppressions but disable nothing (DL005)."""
        return self._suppressions[1]

    @cached_property
    def _suppressions(self) -> tuple[Suppressions, list[SuppressionProblem]]:
        sup = Suppressions()
        problems: list[SuppressionProblem] = []
        if "digestlint-" not in self.text:
            return sup, problems
        from difflib import get_close_matches

        from digestlint import registry

        code = self.code_lines
        open_ranges: dict[str, tuple[int, int]] = {}  # rule -> (first line, directive)
        text = self.text
        fm_block = self.front_matter
        fm_last = fm_block.end_line if fm_block is not None else 0
        for m_start, (k_start, k_end), (r_start, r_end), m_end in iter_suppressions(text):
            line = self.position(m_start)[0]
            if line in code:
                continue
            if line <= fm_last:
                # in the front matter it is YAML (a comment or a value), not an HTML comment
                problems.append(SuppressionProblem(
                    k_start - len("digestlint-"), k_end,
                    "a suppression comment inside the front matter is not an HTML comment of the post; "
                    "it disables nothing (put it below the front matter)"))
                continue
            word = text[k_start:k_end]
            rules_text = text[r_start:r_end]
            kind = word.lower()
            if kind not in SUPPRESS_KINDS or (rules_text and not rules_text[0].isspace()):
                close = get_close_matches(kind, SUPPRESS_KINDS, n=1, cutoff=0.6)
                hint = f"; did you mean 'digestlint-{close[0]}'?" if close else f" (known: {', '.join(SUPPRESS_KINDS)})"
                problems.append(SuppressionProblem(
                    k_start - len("digestlint-"), k_end,
                    f"unknown suppression directive 'digestlint-{word}'{hint}; it disables nothing"))
                continue
            rules: list[str] = []
            bad = []
            for token, start, end in _rule_tokens(rules_text, r_start):
                rule = registry.lookup(token)
                if rule is not None:
                    rules.append(rule.id)
                elif token.upper() == "ALL":
                    rules.append("*")
                else:
                    bad.append((token, start, end))
            if bad:
                for token, start, end in bad:
                    names = [r.id for r in registry.all_rules()] + [r.name for r in registry.all_rules()]
                    close = get_close_matches(token, names, n=1, cutoff=0.6)
                    hint = f"; did you mean {close[0]!r}?" if close else " (see --list-rules)"
                    problems.append(SuppressionProblem(
                        start, end, f"unknown rule {token!r} in a suppression{hint}; the comment disables nothing"))
                continue
            rules = list(dict.fromkeys(rules)) or ["*"]
            if "*" in rules:
                rules = ["*"]
            end_line = self.position(m_end)[0]
            directive = len(sup.directives)
            first = self.position(m_start)
            last = self.position(m_end)
            sup.directives.append([first[0], first[1], last[0], last[1]])
            if kind == "disable-file":
                for r in rules:
                    sup.entries.append((r, 1, len(self.lines), directive))
            elif kind == "disable-next-line":
                for r in rules:
                    sup.entries.append((r, end_line + 1, end_line + 1, directive))
            elif kind == "disable-line":
                for r in rules:
                    sup.entries.append((r, line, line, directive))
            elif kind == "disable":
                for r in rules:
                    open_ranges.setdefault(r, (line, directive))
            else:  # enable
                targets = list(open_ranges) if "*" in rules else [r for r in rules if r in open_ranges]
                for r in targets:
                    start_line, opened_by = open_ranges.pop(r)
                    sup.entries.append((r, start_line, line, opened_by))
        for r, (start_line, opened_by) in open_ranges.items():
            sup.entries.append((r, start_line, len(self.lines), opened_by))
        return sup, problems
