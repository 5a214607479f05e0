import os

from digestlint import corpus_index
from digestlint.analysis.links import heading_arxiv_ids
from digestlint.model import CorpusViolation, Position
from digestlint.registry import CorpusRule


class RepublishedPaper(CorpusRule):
    """
    ## What it does
    Reports a paper that an earlier post of the blog already summarised (same arXiv identifier,
    versions aside). "Earlier" is by post date (front matter `date`, else the file name's date;
    posts of the same date are ordered by path). The finding is in the later post, at the
    heading's identifier, and names the first post's file and line. A post that repeats most of
    one earlier post (at least two papers, more than half of its own) is reported once, at the
    first repeated paper: "this post repeats all 14 papers of FILE:LINE"; a partial overlap is
    reported paper by paper.

    The blog's other posts are indexed too, so this works when only one file is linted (as
    pre-commit does): the posts of the configured `post-roots` (recursively), or else the
    folder of each linted file. They are read cheaply (front matter date and the arXiv links of
    headings, no markdown parsing) and never reported on. Option `index-folders: false` limits
    the check to the linted files.

    ## Why
    Trending lists repeat papers for days; a digest that summarises yesterday's paper again
    wastes the reader's time.

    ## Example
    Bad: `2025-10-30-daily-papers.md` and `2025-10-31-daily-papers.md` both have

        # 1. [The Quest for Generalizable Motion Generation](https://arxiv.org/abs/2510.26794)

    Good: drop the paper from the later post (or link to the earlier summary).

    ## Fix safety
    No automatic fix: removing a summary is an editorial choice.
    """

    id = "DL306"
    name = "republished-paper"
    severity = "warning"
    summary = "A paper already published in an earlier post of the blog"
    options_schema = {
        "index-folders": {
            "type": "boolean",
            "default": True,
            "description": "also read the blog's other posts (post-roots, or the linted file's folder)",
        }
    }

    def collect(self, doc, ctx):
        papers = []
        for _paper, aid, i, j in heading_arxiv_ids(doc):
            line, col = doc.position(i)
            end_line, end_col = doc.position(j)
            papers.append([aid.base, line, col, end_line, end_col])
        return {"date": doc.date, "papers": papers}

    def check_corpus(self, items, ctx):
        # the linted posts: key (real path, or "\0" + display path for standard input) ->
        # (date, key, display path, [[id, line, col, end_line, end_col], ...], item)
        real_of = _RealPaths()
        posts = {}
        linted_abs = set()
        for item in items:
            if item.fs_path:
                key = real_of(item.fs_path)
                linted_abs.add(os.path.abspath(item.fs_path))
            else:
                key = "\0" + item.path
            summary = item.summary or {}
            posts[key] = (summary.get("date"), key, item.path, summary.get("papers") or [], item)
        ordered = sorted((p for p in posts.values() if p[0]), key=lambda p: (p[0], p[1]))
        # id -> the earliest post that has it: (date, key, display path, line); linted posts first
        earliest = {}
        for date, key, display, papers, _item in ordered:
            for aid, line, *_rest in papers:
                if aid not in earliest:
                    earliest[aid] = (date, key, display, line)
        # then the blog's other posts: only the ids the linted posts have are looked up
        claimed = set(posts)  # real paths already taken (a post reached twice counts once)
        tables = []  # the folder tables read (to count an indexed post's papers)
        for folder, recursive, display_base, max_size, layout, selection in self._folders(items):
            files, ids = _folder_table(folder, recursive, max_size, ctx, linted_abs, real_of, layout=layout,
                                       posts=selection)
            try:
                better = _earlier(files, ids, earliest, claimed)
            except _BadTable:  # a stored table of the wrong shape: build it again
                files, ids = _folder_table(folder, recursive, max_size, ctx, linted_abs, real_of, use_stored=False,
                                           layout=layout, posts=selection)
                better = _earlier(files, ids, earliest, claimed)
            tables.append((files, ids))
            for aid, (fs, real, date, line) in better.items():
                earliest[aid] = (date, real, _display(fs, folder, display_base), line)
            claimed.update(f[1] for f in files if f[3])
        counts: dict = {}
        for date, key, _display_path, papers, item in ordered:
            seen_here = set()
            repeats: dict = {}  # earlier post -> [(aid, line, col, end_line, end_col, e_line)]
            for aid, line, col, end_line, end_col in papers:
                if aid in seen_here:
                    continue  # twice in one post: DL305's business
                seen_here.add(aid)
                e_date, e_key, e_display, e_line = earliest[aid]
                if e_key == key:
                    continue
                repeats.setdefault(e_key, []).append((aid, line, col, end_line, end_col, e_line))
            total = len(seen_here)
            for e_key, found in repeats.items():
                e_date, _k, e_display, _l = earliest[found[0][0]]
                when = "the same day" if e_date == date else e_date
                if len(found) >= 2 and 2 * len(found) > total:
                    # most of this post is an earlier post again: one finding for the post
                    if e_key not in counts:
                        counts[e_key] = _paper_count(e_key, posts, tables)
                    of = counts[e_key]
                    aid, line, col, end_line, end_col, e_line = found[0]
                    whole = f"all {of}" if of == len(found) else f"{len(found)} of the {of}" if of else str(len(found))
                    yield CorpusViolation(
                        item.path,
                        Position(line, col, end_line, end_col),
                        f"this post repeats {whole} papers of {e_display}:{e_line} ({when}; {len(found)} of this "
                        f"post's {total}, from line {line}): drop them or link to the earlier post",
                    )
                    continue
                for aid, line, col, end_line, end_col, e_line in found:
                    yield CorpusViolation(
                        item.path,
                        Position(line, col, end_line, end_col),
                        f"{aid} was already published in {e_display}:{e_line} ({when})",
                        paper=aid,
                    )

    @staticmethod
    def _folders(items):
        """``(folder, recursive, display base, max size, layout, posts)`` to index, each once, in a
        stable order (``posts``: the include/exclude of the first linted file's settings naming it)."""
        out = {}
        for item in items:
            if not item.options.get("index-folders", True):
                continue
            settings = item.settings
            max_size = getattr(settings, "max_file_size", 1024 * 1024)
            layout = getattr(settings, "layout", None)
            layout = None if layout is None or layout.classic else layout  # the blog's shape, to read its other posts
            selection = getattr(settings, "posts", None)
            roots = tuple(getattr(settings, "post_roots", ()) or ())
            if roots:
                for root in roots:
                    out.setdefault(os.path.abspath(root), (True, None, max_size, layout, selection))
            elif item.fs_path:
                folder = os.path.dirname(os.path.abspath(item.fs_path))
                out.setdefault(folder, (False, os.path.dirname(item.path), max_size, layout, selection))
        return [(folder, *rest) for folder, rest in sorted(out.items())]


