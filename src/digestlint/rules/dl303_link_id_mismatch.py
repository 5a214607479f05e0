from digestlint.analysis.links import arxiv_in_url, match_link, parse_arxiv_id, url_span
from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule


class LinkIdMismatch(Rule):
    """
    ## What it does
    Compares the identifier of every link of a paper (the `> [Alphaxiv](...)` line, or any other
    link of a kind in `rules/links.yaml` between the heading and the first section) with the
    heading's arXiv identifier. Versions are ignored (`2509.16197v2` is `2509.16197`).

    ## Why
    A copy-paste slip sends readers from one paper's summary to another paper's page; nobody
    notices, because both links look alike.

    ## Example
    Bad:

        # 2. [Latent Zoning Network](https://arxiv.org/abs/2509.15591)

        > [Alphaxiv](https://www.alphaxiv.org/ko/overview/2509.16197)

    Good:

        > [Alphaxiv](https://www.alphaxiv.org/ko/overview/2509.15591)

    ## Fix safety
    Unsafe: the fix writes the heading's identifier into the link, but the heading may be the
    wrong one. Check which paper the summary is about.
    """

    id = "DL303"
    name = "link-id-mismatch"
    severity = "error"
    summary = "A paper's Alphaxiv link names another paper than its heading (versions aside)"
    fixable = True

    def check(self, doc, ctx):
        for paper in doc.papers:
            if not paper.url:
                continue
            found = arxiv_in_url(paper.url)
            if found is None or found[0] is None:
                continue
            heading_id = found[0]
            for link in paper.links:
                s, e = url_span(doc, link.url_start, link.url_end)
                url = doc.text[s:e]
                km = match_link(url)
                if km is None or "id" not in km[0].pattern.groupindex or km[1]["id"] is None:
                    continue
                kind, m = km
                raw = m["id"]
                aid, _ = parse_arxiv_id(raw)
                if aid is not None and aid.base == heading_id.base:
                    continue
                i, j = s + m.start("id"), s + m.end("id")
                what = f"{raw!r}" if aid is None else aid.base
                yield Violation(
                    i,
                    j,
                    f"{kind.label} link names {what}, but the heading's paper (line {paper.heading_line}) is {heading_id.base}",
                    fix=Fix((Edit(i, j, heading_id.base),), safe=False, description="use the heading's identifier"),
                )
