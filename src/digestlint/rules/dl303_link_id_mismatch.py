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

    ## Layouts
    Under another layout every paper link that names an identifier is compared with the paper's
    identifier (from its ID heading, first link or front matter).

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
        if not doc.layout.classic:
            yield from self._check_layout(doc)
            return
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

    @staticmethod
    def _check_layout(doc):
        """Another layout: every link of a paper that names an identifier must name the paper's
        (the one its layout found: the ID heading, the first paper link, the front matter)."""
        lay = doc.layout
        for paper in doc.papers:
            if paper.id is None:
                continue
            own, _ = parse_arxiv_id(paper.id)
            if own is None:
                continue
            where = {"heading": f"the heading's paper (line {paper.heading_line})", "link": "the paper's first link",
                     "front-matter": "the front matter's paper", "file-name": "the file name's paper"}.get(paper.id_source, "the paper")
            for link in paper.links:
                s, e = url_span(doc, link.url_start, link.url_end)
                url = doc.text[s:e]
                km = lay.match_link(url)
                if km is None or "id" not in km[0].pattern.groupindex or km[1]["id"] is None:
                    continue
                kind, m = km
                i, j = s + m.start("id"), s + m.end("id")
                if (i, j) == (paper.id_start, paper.id_end):
                    continue  # the identifier's own source
                aid, _ = parse_arxiv_id(m["id"])
                if aid is not None and aid.base == own.base:
                    continue
                what = f"{m['id']!r}" if aid is None else aid.base
                yield Violation(
                    i, j, f"{kind.label} link names {what}, but {where} is {own.base}",
                    fix=Fix((Edit(i, j, own.base),), safe=False, description="use the paper's identifier"),
                )