class _BadTable(Exception):
    pass


def _paper_count(key, posts, tables) -> int:
    """How many papers the earlier post ``key`` (a linted post's key or an indexed post's real
    path) has; 0 when not known."""
    if key in posts:
        return len({p[0] for p in posts[key][3]})
    for files, ids in tables:
        index = next((i for i, f in enumerate(files) if f[1] == key), None)
        if index is None:
            continue
        n = 0
        for found in ids.values():
            if isinstance(found, list) and any(found[k] == index for k in range(0, len(found) - 1, 2)):
                n += 1
        return n
    return 0


def _earlier(files, ids, earliest, claimed):
    """``{id: (path, real path, date, line)}``: the ids of ``earliest`` whose first post in a
    folder table (``files``, ``ids``; posts in ``claimed`` skipped) is earlier than the one known."""
    out = {}
    n = len(files)
    for aid, best in earliest.items():
        found = ids.get(aid)
        if not found:
            continue
        if not isinstance(found, list) or len(found) % 2:
            raise _BadTable
        for k in range(0, len(found), 2):
            i, line = found[k], found[k + 1]
            if not (type(i) is int and type(line) is int and 0 <= i < n):
                raise _BadTable
            fs, real, date, _indexed = files[i]
            if real in claimed:
                continue
            if (date, real) < (best[0], best[1]):
                out[aid] = (fs, real, date, line)
            break
    return out


class _RealPaths:
    """``os.path.realpath`` with the folders resolved once: a post that is not itself a symbolic
    link is its resolved folder joined with its name (the same result, a stat instead of one per
    path component)."""

    def __init__(self):
        self._dirs: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        head, name = os.path.split(path)
        if not name or name in (".", "..") or os.path.islink(path):
            return os.path.realpath(path)
        real_dir = self._dirs.get(head)
        if real_dir is None:
            real_dir = self._dirs[head] = os.path.realpath(head or ".")
        return os.path.join(real_dir, name)


#: bump when the stored table's shape changes
_TABLE_VERSION = 1


