from digestlint.model import Violation
from digestlint.registry import Rule
from digestlint.analysis import sections as section_model


class DuplicateSection(Rule):
    """
    ## What it does
    Reports a required section given twice in one paper, at the second heading (and at every
    further one), naming the line of the first. A misspelt or translated heading that certainly
    stands for the section counts as it (`## Conclusion` … `## 결론`).

    The section names are the `sections` option of `missing-section` (DL204), shared by
    DL204-DL207.

    ## Why
    A repeated section is a generation loop or a copy-paste slip: readers see two different
    "Results" for one paper, or the same text twice.

    ## Example
    Bad:

        ## Results
        SHANKS는 …
        ## Limitations
        …
        ## Results
        SHANKS는 …

    Good: one `## Results`.

    ## Fix safety
    No automatic fix: which of the two to keep (or how to merge them) needs a person.
    """

    id = "DL206"
    name = "duplicate-section"
    severity = "error"
    summary = "A section given twice in one paper"

    def check(self, doc, ctx):
        spec = ctx.sections
        label = doc.layout.section_label
        for paper in doc.papers:
            first = {}
            for sec, name in spec.counted(paper.sections):
                if name not in first:
                    first[name] = sec
                    continue
                start, end = section_model.heading_span(doc, sec.heading_line)
                shown = f"'{label(sec.name)}'" if sec.name == name else f"'{label(sec.name)}' (= {name})"
                yield Violation(
                    start,
                    end,
                    f"{shown} appears twice in this paper (first '{label(first[name].name)}' on line {first[name].heading_line})",
                    covers=section_model.section_span(doc, sec),  # its repeats (DL504, DL505) are this defect
                )
