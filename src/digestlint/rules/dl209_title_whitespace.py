import re

from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule

_RUN_RE = re.compile(r"[ \t\u00a0\u3000]{2,}|\t|\u3000")
_EDGE_RE = re.compile(r"\A[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+\Z")


class TitleWhitespace(Rule):
    """
    ## What it does
    Reports runs of spaces (or tabs) inside a paper title in the heading link, and spaces just
    inside the brackets (`[ Title ]`). Reported at the run of spaces itself.

    ## Why
    Titles copied from arXiv listings keep the line wrapping of the source as a run of spaces
    (`Hybrid   Vision Tokenizer`). Browsers collapse them, but the title no longer matches the paper
    in search, in other posts (duplicate detection) or when copied.

    ## Example
    Bad:

        # 1. [MANZANO: A Simple and Scalable Unified Multimodal Model with a Hybrid   Vision Tokenizer](https://arxiv.org/abs/2509.16197)

    Good:

        # 1. [MANZANO: A Simple and Scalable Unified Multimodal Model with a Hybrid Vision Tokenizer](https://arxiv.org/abs/2509.16197)

    ## Fix safety
    Safe: a run inside the title becomes one space, spaces just inside the brackets are removed.
    Only whitespace changes; the words stay as they are.
    """

    id = "DL209"
    name = "title-whitespace"
    severity = "warning"
    summary = "Runs of spaces inside a paper title"
    fixable = True

    def check(self, doc, ctx):
        for paper in doc.papers:
            if paper.title is None:
                continue
            title = paper.title
            base = paper.title_start
            edges = []
            for m in _EDGE_RE.finditer(title):
                edges.append((m.start(), m.end()))
                where = "before" if m.start() == 0 else "after"
                yield Violation(
                    base + m.start(),
                    base + m.end(),
                    f"whitespace {where} the title inside the brackets of paper {paper.number or paper.id or '?'}'s heading",
                    fix=Fix((Edit(base + m.start(), base + m.end(), ""),), safe=True, description="remove the whitespace"),
                )
            for m in _RUN_RE.finditer(title):
                if any(s <= m.start() < e for s, e in edges):
                    continue
                run = m.group()
                if run == " ":
                    continue
                desc = f"{len(run)} spaces" if set(run) == {" "} else "a run of whitespace" if len(run) > 1 else "a tab"
                yield Violation(
                    base + m.start(),
                    base + m.end(),
                    f"{desc} inside the title of paper {paper.number or paper.id or '?'} (left over from a line-wrapped "
                    "source title); use one space",
                    fix=Fix((Edit(base + m.start(), base + m.end(), " "),), safe=True, description="collapse to one space"),
                )