def _folder_table(folder, recursive, max_size, ctx, linted_abs, real_of, use_stored=True, layout=None, posts=None):
    """The posts of ``folder`` for DL306: ``(files, ids)`` with ``files`` a list of ``(path,
    real path, date, indexed)`` in path order and ``ids`` mapping an arXiv id to ``[file number,
    line, ...]`` (the first occurrence in each post), ordered by (date, real path, path); posts
    without a date or that could not be indexed are not in ``ids``.

    With a cache (``ctx.cache``) the table is stored, and reused while every post not linted now
    has the size, mtime and inode it had (a linted post is never an "other post"); otherwise it
    is (re)built, reading only the posts that changed. A linted post is indexed from the bytes
    the run linted (``cache.fresh_index``) or left unknown; without a cache, linted posts are
    never read here."""
    listing = corpus_index.post_files(folder, recursive=recursive, posts=posts)
    cache = getattr(ctx, "cache", None)
    if not callable(getattr(cache, "table_get", None)):
        cache = None
    name = None
    stored = None
    if cache is not None:
        note = getattr(cache, "note_folder", None)
        if callable(note):
            note(folder, recursive)  # what a recorded one-file run depends on (digestlint.quick)
        import hashlib

        ident = f"{_TABLE_VERSION}\0{corpus_index.INDEX_VERSION}\0{os.path.abspath(folder)}\0{recursive}\0{max_size}"
        if layout is not None:
            ident += "\0" + layout.key
        if posts is not None:
            ident += "\0" + posts.key
        name = "dl306-" + hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        stored = _valid_table(cache.table_get(name)) if use_stored else None
    if stored is not None:
        # the stored table as it is, when nothing that matters changed
        s_files = stored["files"]
        if len(s_files) == len(listing) and all(s[0] == fs for s, fs in zip(s_files, listing)):
            for fs, s in zip(listing, s_files):
                if fs in linted_abs:
                    continue
                try:
                    st = os.stat(fs)
                except OSError:
                    break
                if s[1] != st.st_size or s[2] != st.st_mtime_ns or s[3] != st.st_ino:
                    break
            else:
                return [(s[0], s[4], s[5], s[6]) for s in s_files], stored["ids"]
    # (re)build: reuse what is unchanged, index the rest
    old = {}
    if stored is not None:
        papers_of: dict[int, list] = {}
        try:
            for aid, found in stored["ids"].items():
                for k in range(0, len(found), 2):
                    papers_of.setdefault(found[k], []).append((aid, found[k + 1]))
        except (TypeError, IndexError):
            papers_of = None  # ill-shaped: index every post again
        if papers_of is not None:
            for i, s in enumerate(stored["files"]):
                if s[1] is not None:
                    old[s[0]] = (s, papers_of.get(i, []))
    fresh = getattr(cache, "fresh_index", None) or {} if cache is not None else {}
    if layout is not None:
        fresh = {}  # the run's own index is of the default shape
    rows = []  # [path, size, mtime, inode, real, date, indexed], stamps None when not to be trusted
    file_papers = []
    for fs in listing:
        try:
            st = os.stat(fs)
            stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
        except OSError:
            st, stamp = None, None
        prev = old.get(fs)
        if prev is not None and stamp is not None and prev[0][1:4] == stamp:
            s, papers = prev
            rows.append(list(s))
            file_papers.append(papers)
            continue
        got = fresh.get(fs)
        if got is not None and stamp is not None and got[:3] == stamp and got[3] == max_size:
            value, known = got[4], True
        elif fs in linted_abs:
            value, known = None, False  # not read: it is linted, never an "other post" now
        else:
            value, known = corpus_index.index_file(fs, max_size, layout), True
        trusted = known and st is not None and cache is not None and cache.trusted_stamp(st)
        papers = []
        if value is not None:
            seen = set()
            for aid, line, *_rest in value.get("papers") or []:
                if aid not in seen:
                    seen.add(aid)
                    papers.append((aid, line))
        rows.append([fs, *(stamp if trusted else (None, None, None)), real_of(fs),
                     value.get("date") if value is not None else None, value is not None])
        file_papers.append(papers)
    ids: dict[str, list] = {}
    for i in sorted((i for i, r in enumerate(rows) if r[6] and r[5]), key=lambda i: (rows[i][5], rows[i][4], i)):
        for aid, line in file_papers[i]:
            ids.setdefault(aid, []).extend((i, line))
    if cache is not None:
        cache.table_put(name, {"v": _TABLE_VERSION, "files": rows, "ids": ids})
    return [(r[0], r[4], r[5], r[6]) for r in rows], ids


def _valid_table(table):
    """``table`` when its files have the shape :func:`_folder_table` stores, else None (the
    lists of ``ids`` are checked where they are used, :func:`_earlier`)."""
    try:
        if table["v"] != _TABLE_VERSION or not isinstance(table["ids"], dict):
            return None
        for s in table["files"]:
            if not (len(s) == 7 and isinstance(s[0], str) and isinstance(s[4], str) and type(s[6]) is bool
                    and (s[5] is None or isinstance(s[5], str))
                    and all(v is None or type(v) is int for v in s[1:4])):
                return None
    except (KeyError, TypeError, AttributeError):
        return None
    return table


def _display(fs_path, folder, display_base):
    """How to name an indexed post: beside the linted file's display path when it came from the
    linted file's folder, else relative to the working directory (absolute when outside it)."""
    name = os.path.basename(fs_path)
    if display_base is not None:
        return os.path.join(display_base, name) if display_base else name
    rel = os.path.relpath(fs_path)
    return fs_path if rel.startswith("..") else rel
