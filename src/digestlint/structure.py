"""Papers and sections of a post under a layout other than the default shape.

:meth:`digestlint.document.Document._structure` builds the default shape itself (its fast path,
unchanged); any other layout (see :mod:`digestlint.layout`) is built here from the same
markdown-it block tokens, in one walk:

- a heading is a paper when the layout's papers are headings of its level (``select: all``) or
  match its ``pattern`` (``select: matching``), and matches none of ``not-papers``; with
  ``kind: file`` the file itself is the one paper;
- a section starts at a heading of ``sections.levels`` (style ``heading``), a paragraph whose first
  line is only bold text (``bold-line``), an ordered list item that is only bold text
  (``bold-list-item``) or a list item starting with a bold label (``labelled-item``). Bold lines and
  items count when their name is a known section or alias, or starts with a number; ``not-sections``
  matches are neither;
- a paper's number, title, identifier and URL come from the pattern's named groups, its title
  from a ``title-line`` among its first lines, its identifier from the sources of ``id-from``;
- a paper's links are those of its lead (between the heading and the first section) and of every
  *link line* of the paper (a paragraph that is only links, bare URLs, labels and separators).
"""

from __future__ import annotations

import re
from typing import Optional

from digestlint.document import Block, Link, Paper, Section

_BOLD_LINE_RE = re.compile(r"(?P<mark>\*\*|__)(?P<name>[^*_\n]*?[^*_\s][^*_\n]*?)(?P=mark)[ \t]*(?P<colon>[:：])?[ \t]*\Z")
_BOLD_LABEL_RE = re.compile(r"(?P<mark>\*\*|__)(?P<name>[^*_\n]+?)(?P=mark)")
_NUMBERED_RE = re.compile(r"\d+[.)]")
_LINK_MD_RE = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)")
_IMAGE_MD_RE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_BARE_URL_RE = re.compile(r"<(?P<auto>https?://[^\s<>]+)>|(?<![(<\w/])(?P<bare>https?://[^\s<>()\[\]]+)")
_LINK_LINE_REST_RE = re.compile(r"[\W_]*", re.UNICODE)
_TRAILING_PUNCT = ".,;:!?。，；：！？"


def is_wrapper(layout, text: str) -> bool:
    """A heading or bold line the layout names as neither paper nor section (``not-sections``)."""
    name = text.strip()
    m = _BOLD_LINE_RE.match(name)
    if m:
        name = m["name"].strip()
    return any(rx.fullmatch(name) or rx.match(name) for rx in layout.not_sections)


def is_link_line(text: str) -> bool:
    return _is_link_line(text)


def _is_link_line(text: str) -> bool:
    """Only links, bare URLs, a bold label and separators (``🔗 url``, ``[arXiv](…) | [HF](…)``)."""
    if "http" not in text and "](" not in text:
        return False
    rest = _IMAGE_MD_RE.sub(" ", text)  # images first: a linked image is `[![alt](src)](url)`
    rest = _LINK_MD_RE.sub(" ", rest)
    rest = _BARE_URL_RE.sub(" ", rest)
    rest = _BOLD_LABEL_RE.sub(" ", rest, count=1)
    return _LINK_LINE_REST_RE.fullmatch(rest) is not None


def bare_links(doc, block: Block) -> list[Link]:
    """Bare URLs and autolinks of a paragraph block (outside ``[text](url)`` links)."""
    text = doc.text
    out: list[Link] = []
    seg = text[block.start:block.end]
    if "http" not in seg:
        return out
    covered = [(m.start(), m.end()) for m in _LINK_MD_RE.finditer(seg)]
    for m in _BARE_URL_RE.finditer(seg):
        if any(s <= m.start() < e for s, e in covered):
            continue
        g = "auto" if m.group("auto") else "bare"
        s, e = m.start(g), m.end(g)
        if g == "bare":
            while e > s and seg[e - 1] in _TRAILING_PUNCT:
                e -= 1
        url = seg[s:e]
        start = block.start + (m.start() if g == "auto" else s)
        end = block.start + (m.end() if g == "auto" else e)
        out.append(
            Link(text=url, url=url, start=start, end=end, url_start=block.start + s, url_end=block.start + e,
                 line=doc.position(block.start + s)[0])
        )
    return out


def block_links(doc, block: Block) -> list[Link]:
    links = doc.links_in(block)
    if doc.layout.bare_urls:
        extra = bare_links(doc, block)
        if extra:
            links = sorted(links + extra, key=lambda link: link.start)
    return links


