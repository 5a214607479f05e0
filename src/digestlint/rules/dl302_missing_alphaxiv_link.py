from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, Optional

from digestlint.analysis.links import arxiv_in_url, link_kinds, match_link
from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule

if TYPE_CHECKING:
    from digestlint.analysis.links import ArxivId, LinkKind
    from digestlint.document import Document, Link, Paper
    from digestlint.registry import RuleContext

    #: the papers without a kind's link, each with the link labelled as that kind (not its URL), if any
    Absent = list[tuple[Paper, Optional[Link]]]


class _OptionsSchema:
    """The options schema, built on first use: ``required-kinds`` lists the kinds of ``rules/links.yaml``."""

    def __get__(self, obj: object, owner: type) -> dict[str, dict[str, Any]]:
        kinds = sorted(link_kinds())
        return {
            "required-kinds": {
                "type": "array",
                "items": {"enum": kinds},
                "uniqueItems": True,
                "description": "link kinds every paper must carry (default: the kinds marked `required` in rules/links.yaml)",
            },
            "since": {
                "type": "string",
                "pattern": r"^\d{4}-\d{2}-\d{2}$",
                "description": "require the links only in posts dated on or after this date (YYYY-MM-DD)",
            },
            "paths": {
                "type": "array",
                "items": {"type": "string", "minLength": 1, "format": "glob"},
                "description": "require the links only in files matching one of these globs",
            },
        }


