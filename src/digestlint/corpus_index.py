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
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional

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


# ---------------------------------------------------------------------------- the blog's index (DL306)
@dataclass(frozen=True)
class LintedIndex:
    """A linted file's index, made from the bytes the run linted (:func:`index_text`), with the
    file's stat taken before reading: it fills the blog index without reading the file again.
    ``value`` None: binary or not UTF-8 (never an earlier post)."""

    size: int
    mtime_ns: int
    inode: int
    max_size: int
    value: Optional[dict]


@dataclass(frozen=True)
class FileIndex:
    """One post of an indexed folder."""

    path: str  # absolute, as listed
    real: str  # its real path (a post reached twice counts once)
    date: Optional[str]
    indexed: bool  # False: it could not be read (or is linted in this run and was not read here)


@dataclass
class FolderIndex:
    """The posts of one folder, in path order, as columns (a one-file run reads a stored table of
    every post of the blog: no object per post): ``paths`` (absolute, as listed), ``reals`` (real
    paths: a post reached twice counts once), ``dates``, ``indexed`` (False: it could not be read,
    or is linted in this run and was not read here); :meth:`file` gives one as a
    :class:`FileIndex`. ``ids``: per arXiv id the ``(file number, line)`` of its first occurrence
    in each post, the posts ordered by (date, real path, path); posts without a date or that could
    not be indexed hold no id."""

    folder: str
    recursive: bool
    paths: list[str]
    reals: list[str]
    dates: list[Optional[str]]
    indexed: list[bool]
    #: id -> ``[file, line, file, line, ...]`` (flat pairs: the stored table's own form)
    ids: dict[str, list[int]]

    def __len__(self) -> int:
        return len(self.paths)

    def file(self, i: int) -> FileIndex:
        return FileIndex(self.paths[i], self.reals[i], self.dates[i], self.indexed[i])

    def occurrences(self, aid: str) -> Iterator[tuple[int, int]]:
        """``(file number, line)`` of ``aid`` in each post, earliest first. Raises
        :class:`BadTable` when the (stored) entry is ill-shaped."""
        found = self.ids.get(aid)
        if not found:
            return
        if not isinstance(found, list) or len(found) % 2:
            raise BadTable(aid)
        n = len(self.paths)
        for k in range(0, len(found), 2):
            i, line = found[k], found[k + 1]
            if not (type(i) is int and type(line) is int and 0 <= i < n):
                raise BadTable(aid)
            yield i, line

    def paper_count(self, real: str) -> Optional[int]:
        """How many papers the post whose real path is ``real`` has (None: not in this folder)."""
        index = next((i for i, r in enumerate(self.reals) if r == real), None)
        if index is None:
            return None
        n = 0
        for found in self.ids.values():
            if isinstance(found, list) and any(found[k] == index for k in range(0, len(found) - 1, 2)):
                n += 1
        return n


class BadTable(Exception):
    """A stored folder table of the wrong shape (build it again: ``use_stored=False``)."""


class RealPaths:
    """``os.path.realpath`` with the folders resolved once: a post that is not itself a symbolic
    link is its resolved folder joined with its name (the same result, a stat instead of one per
    path component)."""

    def __init__(self) -> None:
        self._dirs: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        head, name = os.path.split(path)
        if not name or name in (".", "..") or os.path.islink(path):
            return os.path.realpath(path)
        real_dir = self._dirs.get(head)
        if real_dir is None:
            real_dir = self._dirs[head] = os.path.realpath(head or ".")
        return os.path.join(real_dir, name)


#: bump when the stored table's shape changes (2: the files as named columns)
TABLE_VERSION = 3
#: the stored table's file columns, and the type of their values
_COLUMNS = (("path", str), ("size", int), ("mtime", int), ("inode", int), ("real", str), ("date", str),
            ("indexed", bool))


