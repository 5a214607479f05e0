import re

from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule

_MARKER_RE = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")


class IntroLabels(Rule):
    """
    ## What it does
    Checks the labels of the Introduction's list items (`- Goal: …`, `- Motivation: …`,
    `- Contribution: …`; the label words are data in `rules/language.yaml`):

    - labels used in some papers of a post but not in others: the papers that depart from the
      post's majority are reported at their first item (a tie counts as labelled);
    - a label in another language (`목표:`, `기여:`): reported at the label, fixable;
    - incomplete labelling within one paper: an item without a label while the others have one,
      or an expected label missing or given twice.

    ## Why
    The labels make the Introductions of a post scannable; a paper without them (or with
    Korean ones) breaks the layout readers rely on.

    ## Example
    Bad:

        - 목표: 본 논문은 …

    Good:

        - Goal: 본 논문은 …

    ## Fix safety
    Replacing a label in another language by the configured one is safe. Adding the missing labels
    to an unlabelled paper (when it has exactly one item per label) is an unsafe fix: the order of
    the items is assumed to be Goal, Motivation, Contribution.

    ## Configuration
    `labels`: the expected labels in order; `require`: report unlabelled papers even when no
    paper of the post is labelled.
    """

    id = "DL405"
    name = "intro-labels"
    severity = "warning"
    summary = "Introduction item labels used inconsistently, in another language, or incomplete"
    fixable = True
    options_schema = {
        "labels": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                   "description": "expected labels in order (default from rules/language.yaml)"},
        "require": {"type": "boolean", "default": False,
                    "description": "every paper must label its Introduction items"},
    }

    def defaults(self):
        from digestlint import lang

        return {"labels": list(lang.language_data().get("intro_labels", [])), "require": False}

    def check(self, doc, ctx):
        from digestlint import lang

        d = lang.language_data()
        expected = list(ctx.options.get("labels") or d.get("intro_labels", []))
        translations = {k.lower(): v for k, v in d.get("intro_label_translations", {}).items()}
        canon = {e.lower(): e for e in expected}
        words = sorted({*expected, *d.get("intro_label_translations", {})}, key=len, reverse=True)
        label_re = re.compile(
            r"(?:\*\*|__)?[ \t]*(?P<label>" + "|".join(re.escape(w) for w in words)
            + r")[ \t]*(?:(?:\*\*|__)[ \t]*[:：]|[:：][ \t]*(?:\*\*|__)?)",
            re.I,
        )
        section_name = d.get("intro_section", "Introduction")
        papers = []  # (paper, items) items: (content_start, line_end, label or None, span, foreign)
        for paper in doc.papers:
            sec = paper.section(section_name)
            if sec is None:
                continue
            items = []
            for b in sec.blocks:
                if b.kind != "paragraph" or not b.list_item:
                    continue
                line = doc.lines[b.start_line - 1]
                ls = doc.line_starts[b.start_line - 1]
                mm = _MARKER_RE.match(line)
                cut = mm.end() if mm else 0
                lm = label_re.match(line, cut)
                label = span = None
                foreign = False
                if lm:
                    word = lm.group("label")
                    label = canon.get(word.lower())
                    if label is None:
                        label = translations.get(word.lower())
                        foreign = label is not None and word != label
                    span = (ls + lm.start("label"), ls + lm.end("label"), word)
                items.append((ls + cut, ls + len(line.rstrip()), label, span, foreign))
            if items:
                papers.append((paper, items))

        labelled = [p for p in papers if any(it[2] for it in p[1])]
        unlabelled = [p for p in papers if not any(it[2] for it in p[1])]
        shown = "/".join(f"{e}:" for e in expected)
        if labelled and unlabelled or (unlabelled and ctx.options.get("require")):
            if ctx.options.get("require") or len(labelled) >= len(unlabelled):
                for paper, items in unlabelled:
                    fix = None
                    if len(items) == len(expected):
                        fix = Fix(tuple(Edit(it[0], it[0], f"{e}: ") for it, e in zip(items, expected)),
                                  safe=False, description=f"label the items {shown}")
                    why = (f"{len(labelled)} of {len(papers)} papers in this post label them"
                           if labelled else "labels are required")
                    yield Violation(items[0][0], items[0][1],
                                    f"Introduction items are not labelled ({shown}); {why}", fix=fix)
            else:
                for paper, items in labelled:
                    yield Violation(items[0][0], items[0][1],
                                    f"Introduction items are labelled here, but {len(unlabelled)} of "
                                    f"{len(papers)} papers in this post do not label them")
        for paper, items in labelled:
            seen = {}
            for idx, (start, end, label, span, foreign) in enumerate(items):
                if label is None:
                    guess = expected[idx] if len(items) == len(expected) else None
                    hint = f" (expected '{guess}:')" if guess else ""
                    yield Violation(start, end, f"Introduction item without a label while the other items "
                                                f"have one{hint}")
                    continue
                if foreign:
                    s, e, word = span
                    yield Violation(s, e, f"Introduction label '{word}:' is in another language: use '{label}:'",
                                    fix=Fix((Edit(s, e, label),), safe=True, description=f"use '{label}'"))
                if label in seen:
                    s, e, word = span
                    yield Violation(s, e, f"Introduction label '{label}:' given twice in this paper")
                seen[label] = True
            if all(it[2] is not None for it in items):
                missing = [e for e in expected if e not in seen]
                if missing:
                    sec = paper.section(section_name)
                    yield Violation(sec.heading_start, sec.heading_end,
                                    "Introduction is missing the label(s) "
                                    + ", ".join(f"'{m}:'" for m in missing))
