"""Links: arXiv identifiers, the link kinds of ``rules/links.yaml``, and where links are.

The facts the link rules (DL301-DL308), the layout and the corpus index share:

- :func:`parse_arxiv_id` validates an arXiv identifier (new style ``YYMM.NNNNN`` with 4 digits
  after the dot until 2014 and 5 from 2015, old style ``archive(.SC)/YYMMNNN``; ``vN`` allowed).
- :func:`link_kinds` / :func:`match_link` classify a URL by the link kinds of ``rules/links.yaml``;
  :func:`arxiv_in_url` finds the identifier of an arXiv abs/pdf URL.
- :func:`url_span` (a link's URL without surrounding whitespace), :func:`body_links` (every
  ``[text](url)`` of the body outside code, computed once per document) and
  :func:`heading_arxiv_ids` (the valid arXiv identifier of each paper heading).
"""

from __future__ import annotations

import bisect
import functools
import re
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, Optional

if TYPE_CHECKING:
    from digestlint.document import Document, Link, Paper

# ---------------------------------------------------------------------------- arXiv identifiers
_NEW_ID = re.compile(r"(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<num>\d+)(?:v(?P<v>\d+))?")
_OLD_ID = re.compile(
    r"(?P<archive>[A-Za-z]+(?:-[A-Za-z]+)*)(?:\.(?P<sc>[A-Za-z]{2}))?/(?P<yy>\d{2})(?P<mm>\d{2})(?P<num>\d+)(?:v(?P<v>\d+))?"
)


