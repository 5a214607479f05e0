"""arXiv identifiers, link kinds, post dates, and a cheap index of a blog's posts (for DL306).

Three small, pure pieces shared by the link rules (DL301-DL308):

- :func:`parse_arxiv_id` validates an arXiv identifier (new style ``YYMM.NNNNN`` with 4 digits
  after the dot until 2014 and 5 from 2015, old style ``archive(.SC)/YYMMNNN``; ``vN`` allowed).
- :func:`link_kinds` / :func:`match_link` classify a URL by the link kinds of ``rules/links.yaml``.
- :func:`post_date` gives a post's date (front matter ``date``, else the ``YYYY-MM-DD-`` file name).

And the corpus index: :func:`index_text` / :func:`index_file` read a post *without* parsing it
as markdown (a regex over its lines: the front matter's ``date`` and every heading's arXiv link)
and return a JSON-serialisable summary ``{"date": "YYYY-MM-DD" | None, "papers": [[id, line,
column], ...]}`` (ids without version, positions 1-based, at the identifier). The result depends
only on the file's bytes and :data:`INDEX_VERSION`, so a cache may key it by content hash.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import re
from dataclasses import dataclass
from typing import Any, Optional

from digestlint.document import _FM_CLOSE, _FM_OPEN  # one definition of a front matter delimiter line

#: bump when the shape or the meaning of :func:`index_text`'s result changes (cache key)
INDEX_VERSION = 1

# ---------------------------------------------------------------------------- arXiv identifiers
_NEW_ID = re.compile(r"(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<num>\d+)(?:v(?P<v>\d+))?")
_OLD_ID = re.compile(
    r"(?P<archive>[A-Za-z]+(?:-[A-Za-z]+)*)(?:\.(?P<sc>[A-Za-z]{2}))?/(?P<yy>\d{2})(?P<mm>\d{2})(?P<num>\d+)(?:v(?P<v>\d+))?"
)


@dataclass(frozen=True)
class ArxivId:
    base: str  # the identifier without version (old style: archive lower-cased, subject class upper-cased)
    version: Optional[int]
    year: int
    month: int

    @property
    def year_month(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parse_arxiv_id(text: str) -> tuple[Optional[ArxivId], str]:
    """``(ArxivId, "")`` for a valid identifier, else ``(None, why)`` (a phrase for a message)."""
    m = _NEW_ID.fullmatch(text)
    if m:
        yy, mm, num, v = int(m["yy"]), int(m["mm"]), m["num"], m["v"]
        if not 1 <= mm <= 12:
            return None, f"month {m['mm']} does not exist (YYMM.NNNNN)"
        if (yy, mm) < (7, 4):
            return None, "new-style identifiers start in April 2007 (0704.NNNN)"
        want = 4 if yy <= 14 else 5
        if len(num) != want:
            era = "before 2015" if want == 4 else "from 2015 on"
            return None, f"it has {len(num)} digits after the dot; identifiers {era} have {want}"
        if v is not None and (v.startswith("0")):
            return None, f"version v{v} does not exist (versions start at v1)"
        return ArxivId(f"{m['yy']}{m['mm']}.{num}", int(v) if v else None, 2000 + yy, mm), ""
    m = _OLD_ID.fullmatch(text)
    if m:
        yy, mm, num, v = int(m["yy"]), int(m["mm"]), m["num"], m["v"]
        if len(num) != 3:
            return None, f"it has {len(num)} digits after YYMM; old-style identifiers have 3 (archive/YYMMNNN)"
        if not 1 <= mm <= 12:
            return None, f"month {m['mm']} does not exist (archive/YYMMNNN)"
        year = 1900 + yy if yy >= 91 else 2000 + yy
        if (year, mm) < (1991, 8) or (year, mm) > (2007, 3):
            return None, "old-style identifiers (archive/YYMMNNN) run from 1991-08 to 2007-03"
        if v is not None and v.startswith("0"):
            return None, f"version v{v} does not exist (versions start at v1)"
        archive = m["archive"].lower() + (f".{m['sc'].upper()}" if m["sc"] else "")
        return ArxivId(f"{archive}/{m['yy']}{m['mm']}{num}", int(v) if v else None, year, mm), ""
    return None, "it is not an arXiv identifier (YYMM.NNNNN or archive/YYMMNNN)"


# ---------------------------------------------------------------------------- link kinds
@dataclass(frozen=True)
class LinkKind:
    name: str
    label: str
    url: Optional[str]  # template with {id} and {lang}
    pattern: re.Pattern
    required: bool
    since: Optional[str]
    paths: tuple[str, ...]


@functools.lru_cache(maxsize=None)
def link_kinds() -> dict[str, LinkKind]:
    """The link kinds of ``rules/links.yaml``, by name (in file order)."""
    from digestlint import data

    raw = data.load("links.yaml") or {}
    kinds: dict[str, LinkKind] = {}
    for name, spec in (raw.get("kinds") or {}).items():
        since = spec.get("since")
        kinds[name] = LinkKind(
            name=name,
            label=str(spec.get("label", name)),
            url=spec.get("url"),
            pattern=re.compile(spec["pattern"]),
            required=bool(spec.get("required", False)),
            since=str(since) if since is not None else None,
            paths=tuple(spec.get("paths") or ()),
        )
    return kinds


@functools.lru_cache(maxsize=None)
def allowed_schemes() -> tuple[str, ...]:
    from digestlint import data

    raw = data.load("links.yaml") or {}
    return tuple(str(s).lower() for s in raw.get("allowed_schemes", ["http", "https"]))


def match_link(url: str) -> Optional[tuple[LinkKind, re.Match]]:
    """The first link kind whose pattern matches ``url`` (and the match), or None."""
    for kind in link_kinds().values():
        m = kind.pattern.match(url)
        if m:
            return kind, m
    return None


def arxiv_in_url(url: str) -> Optional[tuple[Optional[ArxivId], str, int, int]]:
    """For an arXiv abs/pdf URL: ``(id or None, problem, id_start, id_end)`` (offsets into ``url``).
    None when ``url`` is not an arXiv URL at all."""
    kind = link_kinds().get("arxiv")
    if kind is None:
        return None
    m = kind.pattern.match(url)
    if not m:
        return None
    raw = m["id"]
    aid, why = parse_arxiv_id(raw)
    return aid, why, m.start("id"), m.end("id")


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


# ---------------------------------------------------------------------------- the index
_HEADING_LINK = re.compile(r"\]\((?P<url>[^)\n]*)\)")
_FENCE = re.compile(r"[ ]{0,3}(?P<fence>`{3,}|~{3,})")
# a newline first: the regex engine then skips ahead to each newline instead of trying every position
_INTERESTING = re.compile(r"\n[ ]{0,3}(?:#{1,6}[ \t]|`{3,}|~{3,})[^\n]*")
_FM_DATE = re.compile(r"date[ \t]*:[ \t]*[\"']?(?P<value>[^\"'#\n]*)")


def index_text(text: str, path: str) -> dict:
    """Index a post's text (see the module documentation). ``path`` gives the file-name date."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    date = None
    start = 0
    if lines and _FM_OPEN.match(lines[0]):
        for i in range(1, len(lines)):
            line = lines[i]
            if _FM_CLOSE.match(line):
                start = i + 1
                break
            m = _FM_DATE.match(line)
            if m:
                date = date_of_value(m["value"])
        else:
            start = len(lines)  # never closed: the whole file is front matter
    if date is None:
        date = date_of_name(path)
    papers: list[list[Any]] = []
    fence: Optional[str] = None
    # only heading and fence lines matter: find them with one regex instead of a loop over lines
    src = "\n" + text  # src[k + 1] is text[k]; every line, the first too, follows a newline
    body_start = sum(len(line) + 1 for line in lines[:start])
    line_no = start
    pos = body_start
    for m in _INTERESTING.finditer(src, body_start):
        line_no += src.count("\n", pos, m.start() + 1)
        pos = m.start() + 1
        line = m.group()[1:]
        fm = _FENCE.match(line)
        if fence is not None:
            if fm and fm["fence"][0] == fence[0] and len(fm["fence"]) >= len(fence) and not line[fm.end():].strip():
                fence = None
            continue
        if fm:
            if not (fm["fence"][0] == "`" and "`" in line[fm.end():]):
                fence = fm["fence"]
            continue
        if "arxiv" not in line.lower():
            continue
        lm = _HEADING_LINK.search(line)
        if not lm:
            continue
        url = lm["url"]
        found = arxiv_in_url(url.strip())
        if found is None or found[0] is None:
            continue
        aid, _, s, _ = found
        col = lm.start("url") + (len(url) - len(url.lstrip())) + s + 1
        papers.append([aid.base, line_no, col])
    return {"date": date, "papers": papers}


def index_file(path: str, max_size: int = 1024 * 1024) -> Optional[dict]:
    """Index a post on disk; None when it cannot be read, is larger than ``max_size`` bytes, or is
    not UTF-8 text (such files are never the earlier post of a republished paper)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_size + 1)
    except OSError:
        return None
    if len(data) > max_size or b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return index_text(text, os.path.basename(path))


POST_SUFFIXES = (".md", ".markdown")
_SKIP_DIRS = frozenset({"_site", "node_modules", "__pycache__", "vendor"})


def post_files(folder: str, recursive: bool = False) -> list[str]:
    """The markdown files of ``folder`` (absolute, sorted); hidden entries and build folders skipped."""
    out: list[str] = []
    stack = [os.path.abspath(folder)]
    seen: set = set()
    while stack:
        directory = stack.pop()
        try:
            st = os.stat(directory)
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    if recursive and entry.name not in _SKIP_DIRS:
                        subdirs.append(entry.path)
                elif entry.name.lower().endswith(POST_SUFFIXES) and entry.is_file():
                    out.append(entry.path)
            except OSError:
                continue
        stack.extend(reversed(subdirs))
    return sorted(out)
