from digestlint.model import Violation
from digestlint.registry import Rule
from digestlint.analysis import prose as prose_lib


class RedundantSection(Rule):
    """
    ## What it does
    Reports two sections of one paper that say nearly the same: their text (markup and spacing
    normalised) is more similar than `threshold` percent (rapidfuzz ratio). Reported at the later
    section's heading, naming the earlier section and the similarity. Sections shorter than
    `min-chars` are not compared (placeholders are DL501's business).

    ## Why
    A generator that runs out of things to say repeats itself: a Conclusion that copies the
    Results, a Method that restates the Introduction. The reader gets nothing new.

    ## Example
    Bad: `## Conclusion` with the text of `## Results` repeated nearly word for word.

    Good: a Conclusion that states the paper's significance in its own words.

    ## Fix safety
    No automatic fix: which section to rewrite is a judgement.
    """

    id = "DL504"
    name = "redundant-section"
    severity = "warning"
    defers_to = ("DL206",)
    defers_why = (
        "the second copy of a duplicated section (DL206 covers the whole section)"
    )
    summary = "Two sections of one paper that say nearly the same"
    options_schema = {
        "threshold": {
            "type": "number",
            "minimum": 50,
            "maximum": 100,
            "default": 85,
            "description": "similarity in percent (rapidfuzz ratio of the normalised texts) from which two sections are reported",
        },
        "min-chars": {
            "type": "integer",
            "minimum": 1,
            "default": 30,
            "description": "sections with fewer characters (normalised) are not compared",
        },
    }

    def check(self, doc, ctx):
        fuzz = None  # rapidfuzz is imported for the first pair of sections worth comparing
        threshold = ctx.options.get("threshold", 85)
        min_chars = ctx.options.get("min-chars", 30)
        for paper in doc.papers:
            texts = []
            for sec in paper.sections:
                t = prose_lib.section_norm(doc, sec)
                if len(t) >= min_chars:
                    texts.append((sec, t))
            reported = set()
            for j in range(1, len(texts)):
                sec_j, tj = texts[j]
                for i in range(j):
                    sec_i, ti = texts[i]
                    if 200 * min(len(ti), len(tj)) < threshold * (len(ti) + len(tj)):
                        continue  # lengths too different to reach the threshold
                    if fuzz is None:
                        from rapidfuzz import fuzz
                    score = fuzz.ratio(ti, tj, score_cutoff=threshold)
                    if score and score >= threshold and j not in reported:
                        reported.add(j)
                        yield Violation(
                            sec_j.name_start,
                            sec_j.name_end,
                            f"section '{sec_j.name}' says nearly the same as '{sec_i.name}' (line {sec_i.heading_line}, "
                            f"{score:.0f}% similar): write what this section should say",
                        )
                        break
