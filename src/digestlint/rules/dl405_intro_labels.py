import re

from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule

_MARKER_RE = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")


class IntroLabels(Rule):
    """
    ## What it does
    Checks the labels of the Introduction's list items (`- Goal: …`, `- Motivation: …`,
    `- Contribution: …`; the label words are data in `rules/language.yaml`) of each paper against
    the post shape's expectation (option `expect`):

    - `required` (default: the generator's prompt asks for the labels): a paper whose items carry
      no label is reported;
    - `optional`: unlabelled papers pass;
    - `absent`: a paper that labels its items is reported.

    A paper that does label its items (under `required` or `optional`) is reported when the
    labelling is incomplete or wrong: an item without a label while the others have one, a label
    in another language (`목표:`, `기여:`), a label given twice, an expected label missing.
    Each paper gets at most one finding, naming every problem, never one finding per item;
    papers are judged on their own, not against the post's majority.

    ## Why
    The labels make the Introductions of a post scannable; a paper without them (or with
    Korean ones) breaks the layout readers rely on.

    ## Example
    Bad:

        - 목표: 본 논문은 …

    Good:

        - Goal: 본 논문은 …

    ## Fix safety
    Replacing labels in another language by the configured ones is safe. Adding the missing
    labels to an unlabelled paper (when it has exactly one item per label) is an unsafe fix: the
    order of the items is assumed to be Goal, Motivation, Contribution. Removing labels (`absent`)
    is unsafe too.

    ## Configuration
    `labels`: the expected labels in order; `expect`: `required`, `optional` or `absent`
    (`require = true` is the older spelling of `required`, `false` of `optional`).
    """

    id = "DL405"
    name = "intro-labels"
    severity = "warning"
    summary = "Introduction item labels missing, in another language, incomplete, or present where the post shape has none"
    fixable = True
    options_schema = {
        "labels": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                   "description": "expected labels in order (default from rules/language.yaml)"},
        "expect": {"enum": ["required", "optional", "absent"], "default": "required",
                   "description": "whether the post shape labels the Introduction items"},
        "require": {"type": "boolean",
                    "description": "older spelling of `expect`: true = required, false = optional"},
    }

    def defaults(self):
        from digestlint import lang

        return {"labels": list(lang.language_data().get("intro_labels", [])), "expect": "required"}

    def check(self, doc, ctx):
        from digestlint import lang

        d = lang.language_data()
        expected = list(ctx.options.get("labels") or d.get("intro_labels", []))
        translations = {k.lower(): v for k, v in d.get("intro_label_translations", {}).items()}
        canon = {e.lower(): e for e in expected}
        words = sorted({*expected, *d.get("intro_label_translations", {})}, key=lambda w: (-len(w), w))
        label_re = re.compile(
            r"(?:\*\*|__)?[ \t]*(?P<label>" + "|".join(re.escape(w) for w in words)
            + r")[ \t]*(?:(?:\*\*|__)[ \t]*[:：]|[:：][ \t]*(?:\*\*|__)?)[ \t]*",
            re.I,
        )
        mode = ctx.options.get("expect", "required")
        if "require" in ctx.options and ctx.options.get("expect", "required") == "required":
            mode = "required" if ctx.options["require"] else "optional"
        section_name = d.get("intro_section", "Introduction")
        shown = "/".join(f"{e}:" for e in expected)
        for paper in doc.papers:
            sec = paper.section(section_name)
            if sec is None:
                continue
            items = []  # (content_start, line_end, label or None, (start, end, word) or None, foreign, whole)
            for b in sec.blocks:
                if b.kind != "paragraph" or not b.list_item:
                    continue
                line = doc.lines[b.start_line - 1]
                ls = doc.line_starts[b.start_line - 1]
                mm = _MARKER_RE.match(line)
                cut = mm.end() if mm else 0
                lm = label_re.match(line, cut)
                label = span = whole = None
                foreign = False
                if lm:
                    word = lm.group("label")
                    label = canon.get(word.lower())
                    if label is None:
                        label = translations.get(word.lower())
                        foreign = label is not None and word != label
                    span = (ls + lm.start("label"), ls + lm.end("label"), word)
                    whole = (ls + lm.start(), ls + lm.end())
                items.append((ls + cut, ls + len(line.rstrip()), label, span, foreign, whole))
            if not items:
                continue
            if not any(it[2] for it in items):
                if mode == "required":
                    fix = None
                    if len(items) == len(expected):
                        fix = Fix(tuple(Edit(it[0], it[0], f"{e}: ") for it, e in zip(items, expected)),
                                  safe=False, description=f"label the items {shown}")
                    yield Violation(items[0][0], items[0][1],
                                    f"Introduction items are not labelled ({shown}); the post shape requires them",
                                    fix=fix)
                continue
            if mode == "absent":
                first = next(it for it in items if it[2])
                edits = tuple(Edit(it[5][0], it[5][1], "") for it in items if it[5])
                yield Violation(first[0], first[1],
                                "Introduction items are labelled, but this blog's post shape has no labels",
                                fix=Fix(edits, safe=False, description="remove the labels"))
                continue
            yield from self._labelled(doc, paper, sec, items, expected)

    def _labelled(self, doc, paper, sec, items, expected):
        """One finding for a labelled paper's problems (None when its labelling is right)."""
        problems = []
        where = None  # the first item with a problem
        edits = []
        seen = {}
        for idx, (start, end, label, span, foreign, _whole) in enumerate(items):
            if label is None:
                guess = expected[idx] if len(items) == len(expected) else None
                problems.append(f"item {idx + 1} has no label" + (f" (expected '{guess}:')" if guess else ""))
                where = where or (start, end)
                continue
            if foreign:
                s, e, word = span
                problems.append(f"'{word}:' is in another language: use '{label}:'")
                edits.append(Edit(s, e, label))
                where = where or (s, e)
            if label in seen:
                s, e, word = span
                problems.append(f"'{label}:' given twice")
                where = where or (s, e)
            seen[label] = True
        if all(it[2] is not None for it in items):
            missing = [e for e in expected if e not in seen]
            if missing:
                problems.append("missing the label(s) " + ", ".join(f"'{m}:'" for m in missing))
        if not problems:
            return
        if where is None:
            where = (sec.heading_start, sec.heading_end)
        fix = None
        if edits:
            fix = Fix(tuple(edits), safe=True, description="use the configured labels")
        yield Violation(where[0], where[1], "Introduction labels: " + "; ".join(problems), fix=fix)
