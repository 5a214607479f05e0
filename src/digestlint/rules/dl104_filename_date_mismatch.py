from __future__ import annotations

import re

from digestlint.analysis.dates import format_ymd, front_matter_date
from digestlint.model import Violation
from digestlint.registry import Rule

# Jekyll's post file name: YEAR-MONTH-DAY-title.MARKUP
_FILENAME_DATE_RE = re.compile(r"\A(\d{4})-(\d{1,2})-(\d{1,2})-.")


class FilenameDateMismatch(Rule):
    """
    ## What it does
    Reports a post whose Jekyll file name (`YYYY-MM-DD-title.md`) carries a date that differs
    from the front matter's `date`, at the `date` value. Files not named that way are skipped.

    ## Why
    Jekyll takes the post's date from the front matter when it is given, so the file name and
    the published URL/date disagree: the file `2025-09-12-daily-papers.md` is listed under
    2025-09-13, archives and "previous/next" links look wrong, and a re-run of the generator
    writes a second file for the same day.

    ## Example
    Bad (file `2025-09-12-daily-papers-20250912.md`):

        ---
        date: 2025-09-13 08:15:00
        ---

    Good (file `2025-09-13-daily-papers-20250913.md`):

        ---
        date: 2025-09-13 08:15:00
        ---

    ## Fix safety
    No automatic fix: renaming the file or changing the date are both possible corrections.
    """

    id = "DL104"
    name = "filename-date-mismatch"
    severity = "error"
    summary = "The date in a Jekyll file name (YYYY-MM-DD-...) differs from the front matter date"

    def check(self, doc, ctx):
        base = re.split(r"[\\/]", doc.path or "")[-1]
        m = _FILENAME_DATE_RE.match(base)
        if not m:
            return
        found = front_matter_date(doc)
        if found is None:
            return
        date, start, end = found
        named = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if named != date:
            yield Violation(
                start,
                end,
                f"the post's date {format_ymd(date)} differs from the date {format_ymd(named)} in its file name '{base}'",
            )
