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
        index = ctx.index  # the engine's CorpusIndex (None: the linted posts alone)
        real_of = index.real if index is not None else corpus_index.RealPaths()
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
        tables = []  # the folders read (to count an indexed post's papers)
        for folder, recursive, display_base, max_size, layout, selection in self._folders(items) if index else ():
            table = index.folder(folder, recursive, max_size, layout=layout, posts=selection, linted=linted_abs)
            try:
                better = _earlier(table, earliest, claimed)
            except corpus_index.BadTable:  # a stored table of the wrong shape: build it again
                table = index.folder(folder, recursive, max_size, layout=layout, posts=selection, linted=linted_abs,
                                     use_stored=False)
                better = _earlier(table, earliest, claimed)
            tables.append(table)
            for aid, (fs, real, date, line) in better.items():
                earliest[aid] = (date, real, _display(fs, folder, display_base), line)
            claimed.update(r for r, known in zip(table.reals, table.indexed) if known)
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


def _paper_count(key, posts, tables) -> int:
    """How many papers the earlier post ``key`` (a linted post's key or an indexed post's real
    path) has; 0 when not known."""
    if key in posts:
        return len({p[0] for p in posts[key][3]})
    for table in tables:
        n = table.paper_count(key)
        if n is not None:
            return n
    return 0


def _earlier(table, earliest, claimed):
    """``{id: (path, real path, date, line)}``: the ids of ``earliest`` whose first post in a
    folder's index (``table``; posts in ``claimed`` skipped) is earlier than the one known."""
    out = {}
    for aid, best in earliest.items():
        for i, line in table.occurrences(aid):
            real = table.reals[i]
            if real in claimed:
                continue
            date = table.dates[i]
            if (date, real) < (best[0], best[1]):
                out[aid] = (table.paths[i], real, date, line)
            break
    return out


def _display(fs_path, folder, display_base):
    """How to name an indexed post: beside the linted file's display path when it came from the
    linted file's folder, else relative to the working directory (absolute when outside it)."""
    name = os.path.basename(fs_path)
    if display_base is not None:
        return os.path.join(display_base, name) if display_base else name
    rel = os.path.relpath(fs_path)
    return fs_path if rel.startswith("..") else rel
