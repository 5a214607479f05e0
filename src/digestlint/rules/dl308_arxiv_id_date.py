from digestlint.analysis.links import body_links, match_link, parse_arxiv_id, url_span
from digestlint.model import Violation
from digestlint.registry import Rule


class ArxivIdDate(Rule):
    """
    ## What it does
    Reports an arXiv identifier (in a paper heading, an Alphaxiv link or any other link of a kind
    in `rules/links.yaml`) whose year and month (`YYMM` of `YYMM.NNNNN`) are later than the post's
    date (front matter `date`, else the file name's date). Reported at the identifier.

    ## Why
    A daily digest cannot summarise a paper from next month: the identifier has a typo
    (`2590.16197` for `2509.16197`, `2510.…` in a September post), and the link leads to another
    paper or to nothing.

    ## Example
    Bad (in the post of 2025-09-22):

        # 1. [MANZANO](https://arxiv.org/abs/2510.16197)

    Good:

        # 1. [MANZANO](https://arxiv.org/abs/2509.16197)

    ## Fix safety
    No automatic fix: the right identifier cannot be guessed.
    """

    id = "DL308"
    name = "arxiv-id-date"
    severity = "error"
    summary = "An arXiv identifier from after the post's date"

    def check(self, doc, ctx):
        date = doc.date
        if date is None:
            return
        post_ym = date[:7]
        lay = doc.layout
        match = match_link if lay.classic else lay.match_link
        seen = set()
        if not lay.classic:
            # another layout: the papers' identifiers wherever they are (an ID heading, a bare link)
            for paper in doc.papers:
                if paper.id is None or paper.id_start < 0:
                    continue
                aid, _ = parse_arxiv_id(paper.id)
                if aid is None or aid.year_month <= post_ym:
                    continue
                seen.add((paper.id_start, paper.id_end))
                yield Violation(
                    paper.id_start, paper.id_end,
                    f"arXiv identifier {aid.base} is from {aid.year_month}, after the post's date {date}",
                )
        for link in body_links(doc):
            s, e = url_span(doc, link.url_start, link.url_end)
            km = match(doc.text[s:e])
            if km is None or "id" not in km[0].pattern.groupindex or km[1]["id"] is None:
                continue
            kind, m = km
            aid, _ = parse_arxiv_id(m["id"])
            if aid is None or aid.year_month <= post_ym:
                continue
            if (s + m.start("id"), s + m.end("id")) in seen:
                continue
            yield Violation(
                s + m.start("id"),
                s + m.end("id"),
                f"arXiv identifier {aid.base} is from {aid.year_month}, after the post's date {date}",
            )
