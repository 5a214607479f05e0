from digestlint.model import Violation
from digestlint.registry import Rule


class DuplicateFrontMatterKey(Rule):
    """
    ## What it does
    Reports a front matter key given more than once, at the second (and every later)
    occurrence, naming the line of the first; at any depth (a key repeated inside a nested
    mapping, `author: {name: A, name: B}`, is named by its path, `author.name`).

    ## Why
    YAML keeps only the last value of a repeated key, silently: a generator that appends
    `title:` or `tags:` again overrides the first value, and nobody sees which one the blog
    renders.

    ## Example
    Bad:

        ---
        title: "Daily Papers — 2025-09-13"
        tags: [papers]
        tags: [huggingface]
        ---

    Good:

        ---
        title: "Daily Papers — 2025-09-13"
        tags: [papers, huggingface]
        ---

    ## Fix safety
    No automatic fix: which value is meant (or whether they should be merged) is not known.
    """

    id = "DL105"
    name = "duplicate-front-matter-key"
    severity = "error"
    summary = "A front matter key given twice (YAML silently keeps the last)"

    def check(self, doc, ctx):
        fmb = doc.front_matter
        if fmb is None or fmb.error is not None:
            return
        first: dict[str, object] = {}
        for key in fmb.keys:
            earlier = first.get(key.name)
            if earlier is None:
                first[key.name] = key
                continue
            line = doc.position(earlier.key_start)[0]
            yield Violation(
                key.key_start,
                key.key_end,
                f"key '{key.name}' is given more than once (first on line {line}); YAML keeps only the last value",
            )
        for path, start, end, first_start in fmb.nested_duplicates:
            line = doc.position(first_start)[0]
            yield Violation(
                start,
                end,
                f"key '{path}' is given more than once (first on line {line}); YAML keeps only the last value",
            )
