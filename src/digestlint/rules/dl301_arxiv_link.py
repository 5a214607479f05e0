import re

from digestlint.analysis.links import arxiv_in_url, url_span
from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule

_SCHEMELESS_ARXIV = re.compile(r"(?:www\.)?(?:export\.)?arxiv\.org/", re.IGNORECASE)


class ArxivLink(Rule):
    """
    ## What it does
    Checks every paper heading's link: there must be one, and it must be an arXiv `abs` or `pdf`
    URL with a valid identifier: new style `YYMM.NNNNN` (4 digits after the dot until 2014,
    5 from 2015 on; from 0704 on), or old style `archive/YYMMNNN` (`hep-th/9901001`,
    `math.GT/0309136`), with or without a version (`v2`). `http://` and a version are fine
    (option `require-https` reports `http://`).

    ## Why
    The heading link is the paper's identity: the Alphaxiv link, duplicate detection and
    republication checks are all keyed by it. A heading without a link, a link to another site
    or an identifier with a digit missing leaves the reader without the paper.

    ## Example
    Bad:

        # 1. [HuMo: Human-Centric Video Generation](https://arxiv.org/abs/2509.0851)
        # 2. [AU-Harness](https://huggingface.co/papers/2509.08031)
        # 3. mmBERT: A Modern Multilingual Encoder

    Good:

        # 1. [HuMo: Human-Centric Video Generation](https://arxiv.org/abs/2509.08519)

    ## Layouts
    Under another layout the paper's identifier is where the layout says (`papers.id-from`: the
    heading, a link of `links.paper-kinds`, a front matter key, the file name): reported when a
    paper has none or an invalid one.

    ## Fix safety
    No automatic fix for a missing or wrong identifier: the right one cannot be guessed. With
    `require-https`, `http://` is replaced by `https://` (safe: arXiv serves both).
    """

    id = "DL301"
    name = "arxiv-link"
    severity = "error"
    defers_to = ("DL202",)
    defers_why = (
        "a heading whose title link is broken (split over lines, not a link, malformed): DL202 says why the link is missing"
    )
    summary = "A paper heading without an arXiv abs/pdf link with a valid identifier"
    fixable = True
    options_schema = {
        "require-https": {
            "type": "boolean",
            "default": False,
            "description": "also report arXiv links that use http:// instead of https://",
        }
    }

    def check(self, doc, ctx):
        require_https = bool(ctx.options.get("require-https", False))
        if not doc.layout.classic:
            yield from _check_layout(doc)
            return
        for paper in doc.papers:
            if paper.url is None:
                s, e = doc.content_span(paper.heading_line)
                yield Violation(
                    s, e, "paper heading has no link: write it as '# N. [title](https://arxiv.org/abs/ID)'"
                )
                continue
            s, e = url_span(doc, paper.url_start, paper.url_end)
            url = doc.text[s:e]
            if not url:
                yield Violation(paper.url_start - 1, paper.url_end + 1, "paper heading's link is empty: expected https://arxiv.org/abs/ID")
                continue
            found = arxiv_in_url(url)
            if found is None:
                if _SCHEMELESS_ARXIV.match(url):
                    yield Violation(s, e, f"arXiv link without 'https://': {url!r} is a relative link on the blog")
                else:
                    yield Violation(s, e, f"paper link is not an arXiv abs/pdf URL: {_short(url)!r}")
                continue
            aid, why, i, j = found
            if aid is None:
                yield Violation(s + i, s + j, f"invalid arXiv identifier {url[i:j]!r}: {why}")
            elif require_https and url.lower().startswith("http:"):
                yield Violation(
                    s, s + 4, "arXiv link uses http://; use https://",
                    fix=Fix((Edit(s, s + 4, "https"),), safe=True, description="use https://"),
                )


def _short(url: str, limit: int = 80) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def _check_layout(doc):
    """Another layout: every paper has an arXiv identifier where its layout says (``papers.id-from``)
    and it is a valid one; a heading link (``papers.pattern`` group ``url``) is a known paper link."""
    from digestlint.corpus_index import parse_arxiv_id

    lay = doc.layout
    for paper in doc.papers:
        if paper.url is not None:
            s, e = url_span(doc, paper.url_start, paper.url_end)
            km = lay.match_link(doc.text[s:e])
            if km is None or km[0].name not in lay.paper_link_kinds:
                kinds = ", ".join(lay.link_kinds[k].label for k in lay.paper_link_kinds if k in lay.link_kinds)
                yield Violation(s, e, f"paper link is not a paper URL ({kinds}): {_short(doc.text[s:e])!r}")
                continue
        if paper.id is None:
            fm = doc.front_matter
            if "front-matter" in lay.id_from and fm is not None and fm.error is not None:
                continue  # the identifier's source does not parse: DL004's finding
            s, e = doc.content_span(paper.heading_line)
            sources = ", ".join(lay.id_from)
            yield Violation(s, e, f"{lay.paper_label(paper)} has no arXiv identifier (looked in: {sources})")
            continue
        aid, why = parse_arxiv_id(paper.id)
        if aid is None:
            if paper.id_start >= 0:
                s, e = paper.id_start, paper.id_end
            else:
                s, e = doc.content_span(paper.heading_line)
            yield Violation(s, e, f"invalid arXiv identifier {paper.id!r}: {why}")
