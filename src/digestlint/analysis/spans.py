"""A set of disjoint spans with a logarithmic overlap test (fixes, rules that report a span once)."""

from __future__ import annotations

import bisect


class SpanSet:
    """Disjoint half-open spans ``[start, end)``, kept sorted, with an overlap test in
    O(log n). Two spans overlap when they share a character; an empty span overlaps a span
    that strictly contains its position, or the same empty span (two insertions at one place)."""

    __slots__ = ("_starts", "_ends")

    def __init__(self) -> None:
        self._starts: list[tuple[int, int]] = []  # (start, end), sorted
        self._ends: list[int] = []  # the ends in the same order (non-decreasing: spans are disjoint)

    def __len__(self) -> int:
        return len(self._ends)

    def overlaps(self, start: int, end: int) -> bool:
        # spans starting before ``end`` (or at it, for an empty span at ``end``)
        i = bisect.bisect_left(self._starts, (end, end + (start == end)))
        if i and self._ends[i - 1] > start:
            return True
        if start == end:
            j = bisect.bisect_left(self._starts, (start, start))
            return j < len(self._starts) and self._starts[j] == (start, start)
        return False

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self._starts, (start, end))
        self._starts.insert(i, (start, end))
        self._ends.insert(i, end)