class MissingAlphaxivLink(Rule):
    """
    ## What it does
    Reports a paper without an Alphaxiv link (more generally: without a link of every *required*
    link kind of `rules/links.yaml`). A paper's links are the links between its heading and its
    first section (the `> [Alphaxiv](...)` line); the heading's own link counts for `arxiv`.
    Which kinds are required, from which post date and for which files is configurable
    (`required-kinds`, `since`, `paths`).

    When *no* paper of a post has a link of a required kind (a post written before the blog
    adopted the kind), the post gets one finding, at its first paper, naming the count, with one
    fix that adds the link to every paper. A paper missing the link among papers that have it is
    reported on its own.

    ## Why
    Readers of the blog follow the Alphaxiv link to the paper's page in their language; a post
    without it breaks the blog's layout and the reading flow.

    ## Example
    Bad:

        # 1. [HuMo: Human-Centric Video Generation](https://arxiv.org/abs/2509.08519)

        ## Introduction

    Good:

        # 1. [HuMo: Human-Centric Video Generation](https://arxiv.org/abs/2509.08519)

        > [Alphaxiv](https://www.alphaxiv.org/ko/overview/2509.08519)

        ## Introduction

    ## Layouts
    A layout's `links.required` replaces `required-kinds` (the presets `id-headings` and `title-
    headings` require the Hugging Face link; `one-paper-per-file` none); link kinds are
    rules/links.yaml's plus the layout's `links.kinds`. The insertion fix is for the default layout
    only.

    ## Fix safety
    Safe when the heading has a valid arXiv identifier: the link is inserted after the heading,
    built from the kind's URL template, the identifier and the target language. Otherwise no fix.
    """

    id = "DL302"
    name = "missing-alphaxiv-link"
    severity = "error"
    defers_to = ("DL202", "DL307")
    defers_why = (
        "the kind's link lost in a title wrapped over two lines (DL202) or written with a malformed URL such as `javascript:` (DL307 covers the paper's lead)"
    )
    summary = "A paper without an Alphaxiv link (the required link kinds are configurable)"
    fixable = True
    fix_after_others = True  # depends on the whole post: after the other fixes (see Rule)
    options_schema = _OptionsSchema()

    def defaults(self) -> dict[str, Any]:
        return {"required-kinds": [k.name for k in link_kinds().values() if k.required]}

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Violation]:
        lay = doc.layout
        kinds = link_kinds() if lay.classic else lay.link_kinds
        names = lay.required_link_kinds
        if names is None:
            names = ctx.options.get("required-kinds", [])
        required = [kinds[k] for k in names if k in kinds]
        if not required or not doc.papers:
            return
        date = doc.date
        active = []
        for kind in required:
            since = ctx.options.get("since", kind.since)
            if since and date is not None and date < str(since):
                continue
            globs = ctx.options.get("paths", kind.paths)
            if globs:
                if not ctx.path_matches(doc.path, globs):
                    continue
            active.append(kind)
        if not active:
            return
        lang = ctx.language or "ko"
        missing: dict[str, Absent] = {kind.name: [] for kind in active}  # kind -> [(paper, near link or None)]
        for paper in doc.papers:
            have: set[str] = set()
            match = match_link if lay.classic else lay.match_link
            if paper.url:
                found = match(paper.url)
                if found:
                    have.add(found[0].name)
            labelled: dict[str, Link] = {}
            for link in paper.links:
                found = match(link.url)
                if found:
                    have.add(found[0].name)
                else:
                    labelled.setdefault(link.text.strip().lower(), link)
            for kind in active:
                if kind.name not in have:
                    missing[kind.name].append((paper, labelled.get(kind.label.lower())))
        for kind in active:
            absent = missing[kind.name]
            if not absent:
                continue
            if len(absent) == len(doc.papers) and len(absent) > 1:
                yield self._whole_post(doc, kind, absent, lang)
                continue
            for paper, near in absent:
                yield self._one_paper(doc, kind, paper, near, lang)

    def _insert(self, doc: Document, kind: LinkKind, paper: Paper, lang: str) -> tuple[Optional[Edit], Optional[str]]:
        """The edit inserting ``kind``'s link under ``paper``'s heading (None without an arXiv ID,
        or with one later than the post's date: that ID is a typo (DL308), and copying it into a
        second link would spread it)."""
        aid = _heading_id(paper)
        if aid is None or not kind.url or not doc.layout.classic:
            return None, None  # (another layout: where the link line goes is the blog's business)
        date = doc.date
        if date is not None and aid.year_month > date[:7]:
            return None, None
        url = kind.url.format(id=aid.base, lang=lang)
        line_end = doc.line_span(paper.heading_line)[1]
        nxt = paper.heading_line + 1
        after_blank = nxt <= len(doc.lines) and not doc.lines[nxt - 1].strip()
        text = f"\n\n> [{kind.label}]({url})" + ("" if after_blank or nxt > len(doc.lines) else "\n")
        return Edit(line_end, line_end, text), url

    def _one_paper(self, doc: Document, kind: LinkKind, paper: Paper, near: Optional[Link], lang: str) -> Violation:
        s, e = doc.content_span(paper.heading_line)
        if doc.layout.classic:
            msg = f"paper {paper.number if paper.number is not None else ''}".rstrip() + f" has no {kind.label} link"
        else:
            msg = f"{doc.layout.paper_label(paper)} has no {kind.label} link"
        if near is not None:
            msg += f" (the '{near.text}' link on line {near.line} is not a valid {kind.label} URL: {near.url[:80]!r})"
        fix = None
        if near is None:
            edit, url = self._insert(doc, kind, paper, lang)
            if edit is not None:
                msg += f"; expected '> [{kind.label}]({url})'"
                fix = Fix((edit,), safe=True, description=f"insert the {kind.label} link")
        return Violation(s, e, msg, fix=fix)

    def _whole_post(self, doc: Document, kind: LinkKind, absent: Absent, lang: str) -> Violation:
        """No paper of the post has the link: one finding at the first paper, one fix for all."""
        first = absent[0][0]
        s, e = doc.content_span(first.heading_line)
        edits: list[Edit] = []
        for paper, near in absent:
            if near is None:
                edit, _ = self._insert(doc, kind, paper, lang)
                if edit is not None:
                    edits.append(edit)
        n = len(absent)
        article = "an" if kind.label[:1].lower() in "aeiou" else "a"
        msg = f"none of the {n} papers of this post has {article} {kind.label} link"
        broken = [near for _, near in absent if near is not None]
        if broken:
            msg += f" ({len(broken)} have a '{kind.label}' link that is not a valid {kind.label} URL, first on line {broken[0].line})"
        fix = None
        if edits:
            msg += f"; the fix inserts '> [{kind.label}](...)' under {len(edits)} paper heading(s)"
            fix = Fix(tuple(edits), safe=True, description=f"insert the {kind.label} link of {len(edits)} papers")
        return Violation(s, e, msg, fix=fix)


def _heading_id(paper: Paper) -> Optional[ArxivId]:
    if not paper.url:
        return None
    found = arxiv_in_url(paper.url)
    if found is None or found[0] is None:
        return None
    return found[0]
