from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule
from digestlint.analysis import sections as section_model


class UnknownSection(Rule):
    """
    ## What it does
    Reports a `##` heading that is no required section (paper headings aside). When the name is
    a near miss (`Limitaions`), a known translation or alternative name (`결론`, `Methods`, from
    the `aliases` option of DL204) or the name written differently (`introduction`,
    `**Method**`, `Results:`), the message suggests the section's name.

    The section names and aliases are options of `missing-section` (DL204), shared by
    DL204-DL207. This rule's own options are the fuzzy-match thresholds `suggest-score`
    (default 80) and `certain-score` (default 85), on rapidfuzz's 0-100 similarity.

    ## Why
    The blog's layout, the other section rules and readers expect the configured names; a
    translated or misspelt heading breaks all three.

    ## Example
    Bad:

        ## Limitaions
        ...
        ## 결론

    Good:

        ## Limitations
        ...
        ## Conclusion

    ## Layouts
    Under a layout with `sections.accept-variants: true` (the presets other than the default) a
    known alias or another spelling of a section (`1. 서론`, `**Summary**:`) is the section and is not
    reported; misspellings and unknown headings still are.

    ## Fix safety
    Fixable only when the match is certain: the name written differently, an alias of exactly one
    section, or a single near miss scoring at least `certain-score` with no other section scoring
    `suggest-score`; and only when the paper does not have that section already. The fix renames
    the heading (its text only). Other suggestions are left to a person.
    """

    id = "DL207"
    name = "unknown-section"
    severity = "error"
    summary = "A '##' heading that is no required section"
    fixable = True
    options_schema = section_model.SCORE_SCHEMA

    def check(self, doc, ctx):
        spec = ctx.sections
        lay = doc.layout
        accept = lay.accept_variants
        groups = [(p.sections, p) for p in doc.papers]
        if doc.loose_sections:
            groups.insert(0, (doc.loose_sections, None))
        for sections, paper in groups:
            resolved = spec.resolve(sections)
            taken = {}  # canonical -> the section that has the name already (exact or first certain)
            for sec, m in resolved:
                if m is not None and m.how == "exact":
                    taken.setdefault(m.canonical, sec)
            for sec, m in resolved:
                if m is not None and m.how == "exact":
                    continue
                if sec.style == "implicit":
                    continue
                if accept and m is not None and m.certain and m.how in ("variant", "alias"):
                    continue  # the layout takes a section's other spellings as the section
                yield self._finding(doc, spec, sec, m, taken, lay.section_label)
                if m is not None and m.certain:
                    taken.setdefault(m.canonical, sec)

    @staticmethod
    def _finding(doc, spec, sec, m, taken, label=lambda name: f"## {name}"):
        start, end = sec.name_start, sec.name_end
        if end <= start:
            start, end = section_model.heading_span(doc, sec.heading_line)
        shown = f"'{label(sec.name)}'"
        if m is None:
            return Violation(start, end, f"{shown} is no required section (expected: {spec.order_text()})")
        target = m.canonical
        if m.how == "variant":
            why = f"{shown} is '{label(target)}' written differently"
        elif m.how == "alias":
            why = f"{shown} is a translation or another name of '{label(target)}'"
        elif m.certain:
            close = f" (a near miss of its alias '{m.via}')" if m.via else ""
            why = f"{shown} is a misspelling of '{label(target)}'{close}"
        else:
            close = f" (a near miss of its alias '{m.via}')" if m.via else ""
            why = f"unknown section {shown}: did you mean '{label(target)}'?{close}"
        if m.others:
            why += " (or: " + ", ".join(f"'{label(o)}'" for o in m.others) + ")"
        if not m.certain:
            return Violation(start, end, why)
        other = taken.get(target)
        if other is not None and other is not sec:
            return Violation(
                start, end, f"{why}; this paper already has '{label(other.name)}' on line {other.heading_line}"
            )
        return Violation(
            start,
            end,
            f"{why}; use '{label(target)}'",
            fix=Fix((Edit(sec.name_start, sec.name_end, target),), safe=True, description=f"rename to '{target}'"),
        )
