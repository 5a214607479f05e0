from digestlint.analysis.links import heading_arxiv_ids
from digestlint.model import Violation
from digestlint.registry import Rule


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
        for paper, aid, i, j in heading_arxiv_ids(doc):
            prev = first.get(aid.base)
            if prev is None:
                first[aid.base] = paper
                continue
            num = f"paper {prev.number} " if prev.number is not None else "a paper "
            if prev.number is None and not doc.layout.classic:
                num = "the paper "
            yield Violation(i, j, f"{aid.base} is already {num}on line {prev.heading_line}")