class _Builder:
    def __init__(self, doc):
        self.doc = doc
        self.layout = lay = doc.layout
        from digestlint.analysis import sections as section_model

        self.spec = section_model.spec_for_layout(lay)
        self.styles = lay.section_styles
        self.preamble: list[Block] = []
        self.loose: list[Section] = []
        self.papers: list[Paper] = []
        self.paper: Optional[Paper] = None
        self.section: Optional[Section] = None

    # ------------------------------------------------------------------ classification
    def _paper_heading(self, level: int, content: str) -> Optional[re.Match | _NoMatch]:
        lay = self.layout
        if lay.paper_kind != "heading":
            return None
        for rx in lay.not_papers:
            if rx.match(content):
                return None
        pat = lay.paper_pattern
        m = pat.match(content) if pat is not None else None
        if level in lay.paper_levels:
            if m is not None or lay.get("papers", "select", default="all") == "all":
                return m if m is not None else _NO_MATCH
            return None
        other = lay.other_levels_pattern
        if other is not None and other.match(content):
            return m if m is not None else _NO_MATCH
        return None

    def _not_section(self, name: str) -> bool:
        return any(rx.fullmatch(name.strip()) or rx.match(name.strip()) for rx in self.layout.not_sections)

    def _known(self, name: str) -> bool:
        return bool(_NUMBERED_RE.match(name.strip())) or self.spec.classify(name) is not None

    # ------------------------------------------------------------------ building
    def _add(self, block: Block) -> None:
        if self.section is not None:
            self.section.blocks.append(block)
        elif self.paper is not None:
            self.paper.lead.append(block)
        else:
            self.preamble.append(block)

    def _start_section(self, sec: Section) -> None:
        self.section = sec
        if self.paper is not None:
            self.paper.sections.append(sec)
        else:
            self.loose.append(sec)

    def _section_at(self, line_no: int, name: str, name_start: int, style: str) -> Section:
        doc = self.doc
        start, end = doc.line_span(line_no)
        return Section(
            name=name, level=0, heading_line=line_no, heading_start=start, heading_end=end,
            name_start=name_start, name_end=name_start + len(name), style=style,
        )

    def build(self):
        doc = self.doc
        lay = self.layout
        toks = doc.tokens
        if lay.paper_kind == "file":
            self._file_paper()
        list_types: list[str] = []
        quote_depth = 0
        item_open = False
        n = len(toks)
        i = 0
        while i < n:
            tok = toks[i]
            t = tok.type
            if t == "bullet_list_open" or t == "ordered_list_open":
                list_types.append(t)
            elif t == "bullet_list_close" or t == "ordered_list_close":
                if list_types:
                    list_types.pop()
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
                pm = self._paper_heading(level, content)
                if pm is not None:
                    self.paper = self._make_paper(level, line_no, pm)
                    self.papers.append(self.paper)
                    self.section = None
                elif "heading" in self.styles and level in lay.section_levels and not self._not_section(content):
                    sec = doc._make_section(level, line_no)
                    sec.style = "heading"
                    self._start_section(sec)
                else:
                    self._add(doc._block("heading", tok, inline, False, False, False))
                i += 3
                continue
            elif t == "paragraph_open":
                inline = toks[i + 1]
                in_list = bool(list_types)
                block = doc._block("paragraph", tok, inline, item_open, in_list, quote_depth > 0)
                first_of_item = item_open
                item_open = False
                if not self._paragraph_section(block, inline, first_of_item, list_types, quote_depth):
                    self._add(block)
                i += 3
                continue
            elif t in ("fence", "code_block", "html_block", "table_open", "hr") and tok.map:
                kind = {"fence": "code", "code_block": "code", "html_block": "html", "table_open": "table"}.get(t, "other")
                self._add(doc._block(kind, tok, None, False, bool(list_types), quote_depth > 0))
            i += 1
        self._finish()
        return self.preamble, self.loose, self.papers

    def _paragraph_section(self, block: Block, inline, first_of_item: bool, list_types: list, quote_depth: int) -> bool:
        """Start a section at a bold line / bold item / labelled item; True when ``block`` was used."""
        styles = self.styles
        if quote_depth:
            return False
        content = block.content
        first_line, _, rest = content.partition("\n")
        if not first_of_item and not list_types and "bold-line" in styles:
            m = _BOLD_LINE_RE.match(first_line.strip())
            if m and self._known(m["name"]) and not self._not_section(m["name"]):
                name_start = self._name_offset(block.start_line, m["name"])
                sec = self._section_at(block.start_line, m["name"].strip(), name_start, "bold-line")
                self._start_section(sec)
                if rest.strip():
                    self._add(self._tail_block(block, inline, rest))
                return True
            if m and self._not_section(m["name"]):
                return False
        if first_of_item and len(list_types) == 1:
            if "bold-list-item" in styles and list_types[-1] == "ordered_list_open":
                m = _BOLD_LINE_RE.match(first_line.strip())
                if m and self._known(m["name"]) and not self._not_section(m["name"]):
                    name_start = self._name_offset(block.start_line, m["name"])
                    sec = self._section_at(block.start_line, m["name"].strip(), name_start, "bold-list-item")
                    self._start_section(sec)
                    if rest.strip():
                        self._add(self._tail_block(block, inline, rest))
                    return True
            if "labelled-item" in styles:
                m = _BOLD_LABEL_RE.match(first_line.strip())
                if m:
                    label = m["name"].strip().rstrip(":：").strip()
                    tail = first_line.strip()[m.end():]
                    if tail.lstrip().startswith((":", "：")) or m["name"].strip().endswith((":", "：")):
                        match = self.spec.classify(label)
                        if match is not None and match.certain and not self._not_section(label):
                            name_start = self._name_offset(block.start_line, label)
                            sec = self._section_at(block.start_line, label, name_start, "labelled-item")
                            self._start_section(sec)
                            self._add(block)
                            return True
        return False

    def _name_offset(self, line_no: int, name: str) -> int:
        start = self.doc.line_starts[line_no - 1]
        idx = self.doc.lines[line_no - 1].find(name.strip())
        return start + max(idx, 0)

    def _tail_block(self, block: Block, inline, rest: str) -> Block:
        """The lines of a paragraph after its bold label line, as a block of their own."""
        from markdown_it.token import Token

        doc = self.doc
        first = block.start_line + 1
        tok = Token("inline", "", 0, content=rest, map=[first - 1, block.end_line], children=None)
        return Block(
            kind="paragraph", start_line=first, end_line=block.end_line, start=doc.line_starts[first - 1],
            end=block.end, content=rest, list_item=False, in_list=block.in_list, in_blockquote=block.in_blockquote,
            _inline=tok, _env=getattr(doc, "_md_env", None),
        )

    # ------------------------------------------------------------------ papers
    def _file_paper(self) -> None:
        doc = self.doc
        first = doc.body_start_line
        while first <= len(doc.lines) and not doc.lines[first - 1].strip():
            first += 1
        if first > len(doc.lines):
            return  # an empty body: no paper (DL201)
        start, end = doc.line_span(first)
        self.paper = Paper(
            level=0, heading_line=first, heading_start=start, heading_end=start, heading_text="",
            number=None, number_start=start, number_end=start, title=None, title_start=start, title_end=start,
            url=None, url_start=start, url_end=start, has_heading=False,
        )
        self.papers.append(self.paper)

    def _make_paper(self, level: int, line_no: int, m) -> Paper:
        doc = self.doc
        start, end = doc.line_span(line_no)
        hm = doc._heading_parts(line_no)
        rest = hm.group("rest") if hm else ""
        rest_start = start + (hm.start("rest") if hm else 0)
        paper = Paper(
            level=level, heading_line=line_no, heading_start=start, heading_end=end, heading_text=rest,
            number=None, number_start=rest_start, number_end=rest_start, title=None, title_start=rest_start,
            title_end=rest_start, url=None, url_start=rest_start, url_end=rest_start,
        )
        if m is _NO_MATCH or m is None:
            paper.matches_pattern = False
            return paper
        gi = m.re.groupindex
        if "number" in gi and m.group("number") is not None:
            digits = m.group("number")
            paper.number = int(digits) if len(digits) < 10 else None
            paper.number_start, paper.number_end = rest_start + m.start("number"), rest_start + m.end("number")
        if "title" in gi and m.group("title") is not None:
            title = m.group("title")
            stripped = title.rstrip()
            paper.title = stripped
            paper.title_start = rest_start + m.start("title")
            paper.title_end = paper.title_start + len(stripped)
        if "url" in gi and m.group("url") is not None:
            url = m.group("url")
            lead = len(url) - len(url.lstrip())
            paper.url = url.strip()
            paper.url_start = rest_start + m.start("url")
            paper.url_end = rest_start + m.end("url")
            del lead
        if "id" in gi and m.group("id") is not None:
            paper.id = m.group("id")
            paper.id_start, paper.id_end = rest_start + m.start("id"), rest_start + m.end("id")
            paper.id_source = "heading"
        return paper

    def _finish(self) -> None:
        doc = self.doc
        lay = self.layout
        last = len(doc.lines)
        papers = self.papers
        for idx, paper in enumerate(papers):
            paper.end_line = (papers[idx + 1].heading_line - 1) if idx + 1 < len(papers) else last
            if not paper.has_heading and paper.lead:
                self._implicit_section(paper)
            for sidx, sec in enumerate(paper.sections):
                sec.end_line = (paper.sections[sidx + 1].heading_line - 1) if sidx + 1 < len(paper.sections) else paper.end_line
            links: list[Link] = []
            for b in paper.lead:
                links.extend(block_links(doc, b))
            for sec in paper.sections:
                for b in sec.blocks:
                    if b.kind == "paragraph" and _is_link_line(b.content):
                        links.extend(block_links(doc, b))
            paper.links = links
            if paper.title is None and lay.title_line is not None:
                self._title_from_lines(paper)
            if paper.id is None:
                self._id(paper)
        first_paper_line = papers[0].heading_line - 1 if papers else last
        for sidx, sec in enumerate(self.loose):
            sec.end_line = (self.loose[sidx + 1].heading_line - 1) if sidx + 1 < len(self.loose) else first_paper_line

    def _implicit_section(self, paper: Paper) -> None:
        """A file paper's text before its first section is its first section (``Summary``),
        unless the paper has that section under a heading of its own (``## 요약`` after an
        opening paragraph): then the opening text stays before the sections (it is not a second
        Summary)."""
        body = [b for b in paper.lead if not (b.kind == "paragraph" and _is_link_line(b.content)) and b.kind != "heading"]
        if not body or not self.spec.names:
            return
        first_name = self.spec.names[0]
        for s in paper.sections:
            m = self.spec.classify(s.name)
            if m is not None and m.certain and m.canonical == first_name:
                return
        keep = [b for b in paper.lead if b not in body]
        first = body[0]
        sec = Section(
            name=self.spec.names[0], level=0, heading_line=first.start_line, heading_start=first.start,
            heading_end=first.start, name_start=first.start, name_end=first.start, style="implicit",
            blocks=body,
        )
        paper.lead = keep
        paper.sections.insert(0, sec)

    def _title_from_lines(self, paper: Paper) -> None:
        doc = self.doc
        rx = self.layout.title_line
        blocks = list(paper.lead) + [b for s in paper.sections[:1] for b in s.blocks[:3]]
        for b in blocks:
            if b.kind != "paragraph":
                continue
            for line_no in range(b.start_line, b.end_line + 1):
                text = doc.lines[line_no - 1]
                m = rx.search(text)
                if m and m.group("title"):
                    title = m.group("title").rstrip()
                    base = doc.line_starts[line_no - 1]
                    paper.title = title
                    paper.title_start = base + m.start("title")
                    paper.title_end = paper.title_start + len(title)
                    return

    def _id(self, paper: Paper) -> None:
        doc = self.doc
        lay = self.layout
        for source in lay.id_from:
            if source == "heading" and paper.url:
                km = lay.match_link(paper.url)
                if km and "id" in km[1].re.groupindex and km[1]["id"]:
                    s = doc.text.find(km[1].string, paper.url_start, paper.url_end + 1)
                    base = s if s >= 0 else paper.url_start
                    paper.id = km[1]["id"]
                    paper.id_start, paper.id_end = base + km[1].start("id"), base + km[1].end("id")
                    paper.id_source = "heading"
                    return
            elif source == "link":
                kinds = set(lay.paper_link_kinds)
                for link in paper.links:
                    km = lay.match_link(link.url)
                    if km and km[0].name in kinds and "id" in km[1].re.groupindex and km[1]["id"]:
                        s = doc.text.find(link.url, link.url_start, link.url_end + 1)
                        base = s if s >= 0 else link.url_start
                        paper.id = km[1]["id"]
                        paper.id_start, paper.id_end = base + km[1].start("id"), base + km[1].end("id")
                        paper.id_source = "link"
                        return
            elif source == "front-matter":
                key = lay.get("papers", "id-key")
                fm = doc.front_matter
                value = doc.meta.get(key) if key else None
                if value is not None and str(value).strip():
                    k = fm.key(key) if fm is not None else None
                    paper.id = str(value).strip()
                    if k is not None and k.kind == "scalar":
                        raw = doc.text[k.value_start:k.value_end]
                        off = raw.find(paper.id)
                        if off >= 0:
                            paper.id_start, paper.id_end = k.value_start + off, k.value_start + off + len(paper.id)
                    paper.id_source = "front-matter"
                    return
            elif source == "file-name":
                rx = lay.id_file_name
                name = re.split(r"[\\/]", doc.path)[-1]
                m = rx.search(name) if rx is not None else None
                if m and m.group("id"):
                    paper.id = m.group("id")
                    paper.id_source = "file-name"
                    return


class _NoMatch:
    """A paper heading that does not match the layout's pattern (``select: all``)."""


_NO_MATCH = _NoMatch()


def build(doc):
    return _Builder(doc).build()
