from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule


class PaperNumbering(Rule):
    """
    ## What it does
    Reports paper numbers that are not 1, 2, …, N in order: a gap (`1, 2, 4`), a repeat
    (`1, 2, 2`), a wrong start (`0, 1, 2` or `2, 3, 4`), numbers going backwards. A run of papers
    that is off by the same amount is one finding, at the first number of the run, naming the
    number expected there. A heading without a number (DL202) keeps its place in the count.

    ## Why
    Readers refer to papers by number ("see paper 3"), and a broken sequence usually means a
    paper was dropped or duplicated when the post was assembled.

    ## Example
    Bad:

        # 1. [A](https://arxiv.org/abs/2510.00001)
        # 2. [B](https://arxiv.org/abs/2510.00002)
        # 4. [C](https://arxiv.org/abs/2510.00003)

    Good:

        # 1. [A](https://arxiv.org/abs/2510.00001)
        # 2. [B](https://arxiv.org/abs/2510.00002)
        # 3. [C](https://arxiv.org/abs/2510.00003)

    ## Layouts
    Silent under a layout whose papers are not numbered (`papers.numbered: false`: the presets `id-
    headings`, `title-headings`, `one-paper-per-file`); numbers come from the `number` group of
    `papers.pattern`.

    ## Fix safety
    Safe: every paper of the run gets its position in the post as its number. Only the numbers
    change; papers are not reordered or removed.
    """

    id = "DL203"
    name = "paper-numbering"
    severity = "error"
    summary = "Paper numbers not 1..N in order"
    fixable = True
    fix_after_others = True  # depends on the whole post: after the other fixes (see Rule)

    def check(self, doc, ctx):
        if not doc.layout.numbered:
            return  # the layout's papers carry no numbers (papers.numbered: false)
        numbered = []  # (position, paper, value)
        for pos, paper in enumerate(doc.papers, start=1):
            if paper.number_end > paper.number_start:
                digits = doc.text[paper.number_start:paper.number_end]
                # absurdly long numbers are simply "too large" (int() of 5000 digits raises)
                numbered.append((pos, paper, int(digits) if len(digits) <= 18 else 10**18))
        # group consecutive (numbered) wrong papers with the same offset
        groups = []
        for i, (pos, paper, value) in enumerate(numbered):
            if value == pos:
                continue
            offset = value - pos
            if groups and groups[-1]["last"] == i - 1 and groups[-1]["offset"] == offset:
                groups[-1]["items"].append((pos, paper, value))
                groups[-1]["last"] = i
            else:
                groups.append({"offset": offset, "last": i, "first": i, "items": [(pos, paper, value)]})
        for g in groups:
            pos, paper, value = g["items"][0]
            prev = numbered[g["first"] - 1] if g["first"] > 0 else None
            if pos == 1:
                why = f"numbering starts at {value}, not 1"
            elif prev is None:
                why = f"paper {pos} is numbered {value}"
            elif value == prev[2]:
                why = f"number {value} repeats the previous paper's number"
            elif value < prev[2]:
                why = f"number {value} comes after {prev[2]}"
            elif value > prev[2] + 1:
                why = f"number {value} after {prev[2]} leaves a gap"
            else:
                why = f"paper {pos} is numbered {value}"
            last = g["items"][-1][0]
            scope = f"paper {pos}" if last == pos else f"papers {pos}-{last}"
            edits = tuple(Edit(p.number_start, p.number_end, str(ps)) for ps, p, _ in g["items"])
            yield Violation(
                paper.number_start,
                paper.number_end,
                f"paper numbering: {why}; expected {pos}",
                fix=Fix(edits, safe=True, description=f"renumber {scope}"),
            )