@dataclass(frozen=True)
class ArxivId:
    base: str  # the identifier without version (old style: archive lower-cased, subject class upper-cased)
    version: Optional[int]
    year: int
    month: int

    @property
    def year_month(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parse_arxiv_id(text: str) -> tuple[Optional[ArxivId], str]:
    """``(ArxivId, "")`` for a valid identifier, else ``(None, why)`` (a phrase for a message)."""
    m = _NEW_ID.fullmatch(text)
    if m:
        yy, mm, num, v = int(m["yy"]), int(m["mm"]), m["num"], m["v"]
        if not 1 <= mm <= 12:
            return None, f"month {m['mm']} does not exist (YYMM.NNNNN)"
        if (yy, mm) < (7, 4):
            return None, "new-style identifiers start in April 2007 (0704.NNNN)"
        want = 4 if yy <= 14 else 5
        if len(num) != want:
            era = "before 2015" if want == 4 else "from 2015 on"
            return None, f"it has {len(num)} digits after the dot; identifiers {era} have {want}"
        if v is not None and (v.startswith("0")):
            return None, f"version v{v} does not exist (versions start at v1)"
        return ArxivId(f"{m['yy']}{m['mm']}.{num}", int(v) if v else None, 2000 + yy, mm), ""
    m = _OLD_ID.fullmatch(text)
    if m:
        yy, mm, num, v = int(m["yy"]), int(m["mm"]), m["num"], m["v"]
        if len(num) != 3:
            return None, f"it has {len(num)} digits after YYMM; old-style identifiers have 3 (archive/YYMMNNN)"
        if not 1 <= mm <= 12:
            return None, f"month {m['mm']} does not exist (archive/YYMMNNN)"
        year = 1900 + yy if yy >= 91 else 2000 + yy
        if (year, mm) < (1991, 8) or (year, mm) > (2007, 3):
            return None, "old-style identifiers (archive/YYMMNNN) run from 1991-08 to 2007-03"
        if v is not None and v.startswith("0"):
            return None, f"version v{v} does not exist (versions start at v1)"
        archive = m["archive"].lower() + (f".{m['sc'].upper()}" if m["sc"] else "")
        return ArxivId(f"{archive}/{m['yy']}{m['mm']}{num}", int(v) if v else None, year, mm), ""
    return None, "it is not an arXiv identifier (YYMM.NNNNN or archive/YYMMNNN)"


# ---------------------------------------------------------------------------- link kinds
@dataclass(frozen=True)
class LinkKind:
    name: str
    label: str
    url: Optional[str]  # template with {id} and {lang}
    pattern: Any  # re.Pattern (rules/links.yaml) or userregex.Regex (a layout's own kinds: user configuration, RE2)
    required: bool
    since: Optional[str]
    paths: tuple[str, ...]


@functools.lru_cache(maxsize=None)
def link_kinds() -> dict[str, LinkKind]:
    """The link kinds of ``rules/links.yaml``, by name (in file order)."""
    from digestlint import data

    raw = data.load("links.yaml") or {}
    kinds: dict[str, LinkKind] = {}
    for name, spec in (raw.get("kinds") or {}).items():
        since = spec.get("since")
        kinds[name] = LinkKind(
            name=name,
            label=str(spec.get("label", name)),
            url=spec.get("url"),
            pattern=re.compile(spec["pattern"]),
            required=bool(spec.get("required", False)),
            since=str(since) if since is not None else None,
            paths=tuple(spec.get("paths") or ()),
        )
    return kinds


@functools.lru_cache(maxsize=None)
def allowed_schemes() -> tuple[str, ...]:
    from digestlint import data

    raw = data.load("links.yaml") or {}
    return tuple(str(s).lower() for s in raw.get("allowed_schemes", ["http", "https"]))


def match_link(url: str) -> Optional[tuple[LinkKind, re.Match]]:
    """The first link kind whose pattern matches ``url`` (and the match), or None."""
    for kind in link_kinds().values():
        m = kind.pattern.match(url)
        if m:
            return kind, m
    return None


def arxiv_in_url(url: str) -> Optional[tuple[Optional[ArxivId], str, int, int]]:
    """For an arXiv abs/pdf URL: ``(id or None, problem, id_start, id_end)`` (offsets into ``url``).
    None when ``url`` is not an arXiv URL at all."""
    kind = link_kinds().get("arxiv")
    if kind is None:
        return None
    m = kind.pattern.match(url)
    if not m:
        return None
    raw = m["id"]
    aid, why = parse_arxiv_id(raw)
    return aid, why, m.start("id"), m.end("id")




# ---------------------------------------------------------------------------- links in a document
def url_span(doc: "Document", start: int, end: int) -> tuple[int, int]:
    """The span of a link's URL without the whitespace around it (``( url )``)."""
    raw = doc.text[start:end]
    lead = len(raw) - len(raw.lstrip())
    return start + lead, start + lead + len(raw.strip())


def heading_arxiv_ids(doc: "Document") -> Iterator[tuple["Paper", ArxivId, int, int]]:
    """``(paper, ArxivId, id_start, id_end)`` for every paper heading with a valid arXiv link.

    Under a layout other than the default shape: the identifier the layout found for each paper
    (heading, link, front matter; one from the file name has no place in the text and is given
    at the paper's first line)."""
    if not doc.layout.classic:
        yield from _layout_ids(doc)
        return
    for paper in doc.papers:
        if not paper.url:
            continue
        s, e = url_span(doc, paper.url_start, paper.url_end)
        found = arxiv_in_url(doc.text[s:e])
        if found is None:
            continue
        aid, _, i, j = found
        if aid is None:
            continue
        yield paper, aid, s + i, s + j


def _layout_ids(doc: "Document") -> Iterator[tuple["Paper", ArxivId, int, int]]:
    for paper in doc.papers:
        if paper.id is None:
            continue
        aid, _ = parse_arxiv_id(paper.id)
        if aid is None:
            continue
        if paper.id_start >= 0:
            yield paper, aid, paper.id_start, paper.id_end
        else:
            s, e = doc.content_span(paper.heading_line)
            yield paper, aid, s, e


_TICKS = re.compile(r"`+")
_LINK_MARK = re.compile(r"\]\(")


def code_spans(text: str, base: int) -> list[tuple[int, int]]:
    """Offsets of CommonMark code spans (a backtick run closed by a run of the same length)."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)]
    spans = []
    k = 0
    while k < len(runs):
        s, e = runs[k]
        for k2 in range(k + 1, len(runs)):
            if runs[k2][1] - runs[k2][0] == e - s:
                spans.append((base + s, base + runs[k2][1]))
                k = k2
                break
        k += 1
    return spans


_BODY_LINKS: "weakref.WeakKeyDictionary[Document, list[Link]]" = weakref.WeakKeyDictionary()


def body_links(doc: "Document") -> list["Link"]:
    """Every ``[text](url)`` of the body's paragraphs and headings (any nesting: lists, quotes,
    tables), outside code blocks and code spans, in file order. Images are not links.
    Computed once per document (DL304, DL307 and DL308 share it)."""
    try:
        return _BODY_LINKS[doc]
    except (KeyError, TypeError):
        pass
    links = list(_scan_body_links(doc))
    try:
        _BODY_LINKS[doc] = links
    except TypeError:
        pass
    return links


def _scan_body_links(doc: "Document") -> Iterator["Link"]:
    from digestlint.document import Block

    text = doc.text
    # lines with a "](" first (a cheap scan), so that only blocks that may hold a link are looked at
    starts = doc.line_starts
    link_lines = sorted({bisect.bisect_right(starts, m.start()) for m in _LINK_MARK.finditer(text)})
    if not link_lines:
        return
    ranges = set()
    for tok in doc.tokens:
        if tok.type == "inline" and tok.map:
            a, b = tok.map[0] + 1, max(tok.map[1], tok.map[0] + 1)
            k = bisect.bisect_left(link_lines, a)
            if k < len(link_lines) and link_lines[k] <= b:
                ranges.add((a, b))
    merged: list[list[int]] = []
    for a, b in sorted(ranges):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    for a, b in merged:
        start = doc.line_starts[a - 1]
        end = doc.line_span(b)[1]
        if text.find("](", start, end) < 0:
            continue
        links = doc.links_in(Block(kind="paragraph", start_line=a, end_line=b, start=start, end=end))
        if not links:
            continue
        code = code_spans(text[start:end], start) if text.find("`", start, end) >= 0 else []
        for link in links:
            if any(s <= link.start < e for s, e in code):
                continue
            yield link
