"""A cheap index of a blog's posts (for DL306).

(arXiv identifiers, link kinds and post dates live in :mod:`digestlint.analysis.links` and
:mod:`digestlint.analysis.dates`; their names are re-exported here.)

The corpus index: :func:`index_text` / :func:`index_file` read a post *without* parsing it
as markdown (a regex over its lines: the front matter's ``date`` and every heading's arXiv link)
and return a JSON-serialisable summary ``{"date": "YYYY-MM-DD" | None, "papers": [[id, line,
column], ...]}`` (ids without version, positions 1-based, at the identifier). The result depends
only on the file's bytes and :data:`INDEX_VERSION`, so a cache may key it by content hash.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any, Optional

from digestlint.analysis.dates import date_of_name, date_of_value, post_date  # noqa: F401 (public here too)
from digestlint.analysis.links import (  # noqa: F401 (public here too)
    ArxivId,
    LinkKind,
    allowed_schemes,
    arxiv_in_url,
    link_kinds,
    match_link,
    parse_arxiv_id,
)
from digestlint import walk
from digestlint.document import FM_CLOSE, FM_OPEN  # one definition of a front matter delimiter line

if TYPE_CHECKING:
    from digestlint.config import PostSelection

#: bump when the shape or the meaning of :func:`index_text`'s result changes (cache key)
INDEX_VERSION = 1

# ---------------------------------------------------------------------------- the index
_HEADING_LINK = re.compile(r"\]\((?P<url>[^)\n]*)\)")
_FENCE = re.compile(r"[ ]{0,3}(?P<fence>`{3,}|~{3,})")
# a newline first: the regex engine then skips ahead to each newline instead of trying every position
_INTERESTING = re.compile(r"\n[ ]{0,3}(?:#{1,6}[ \t]|`{3,}|~{3,})[^\n]*")
_FM_DATE = re.compile(r"date[ \t]*:[ \t]*[\"']?(?P<value>[^\"'#\n]*)")


def index_text(text: str, path: str, layout=None) -> dict:
    """Index a post's text (see the module documentation). ``path`` gives the file-name date.
    Under a layout other than the default shape (``layout``) the post is parsed with it: its
    papers' identifiers wherever the layout finds them, its date from the layout's sources."""
    if layout is not None and not layout.classic:
        return _index_layout(text, path, layout)
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    date = None
    start = 0
    if lines and FM_OPEN.match(lines[0]):
        for i in range(1, len(lines)):
            line = lines[i]
            if FM_CLOSE.match(line):
                start = i + 1
                break
            m = _FM_DATE.match(line)
            if m:
                date = date_of_value(m["value"])
        else:
            start = len(lines)  # never closed: the whole file is front matter
    if date is None:
        date = date_of_name(path)
    papers: list[list[Any]] = []
    fence: Optional[str] = None
    # only heading and fence lines matter: find them with one regex instead of a loop over lines
    src = "\n" + text  # src[k + 1] is text[k]; every line, the first too, follows a newline
    body_start = sum(len(line) + 1 for line in lines[:start])
    line_no = start
    pos = body_start
    for m in _INTERESTING.finditer(src, body_start):
        line_no += src.count("\n", pos, m.start() + 1)
        pos = m.start() + 1
        line = m.group()[1:]
        fm = _FENCE.match(line)
        if fence is not None:
            if fm and fm["fence"][0] == fence[0] and len(fm["fence"]) >= len(fence) and not line[fm.end():].strip():
                fence = None
            continue
        if fm:
            if not (fm["fence"][0] == "`" and "`" in line[fm.end():]):
                fence = fm["fence"]
            continue
        if "arxiv" not in line.lower():
            continue
        lm = _HEADING_LINK.search(line)
        if not lm:
            continue
        url = lm["url"]
        found = arxiv_in_url(url.strip())
        if found is None:
            continue
        aid, _, s, _ = found
        if aid is None:
            continue
        col = lm.start("url") + (len(url) - len(url.lstrip())) + s + 1
        papers.append([aid.base, line_no, col])
    return {"date": date, "papers": papers}


def _index_layout(text: str, path: str, layout) -> dict:
    from digestlint.document import Document

    doc = Document(text[1:] if text.startswith("\ufeff") else text, path, layout=layout)
    papers: list[list[Any]] = []
    for paper in doc.papers:
        if paper.id is None:
            continue
        aid, _ = parse_arxiv_id(paper.id)
        if aid is None:
            continue
        line, col = doc.position(paper.id_start) if paper.id_start >= 0 else (paper.heading_line, 1)
        papers.append([aid.base, line, col])
    return {"date": doc.date, "papers": papers}


def index_file(path: str, max_size: int = 1024 * 1024, layout=None) -> Optional[dict]:
    """Index a post on disk; None when it cannot be read, is larger than ``max_size`` bytes, or is
    not UTF-8 text (such files are never the earlier post of a republished paper)."""
    from digestlint.source import read_regular

    try:
        data = read_regular(path, max_size)  # never blocks on a FIFO swapped in after the listing
    except OSError:
        return None
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return index_text(text, os.path.basename(path), layout)


POST_SUFFIXES = walk.MARKDOWN_SUFFIXES


def post_files(folder: str, recursive: bool = False, posts: Optional["PostSelection"] = None) -> list[str]:
    """The markdown files of ``folder`` (absolute, sorted) that ``posts`` selects (every one when
    None): the one walker (:func:`digestlint.walk.markdown_files`) in its contained mode: hidden
    entries and build folders skipped, links followed only inside ``folder``, one file system,
    bounded (:data:`digestlint.walk.MAX_FILES` files, :data:`digestlint.walk.MAX_DIRS` folders)."""
    top = os.path.abspath(folder)
    skip = posts.excludes if posts is not None else None
    out = [path for _dir, path in walk.markdown_files(top, recursive=recursive, contained=True, skip_dir=skip)
           if posts is None or posts.selects(path)]
    return sorted(out)
