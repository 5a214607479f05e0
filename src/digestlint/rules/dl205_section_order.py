from digestlint.model import Violation
from digestlint.registry import Rule
from digestlint.analysis import sections as section_model


class SectionOrder(Rule):
    """
    ## What it does
    Reports a paper whose sections are not in the required order, at the first heading out of
    order: the sections that keep the longest run in the right order stay, and the first of the
    others is reported, naming where it belongs. One finding per paper.

    The order is the `sections` option of `missing-section` (DL204), shared by DL204-DL207. A
    repeated section (DL206) and headings that are no required section (DL207) are left out;
    a misspelt or translated heading that certainly stands for a section counts as it.

    ## Why
    Readers skim a digest by section: "Results" always in the same place. A swapped section
    usually means the generator's output was reassembled wrongly.

    ## Example
    Bad:

        ## Introduction
        ## Results
        ## Method
        ## Limitations
        ## Conclusion

    Good:

        ## Introduction
        ## Method
        ## Results
        ## Limitations
        ## Conclusion

    ## Layouts
    Silent under a layout whose sections have no fixed order (`sections.ordered: false`).

    ## Fix safety
    No automatic fix: moving whole sections is left to a person.
    """

    id = "DL205"
    name = "section-order"
    severity = "error"
    summary = "Sections out of the required order"

    def check(self, doc, ctx):
        spec = ctx.sections
        if not doc.layout.sections_ordered:
            return  # the layout's sections have no fixed order (sections.ordered: false)
        label = doc.layout.section_label
        for paper in doc.papers:
            seen = set()
            items = []  # (section, canonical, rank)
            for sec, name in spec.counted(paper.sections):
                if name in seen:
                    continue
                seen.add(name)
                items.append((sec, name, spec.index[name]))
            keep = _longest_increasing(items)
            for i, (sec, name, rank) in enumerate(items):
                if i in keep:
                    continue
                lower = [it for j, it in enumerate(items) if j in keep and it[2] < rank]
                higher = [it for j, it in enumerate(items) if j in keep and it[2] > rank]
                if lower and higher:
                    where = f"it belongs between '{label(lower[-1][0].name)}' and '{label(higher[0][0].name)}'"
                elif lower:
                    where = f"it belongs after '{label(lower[-1][0].name)}'"
                else:
                    where = f"it belongs before '{label(higher[0][0].name)}'"
                start, end = section_model.heading_span(doc, sec.heading_line)
                yield Violation(
                    start,
                    end,
                    f"section '{label(sec.name)}' is out of order: {where} (order: {spec.order_text()})",
                )
                break


def _longest_increasing(items) -> set:
    """Indexes of a longest run of items in increasing rank; ties keep the earlier items."""
    n = len(items)
    if n == 0:
        return set()
    # length of the longest increasing subsequence starting at i (computed right to left), so
    # that a greedy left-to-right pick prefers the earliest items among equally long choices
    best = [1] * n
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n):
            if items[j][2] > items[i][2] and best[j] + 1 > best[i]:
                best[i] = best[j] + 1
    total = max(best)
    keep = set()
    need = total
    last_rank = -1
    for i in range(n):
        if need and best[i] == need and items[i][2] > last_rank:
            keep.add(i)
            last_rank = items[i][2]
            need -= 1
    return keep
