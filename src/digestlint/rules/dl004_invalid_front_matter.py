from digestlint.model import Violation
from digestlint.registry import Rule


class InvalidFrontMatter(Rule):
    """
    ## What it does
    Reports front matter YAML that does not parse (at the line YAML itself names), that is not a
    mapping of keys to values (a list, a scalar), or that uses anchors or aliases. Front matter
    is checked on the YAML event stream before any value is built: anchors, aliases, nesting
    deeper than 32 levels, more than 5000 nodes or more than 64 KiB are rejected.

    ## Why
    Jekyll fails the whole build on front matter it cannot parse. Anchors and aliases have no
    use in a post's front matter and are how a few hundred bytes of YAML (a "billion laughs" or
    merge-key bomb) can take minutes of CPU and gigabytes of memory.

    ## Example
    Bad:

        ---
        title: "Daily Papers — 2025-09-13
        tags: [papers
        ---

    Good:

        ---
        title: "Daily Papers — 2025-09-13"
        tags: [papers]
        ---

    ## Fix safety
    No automatic fix.
    """

    id = "DL004"
    name = "invalid-front-matter"
    severity = "error"
    summary = "Front matter YAML does not parse, is not a mapping, or uses anchors/aliases"

    def check(self, doc, ctx):
        fm = doc.front_matter
        if fm is not None and fm.error is not None:
            start = fm.error_offset
            line = doc.position(start)[0]
            end = doc.line_span(line)[1]
            yield Violation(start, max(start, end), fm.error.message)
