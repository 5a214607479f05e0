"""Applying fixes: a pure function over text and edits (bottom-up, overlapping edits skipped)."""

from __future__ import annotations

from typing import Iterable


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
    out = text
    for start, end, repl in accepted:
        out = out[:start] + repl + out[end:]
    return out, len(accepted)


def finding_edits(findings, *, unsafe: bool = False) -> list[tuple[int, int, str]]:
    """The source-offset edits of every fixable finding (safe ones only unless ``unsafe``).

    The edits of one finding are all-or-nothing: if any overlaps an edit already taken, the
    whole finding's fix is left for a later pass.
    """
    taken: list[tuple[int, int, str]] = []
    spans: list[tuple[int, int]] = []
    for f in findings:
        fix = f.fix
        if not fix or (not fix["safe"] and not unsafe):
            continue
        mine = [(e["offset"], e["end_offset"], e["text"]) for e in fix["edits"]]
        if any(_overlaps(s, e, a, b) for s, e, _ in mine for a, b in spans):
            continue
        taken.extend(mine)
        spans.extend((s, e) for s, e, _ in mine)
    return taken


def _overlaps(s1: int, e1: int, s2: int, e2: int) -> bool:
    if s1 == e1 == s2 == e2:
        return True
    return s1 < e2 and s2 < e1
