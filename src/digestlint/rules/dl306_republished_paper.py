import os

from digestlint import corpus_index
from digestlint.corpus_index import post_date
from digestlint.model import CorpusViolation, Position
from digestlint.registry import CorpusRule
from digestlint.rules.dl305_duplicate_paper import heading_ids


class RepublishedPaper(CorpusRule):
    """
    ## What it does
    Reports a paper that an earlier post of the blog already summarised (same arXiv identifier,
    versions aside). "Earlier" is by post date (front matter `date`, else the file name's date;
    posts of the same date are ordered by path). The finding is in the later post, at the
    heading's identifier, and names the first post's file and line.

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
        for _paper, aid, i, j in heading_ids(doc):
            line, col = doc.position(i)
            end_line, end_col = doc.position(j)
            papers.append([aid.base, line, col, end_line, end_col])
        return {"date": post_date(doc.meta, doc.path), "papers": papers}

    def check_corpus(self, items, ctx):
        # every post: key -> (order key, display path, date, [(id, line, col, end_line, end_col)], linted item)
        posts = {}
        linted_real = set()
        for item in items:
            if item.fs_path:
                real = os.path.realpath(item.fs_path)
                linted_real.add(real)
                key = real
            else:
                key = "\0" + item.path
            summary = item.summary or {}
            posts[key] = (summary.get("date"), key, item.path, summary.get("papers") or [], item)
        for folder, recursive, display_base, max_size in self._folders(items):
            for fs in corpus_index.post_files(folder, recursive=recursive):
                real = os.path.realpath(fs)
                if real in linted_real or real in posts:
                    continue
                index = _index(fs, max_size, ctx)
                if index is None:
                    continue
                display = _display(fs, folder, display_base)
                papers = [[p[0], p[1], p[2], p[1], p[2] + len(p[0])] for p in index.get("papers", [])]
                posts[real] = (index.get("date"), real, display, papers, None)
        ordered = sorted((p for p in posts.values() if p[0]), key=lambda p: (p[0], p[1]))
        first = {}
        for date, _key, display, papers, item in ordered:
            seen_here = set()
            for aid, line, col, end_line, end_col in papers:
                if aid in seen_here:
                    continue  # twice in one post: DL305's business
                seen_here.add(aid)
                earlier = first.get(aid)
                if earlier is None:
                    first[aid] = (display, line, date)
                    continue
                if item is None:
                    continue
                e_display, e_line, e_date = earlier
                when = "the same day" if e_date == date else e_date
                yield CorpusViolation(
                    item.path,
                    Position(line, col, end_line, end_col),
                    f"{aid} was already published in {e_display}:{e_line} ({when})",
                )

    @staticmethod
    def _folders(items):
        """``(folder, recursive, display base, max size)`` to index, each once, in a stable order."""
        out = {}
        for item in items:
            if not item.options.get("index-folders", True):
                continue
            settings = item.settings
            max_size = getattr(settings, "max_file_size", 1024 * 1024)
            roots = tuple(getattr(settings, "post_roots", ()) or ())
            if roots:
                for root in roots:
                    out.setdefault(os.path.abspath(root), (True, None, max_size))
            elif item.fs_path:
                folder = os.path.dirname(os.path.abspath(item.fs_path))
                out.setdefault(folder, (False, os.path.dirname(item.path), max_size))
        return [(folder, *rest) for folder, rest in sorted(out.items())]


def _index(path, max_size, ctx):
    """The index of a post, through the run's cache when it offers one (``cache.corpus_index``)."""
    cache = getattr(ctx, "cache", None)
    get = getattr(cache, "corpus_index", None)
    if callable(get):
        return get(path, max_size)
    return corpus_index.index_file(path, max_size)


def _display(fs_path, folder, display_base):
    """How to name an indexed post: beside the linted file's display path when it came from the
    linted file's folder, else relative to the working directory (absolute when outside it)."""
    name = os.path.basename(fs_path)
    if display_base is not None:
        return os.path.join(display_base, name) if display_base else name
    rel = os.path.relpath(fs_path)
    return fs_path if rel.startswith("..") else rel
