from digestlint.model import Violation
from digestlint.registry import Rule
from digestlint.analysis import sources as sources_lib


class SourceTitleMismatch(Rule):
    """
    ## What it does
    Reports a paper heading whose title is not the title of its arXiv ID in the configured
    sources (`sources` in the configuration; `digestlint sources fetch` fills it from the arXiv
    API): the link points at another paper, or the title was mangled (cut short, words dropped
    or changed). The message quotes the source's title.

    How titles are matched: both are compared after dropping case, runs of whitespace, markdown
    emphasis and code marks, LaTeX (`$…$`, `\\textbf{…}`, braces, backslashes) and punctuation
    differences (`:`/`-`/quotes) and the spaces between words (`Pre-training`, `Pretraining`);
    what is left is a real difference: another word (`Encoder` for `Decoder`), a title cut
    short, a typo. `threshold` (default 100: the same after normalising) lowers the bar to a
    fuzzy similarity (rapidfuzz `ratio`, 0-100) for blogs whose generator rewords titles. A
    post without a sources store, or a paper the store has no title for, is not checked.

    ## Why
    A digest whose heading names one paper and links another sends readers to the wrong paper;
    a mangled title makes the paper hard to find.

    ## Example
    Bad (the source of 2509.16197 is "Scaling Laws for Encoder Models"):

        # 1. [Scaling Laws for Decoder Models](https://arxiv.org/abs/2509.16197)

    Good:

        # 1. [Scaling Laws for Encoder Models](https://arxiv.org/abs/2509.16197)

    ## Layouts
    Silent under a layout whose headings carry no title (`id-headings`).

    ## Fix safety
    No automatic fix: whether the title or the link is wrong is for a person to decide.
    """

    id = "DL703"
    name = "source-title-mismatch"
    severity = "error"
    summary = "The paper heading's title is not the title of that arXiv ID in the configured sources"
    options_schema = {
        "threshold": {
            "type": "integer",
            "minimum": 0,
            "maximum": 100,
            "default": 100,
            "description": "fuzzy similarity (0-100) from which two normalised titles are the same (100: equal)",
        },
    }

    def check(self, doc, ctx):
        threshold = ctx.options.get("threshold", 100)
        for paper, src, _s, _e in sources_lib.paper_sources(doc, ctx):
            if not paper.title or not src.title:
                continue
            score = sources_lib.title_similarity(paper.title, src.title)
            if score >= threshold:
                continue
            start, end = paper.title_start, paper.title_end
            if end <= start:
                start, end = doc.content_span(paper.heading_line)
            why = "the link points at another paper?" if score < 50 else "the title was mangled?"
            yield Violation(
                start,
                end,
                f"the title is not the title of {src.id} in the sources ({src.origin_name}): \"{src.title}\" "
                f"(similarity {score:.0f} of 100; {why})",
            )
