from __future__ import annotations

import re

from digestlint.analysis.dates import format_ymd, front_matter_date
from digestlint.model import Violation
from digestlint.registry import Rule

# a calendar date in free text: 2025-09-13 (also 2025.09.13 and 2025/09/13, one separator)
TEXT_DATE_RE = re.compile(r"(?<![\d.])(\d{4})([-./])(\d{2})\2(\d{2})(?![\d])")
class TitleDateMismatch(Rule):
    """
    ## What it does
    Reports a date written in the post's `title` (`2025-09-13`, also `2025.09.13` or
    `2025/09/13`) that differs from the front matter's `date`, at the date inside the title.

    ## Why
    Digest generators build the title and the date from different clocks or templates: a post
    titled "Daily Papers — 2025-09-12" dated 2025-09-13 shows one day in the list and another on
    the page, and readers cannot tell which papers belong to which day.

    ## Example
    Bad:

        ---
        title: "Daily Papers — 2025-09-12"
        date: 2025-09-13 08:15:00
        ---

    Good:

        ---
        title: "Daily Papers — 2025-09-13"
        date: 2025-09-13 08:15:00
        ---

    ## Fix safety
    No automatic fix: either the title or the date may be the wrong one.
    """

    id = "DL103"
    name = "title-date-mismatch"
    severity = "error"
    summary = "The date in the title differs from the front matter date"

    def check(self, doc, ctx):
        found = front_matter_date(doc)
        if found is None:
            return
        date, date_start, _ = found
        key = doc.front_matter.key("title")
        if key is None or key.kind != "scalar":
            return
        date_line = doc.position(date_start)[0]
        for m in TEXT_DATE_RE.finditer(doc.text, key.value_start, key.value_end):
            written = (int(m.group(1)), int(m.group(3)), int(m.group(4)))
            if written != date:
                yield Violation(
                    m.start(),
                    m.end(),
                    f"the title says {m.group(0)} but the post's date is {format_ymd(date)} (line {date_line})",
                )