def _trusted(st: os.stat_result) -> bool:
    """True when a file's size/mtime/inode may key a stored value: a file modified in the last
    ``cache.RACY_SECONDS`` could change again within the same mtime tick."""
    from digestlint.cache import RACY_SECONDS

    return time.time() - st.st_mtime_ns / 1e9 > RACY_SECONDS


def _valid_table(table: Any) -> Optional[dict]:
    """``table`` when its files have the shape :meth:`CorpusIndex.folder` stores, else None (the
    lists of ``ids`` are checked where they are used, :meth:`FolderIndex.occurrences`)."""
    try:
        if table["v"] != TABLE_VERSION or not isinstance(table["ids"], dict):
            return None
        rejected = table["rejected"]
        if not (isinstance(rejected, list) and all(isinstance(v, str) for v in rejected)):
            return None
        files = table["files"]
        n = len(files["path"])
        for name, kind in _COLUMNS:
            column = files[name]
            if not isinstance(column, list) or len(column) != n:
                return None
            if kind is bool:
                if not all(type(v) is bool for v in column):
                    return None
            elif kind is int:
                if not all(v is None or type(v) is int for v in column):
                    return None
            elif name == "date":
                if not all(v is None or isinstance(v, str) for v in column):
                    return None
            elif not all(isinstance(v, str) for v in column):
                return None
    except (KeyError, TypeError, AttributeError):
        return None
    return table


