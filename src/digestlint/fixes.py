"""Applying fixes: a pure function over text and edits (bottom-up, overlapping edits skipped).

Both steps are linear in the number of edits (apart from sorting): ``finding_edits`` keeps the
taken spans sorted and checks a finding's edits against their neighbours only, and
``apply_edits`` joins the kept pieces once instead of rebuilding the text per edit (32,000
DL209 edits took 56 s when each edit was checked against every taken span and copied the text).
"""

from __future__ import annotations

from typing import Iterable

from digestlint.analysis.spans import SpanSet


def apply_edits(text: str, edits: Iterable[tuple[int, int, str]]) -> tuple[str, int]:
    """Apply ``(start, end, replacement)`` edits to ``text``; returns the new text and how many
    edits were applied. Edits are applied from the end of the text backwards; an edit that
    overlaps one already accepted is skipped (a later run picks it up)."""
    ordered = sorted(edits, key=lambda e: (e[0], e[1]), reverse=True)
    accepted: list[tuple[int, int, str]] = []
    floor = len(text)
    for start, end, repl in ordered:
        if not (0 <= start <= end <= floor):
            continue  # overlaps an accepted edit (or lies outside the text)
        accepted.append((start, end, repl))
        floor = start
    pieces: list[str] = []
    pos = 0
    for start, end, repl in reversed(accepted):  # front to back
        pieces.append(text[pos:start])
        pieces.append(repl)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces), len(accepted)


def finding_edits(findings, *, unsafe: bool = False) -> list[tuple[int, int, str]]:
    """The source-offset edits of every fixable finding (safe ones only unless ``unsafe``).

    The edits of one finding are all-or-nothing: if any overlaps an edit already taken, the
    whole finding's fix is left for a later pass.
    """
    taken: list[tuple[int, int, str]] = []
    spans = SpanSet()
    for f in findings:
        fix = f.fix
        if fix is None or (not fix.safe and not unsafe):
            continue
        mine = [(e.offset, e.end_offset, e.text) for e in fix.edits]
        if any(spans.overlaps(s, e) for s, e, _ in mine):
            continue
        taken.extend(mine)
        for s, e, _ in mine:
            spans.add(s, e)
    return taken

