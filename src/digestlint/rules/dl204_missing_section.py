from digestlint.model import Violation
from digestlint.registry import Rule
from digestlint.analysis import sections as section_model


class MissingSection(Rule):
    """
    ## What it does
    Reports a required section that a paper lacks, at the paper's heading, naming the section
    (one finding per missing section).

    The required sections and their order are this rule's `sections` option (default from
    `rules/sections.yaml`: Introduction, Method, Results, Limitations, Conclusion), and the known
    translations/alternative names are its `aliases` option. They are the one source for
    DL204-DL207: a blog with other section names configures them here only:

        [tool.digestlint.rules.missing-section]
        sections = ["요약", "방법", "결과"]

    A heading that certainly stands for the section (`## Limitaions`, `## 결론`, `## conclusion`)
    counts as it: DL207 reports (and fixes) that heading instead.

    ## Why
    Every paper of a digest has the same sections; a missing one is a generation failure (the
    model skipped it, or the output was cut).

    ## Example
    Bad:

        # 3. [POWSM: A Phonetic Open Whisper-Style Speech Foundation Model](https://arxiv.org/abs/2510.24992)
        ## Introduction
        ...
        ## Method
        ...
        ## Conclusion
        ...

    Good: the same with `## Results` and `## Limitations` in their place.

    ## Layouts
    The sections are the layout's (`sections.names`, `sections.required`; this rule's options still
    override them). Under another layout a paper missing several sections is one finding naming them
    all.

    ## Fix safety
    No automatic fix: the missing content cannot be written by a linter.
    """

    id = "DL204"
    name = "missing-section"
    severity = "error"
    summary = "A required section absent from a paper"
    options_schema = section_model.SECTIONS_SCHEMA

    def defaults(self):
        return section_model.default_options()

    def check(self, doc, ctx):
        spec = ctx.sections
        lay = doc.layout
        required = lay.required_sections
        names = spec.names if required is None or spec.names != lay.section_names else required
        if not lay.classic:
            yield from self._check_layout(doc, spec, names)
            return
        for paper in doc.papers:
            present = {name for _, name in spec.counted(paper.sections)}
            maybe = {}
            for sec, m in spec.resolve(paper.sections):
                if m is not None and not m.certain:
                    for cand in (m.canonical, *m.others):
                        maybe.setdefault(cand, sec)
            start, end = section_model.heading_span(doc, paper.heading_line)
            label = f"paper {paper.number}" if paper.number is not None else "this paper"
            for name in names:
                if name in present:
                    continue
                msg = f"{label} has no '## {name}' section"
                if name in maybe:
                    sec = maybe[name]
                    msg += f" ('## {sec.name}' on line {sec.heading_line} may be meant; see DL207)"
                yield Violation(start, end, msg)

    @staticmethod
    def _check_layout(doc, spec, names):
        """Another layout: one finding per paper, naming every missing section."""
        lay = doc.layout
        for paper in doc.papers:
            present = {name for _, name in spec.counted(paper.sections)}
            missing = [n for n in names if n not in present]
            if not missing:
                continue
            if paper.has_heading:
                start, end = section_model.heading_span(doc, paper.heading_line)
            else:
                start, end = doc.content_span(paper.heading_line)
            shown = ", ".join(f"'{lay.section_label(n)}'" for n in missing)
            what = "section" if len(missing) == 1 else f"{len(missing)} sections"
            yield Violation(start, end, f"{lay.paper_label(paper)} has no {what} {shown}")