class CorpusIndex:
    """The run's index of the blog's posts, owned by the engine and handed to corpus rules
    (``CorpusContext.index``): :meth:`folder` lists and indexes the posts of a folder.

    ``store`` (the run's :class:`~digestlint.cache.Cache`, or None) keeps one table per folder,
    reused while every post not linted now has the size, mtime and inode it had; otherwise the
    table is (re)built, reading only the posts that changed. ``fresh``: the :class:`LintedIndex`
    of the posts linted in this run (the bytes the run linted), by absolute path."""

    def __init__(self, store: Any = None, fresh: Optional[dict[str, LintedIndex]] = None) -> None:
        self.store = store
        self.fresh: dict[str, LintedIndex] = fresh if fresh is not None else {}
        self.real = RealPaths()
        #: the folders indexed in this run, ``(folder, recursive)`` (a one-file run's record
        #: depends on their posts: :mod:`digestlint.quick`)
        self.folders: list[tuple[str, bool]] = []

    def folder(self, folder: str, recursive: bool, max_size: int, *, layout: Any = None,
               posts: Optional["PostSelection"] = None, linted: Iterable[str] = (),
               use_stored: bool = True) -> FolderIndex:
        """The posts of ``folder`` (and below it when ``recursive``) that ``posts`` selects, each
        read under ``layout`` (None: the default shape) when it is no larger than ``max_size``.
        ``linted``: the absolute paths of the posts the caller has from the run (never "other
        posts": indexed from :attr:`fresh` or left unknown, never read here)."""
        folder = os.path.abspath(folder)
        linted = linted if isinstance(linted, (set, frozenset)) else frozenset(linted)
        if (folder, recursive) not in self.folders:
            self.folders.append((folder, recursive))
        import hashlib

        every = post_files(folder, recursive=recursive)
        store = self.store
        name = None
        stored = None
        if store is not None:
            ident = f"{TABLE_VERSION}\0{INDEX_VERSION}\0{folder}\0{recursive}\0{max_size}"
            if layout is not None:
                ident += "\0" + layout.key
            if posts is not None:
                ident += "\0" + posts.key
            name = "dl306-" + hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:16]
            stored = _valid_table(store.table_get(name)) if use_stored else None
        # which walked files are posts: a stored table remembers the files it took and the ones
        # it left out (include/exclude are part of its name), so only new files are matched
        # against the globs (matching costs more than the walk: 5 us a file)
        rejected: list[str] = []
        if posts is None:
            listing = every
        else:
            taken: Any = frozenset(stored["files"]["path"]) if stored is not None else ()
            left_out: Any = frozenset(stored.get("rejected") or ()) if stored is not None else ()
            listing = []
            for p in every:
                if p in taken or (p not in left_out and posts.selects(p)):
                    listing.append(p)
                else:
                    rejected.append(p)
        if stored is not None:
            # the stored table as it is, when nothing that matters changed
            s = stored["files"]
            s_path, s_size, s_mtime, s_inode = s["path"], s["size"], s["mtime"], s["inode"]
            if s_path == listing:
                for i, fs in enumerate(listing):
                    if fs in linted:
                        continue
                    try:
                        now = os.stat(fs)
                    except OSError:
                        break
                    if s_size[i] != now.st_size or s_mtime[i] != now.st_mtime_ns or s_inode[i] != now.st_ino:
                        break
                else:
                    return FolderIndex(folder, recursive, s_path, s["real"], s["date"], s["indexed"], stored["ids"])
        # (re)build: reuse what is unchanged, index the rest
        old: dict[str, tuple[tuple, list]] = {}  # path -> (its stored stamp and row, its papers)
        if stored is not None:
            papers_of: Optional[dict[int, list]] = {}
            try:
                for aid, found in stored["ids"].items():
                    for k in range(0, len(found), 2):
                        papers_of.setdefault(found[k], []).append((aid, found[k + 1]))  # type: ignore[union-attr]
            except (TypeError, IndexError, AttributeError):
                papers_of = None  # ill-shaped: index every post again
            if papers_of is not None:
                s = stored["files"]
                for i, row in enumerate(zip(*(s[c] for c, _ in _COLUMNS))):
                    if row[1] is not None:
                        old[row[0]] = (row, papers_of.get(i, []))
        fresh = self.fresh if layout is None else {}  # the run's own index is of the default shape
        columns: dict[str, list] = {c: [] for c, _ in _COLUMNS}
        file_papers: list[list] = []
        for fs in listing:
            st: Optional[os.stat_result]
            stamp: Optional[tuple]
            try:
                st = os.stat(fs)
                stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
            except OSError:
                st, stamp = None, None
            prev = old.get(fs)
            if prev is not None and stamp is not None and tuple(prev[0][1:4]) == stamp:
                row, papers = prev
                for (c, _), v in zip(_COLUMNS, row):
                    columns[c].append(v)
                file_papers.append(papers)
                continue
            got = fresh.get(fs)
            value: Optional[dict]
            if got is not None and stamp == (got.size, got.mtime_ns, got.inode) and got.max_size == max_size:
                value, known = got.value, True
            elif fs in linted:
                value, known = None, False  # not read: it is linted, never an "other post" now
            else:
                value, known = index_file(fs, max_size, layout), True
            trusted = known and st is not None and store is not None and _trusted(st)
            papers = []
            if value is not None:
                seen = set()
                for aid, line, *_rest in value.get("papers") or []:
                    if aid not in seen:
                        seen.add(aid)
                        papers.append((aid, line))
            size, mtime, inode = stamp if trusted and stamp is not None else (None, None, None)
            columns["path"].append(fs)
            columns["size"].append(size)
            columns["mtime"].append(mtime)
            columns["inode"].append(inode)
            columns["real"].append(self.real(fs))
            columns["date"].append(value.get("date") if value is not None else None)
            columns["indexed"].append(value is not None)
            file_papers.append(papers)
        ids: dict[str, list[int]] = {}
        reals, dates, indexed = columns["real"], columns["date"], columns["indexed"]
        for i in sorted((i for i in range(len(listing)) if indexed[i] and dates[i]), key=lambda i: (dates[i], reals[i], i)):
            for aid, line in file_papers[i]:
                ids.setdefault(aid, []).extend((i, line))
        if store is not None and name is not None:
            store.table_put(name, {"v": TABLE_VERSION, "files": columns, "rejected": rejected, "ids": ids})
        return FolderIndex(folder, recursive, columns["path"], reals, dates, indexed, ids)
