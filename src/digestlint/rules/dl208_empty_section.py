import re

from digestlint.model import Violation
from digestlint.registry import Rule
from digestlint.analysis import sections as section_model

_COMMENTS_RE = re.compile(r"<!--.*?-->", re.S)


class EmptySection(Rule):
    """
    ## What it does
    Reports a `##` section of a paper that has no content: nothing between its heading and the
    next heading, or only sub-headings, horizontal rules and HTML comments. Reported at the
    section's heading.

    ## Why
    An empty section renders as a bare heading: the generator failed for that part of the paper
    (or the content landed somewhere else).

    ## Example
    Bad:

        ## Limitations

        ## Conclusion
        POWSM은 …

    Good:

        ## Limitations
        음소 단위 평가에 한정되어 …

        ## Conclusion
        POWSM은 …

    ## Fix safety
    No automatic fix: the content cannot be written by a linter.
    """

    id = "DL208"
    name = "empty-section"
    severity = "error"
    summary = "A section with no content"

    def check(self, doc, ctx):
        for paper in doc.papers:
            for sec in paper.sections:
                if any(_has_content(b) for b in sec.blocks):
                    continue
                start, end = section_model.heading_span(doc, sec.heading_line)
                label = f" of paper {paper.number}" if paper.number is not None else ""
                if not label and paper.id:
                    label = f" of paper {paper.id}"
                yield Violation(start, end, f"section '{doc.layout.section_label(sec.name)}'{label} is empty")


def _has_content(block) -> bool:
    if block.kind in ("heading", "other"):
        return False
    if block.kind == "html":
        return bool(_COMMENTS_RE.sub("", block.content).strip())
    if block.kind == "code":
        return True
    return bool(block.content.strip())
