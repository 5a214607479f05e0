"""Dates: a post's date (front matter or file name) and the front matter's ``date`` as written.

Shared by DL103/DL104 (date mismatches), DL302/DL308 (dated requirements) and DL306 (the index).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from digestlint.document import Document

# ---------------------------------------------------------------------------- dates
_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NAME_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})-")


def _valid_date(m: Optional[re.Match]) -> Optional[str]:
    if not m:
        return None
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def date_of_value(value: Any) -> Optional[str]:
    """``YYYY-MM-DD`` of a front matter ``date`` value (date, datetime or string), or None."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.strftime("%Y-%m-%d") if value.year >= 1 else None
    if isinstance(value, str):
        return _valid_date(_DATE_RE.match(value.strip()))
    return None


def date_of_name(path: str) -> Optional[str]:
    """The date of a Jekyll post file name ``YYYY-MM-DD-title.md``, or None."""
    name = re.split(r"[\\/]", path)[-1]
    return _valid_date(_NAME_DATE_RE.match(name))


def post_date(meta: dict, path: str) -> Optional[str]:
    """A post's date: the front matter's ``date``, else the file name's; None when neither."""
    value = meta.get("date") if isinstance(meta, dict) else None
    return date_of_value(value) or date_of_name(path)




# ---------------------------------------------------------------------------- the front matter's date as written
_VALUE_DATE_RE = re.compile(r"""[ \t]*["']?[ \t]*(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])""")


def front_matter_date(doc: "Document") -> Optional[tuple[tuple[int, int, int], int, int]]:
    """``((year, month, day), start, end)`` of the front matter's ``date`` as written (the
    occurrence YAML keeps; ``start``/``end`` span the value), or None when there is no usable
    date. The text is read as written: a time zone does not move the day."""
    fmb = doc.front_matter
    if fmb is None or fmb.error is not None:
        return None
    key = fmb.key("date")
    if key is None or key.kind != "scalar":
        return None
    m = _VALUE_DATE_RE.match(doc.text, key.value_start, key.value_end)
    if not m:
        return None
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))), key.value_start, key.value_end


def format_ymd(ymd: tuple[int, int, int]) -> str:
    """``YYYY-MM-DD`` of a ``(year, month, day)``."""
    return f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
