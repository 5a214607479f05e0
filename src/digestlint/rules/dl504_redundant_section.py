from digestlint.model import Violation
from digestlint.registry import Rule
from digestlint.analysis import sections as section_model


class RedundantSection(Rule):
    """
    ## What it does
    Reports two sections of one paper that say nearly the same: their text (markup and spacing
    normalised) is more similar than `threshold` percent (rapidfuzz ratio). A later section that
    is mostly a copy of part of an earlier one (a Conclusion that is the Introduction's `Goal:`
    item again) is reported too: the best alignment of the shorter text in the longer one
    (rapidfuzz partial ratio) reaches `threshold`. Reported at the later section's heading,
    naming the earlier section and the similarity. Sections shorter than `min-chars` are not
    compared (placeholders are DL501's business). A single repeated sentence in a section that
    says more is DL505's.

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
                t = doc.section_norm(sec)
                if len(t) >= min_chars:
                    texts.append((sec, t, len(t)))
            reported = set()
            for j in range(1, len(texts)):
                sec_j, tj, nj = texts[j]
                runs = None  # the word runs of tj, made for its first pair with a longer section
                for i in range(j):
                    sec_i, ti, ni = texts[i]
                    part = False
                    if 200 * min(ni, nj) < threshold * (ni + nj):
                        # lengths too different for the whole texts to reach the threshold: is
                        # the later section mostly a copy of part of the earlier one?
                        if nj >= ni:
                            continue
                        if runs is None:
                            runs = _word_runs(tj)
                        if not any(run in ti for run in runs):
                            continue
                        part = True
                    if fuzz is None:
                        from rapidfuzz import fuzz
                    if part:
                        score = fuzz.partial_ratio(tj, ti, score_cutoff=threshold)
                    else:
                        score = fuzz.ratio(ti, tj, score_cutoff=threshold)
                    if score and score >= threshold and j not in reported:
                        reported.add(j)
                        what = f"is mostly a copy of part of '{sec_i.name}'" if part else f"says nearly the same as '{sec_i.name}'"
                        yield Violation(
                            sec_j.name_start,
                            sec_j.name_end,
                            f"section '{sec_j.name}' {what} (line {sec_i.heading_line}, "
                            f"{score:.0f}% similar): write what this section should say",
                            covers=section_model.section_span(doc, sec_j),  # its repeated sentences (DL505)
                        )
                        break


def _word_runs(short: str, words: int = 4) -> list[str]:
    """The texts :func:`_shares_a_run` looks for in a longer text (made once per section)."""
    tokens = short.split()
    if len(tokens) < words:
        return [short]
    return [" ".join(tokens[k:k + words]) for k in range(0, len(tokens) - words + 1, 2)]


def _shares_a_run(short: str, long: str, words: int = 4) -> bool:
    """Does some run of ``words`` consecutive words of ``short`` occur in ``long``? (A cheap test
    before the partial ratio: a copy shares such runs, unrelated text almost never.) The
    reference form of what :meth:`RedundantSection.check` does with :func:`_word_runs`."""
    return any(run in long for run in _word_runs(short, words))
