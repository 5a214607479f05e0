from digestlint.model import Violation
from digestlint.registry import Rule


class MissingFrontMatter(Rule):
    """
    ## What it does
    Reports a post that does not start with a `---` front matter block, an empty file, and a
    front matter block that is opened but never closed.

    ## Why
    Jekyll renders a file without front matter as a static file: the post silently disappears
    from the blog. An unclosed block swallows the whole post.

    ## Example
    Bad:

        # 1. [HuMo: Human-Centric Video Generation](https://arxiv.org/abs/2509.08519)

    Good:

        ---
        layout: post
        title: "Daily Papers — 2025-09-13"
        date: 2025-09-13 08:15:00
        tags: [papers]
        categories: []
        ---

        # 1. [HuMo: Human-Centric Video Generation](https://arxiv.org/abs/2509.08519)

    ## Layouts
    Under a layout whose `front-matter` is `optional` or `absent` (the presets `one-paper-per-file`,
    `id-headings`, `title-headings`) this rule is silent: such posts have no front matter to miss.

    ## Fix safety
    No automatic fix: the front matter's values cannot be guessed.
    """

    id = "DL003"
    name = "missing-front-matter"
    severity = "error"
    summary = "No '---' front matter block at the top of the post"

    def check(self, doc, ctx):
        if doc.front_matter_problem is not None:
            start, end = doc.line_span(1)
            yield Violation(start, end if end > start else start, doc.front_matter_problem)
