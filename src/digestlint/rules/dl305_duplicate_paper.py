from digestlint.corpus_index import arxiv_in_url
from digestlint.model import Violation
from digestlint.registry import Rule
from digestlint.rules.dl301_arxiv_link import url_span


def heading_ids(doc):
    """``(paper, ArxivId, id_start, id_end)`` for every paper heading with a valid arXiv link."""
    for paper in doc.papers:
        if not paper.url:
            continue
        s, e = url_span(doc, paper.url_start, paper.url_end)
        found = arxiv_in_url(doc.text[s:e])
        if found is None or found[0] is None:
            continue
        aid, _, i, j = found
        yield paper, aid, s + i, s + j


class DuplicatePaper(Rule):
    """
    ## What it does
    Reports a paper whose arXiv identifier (versions aside) already heads an earlier paper of the
    same post. Reported at the second heading's identifier, naming the first one's line.

    ## Why
    The daily list is picked by a script; when a paper is trending under two versions or the
    script is run twice, the same paper is summarised twice and the numbering lies.

    ## Example
    Bad:

        # 1. [Lynx](https://arxiv.org/abs/2509.15496)
        ...
        # 4. [Lynx: Towards High-Fidelity Personalized Video Generation](https://arxiv.org/abs/2509.15496v2)

    Good: keep one of them and renumber.

    ## Fix safety
    No automatic fix: which summary to keep is an editorial choice.
    """

    id = "DL305"
    name = "duplicate-paper"
    severity = "error"
    summary = "The same arXiv paper twice in one post"

    def check(self, doc, ctx):
        first = {}
        for paper, aid, i, j in heading_ids(doc):
            prev = first.get(aid.base)
            if prev is None:
                first[aid.base] = paper
                continue
            num = f"paper {prev.number} " if prev.number is not None else "a paper "
            yield Violation(i, j, f"{aid.base} is already {num}on line {prev.heading_line}")
