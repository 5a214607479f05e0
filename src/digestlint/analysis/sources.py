"""Paper sources: the title and abstract (or the full text) of an arXiv paper, read from a local
store that the configuration names (``sources = "sources"``). DL701 and DL703-DL705 check a
summary against it. Lint runs only read the store (never the network): ``digestlint sources
fetch`` (:mod:`digestlint.sources_fetch`) fills it from the arXiv API, or the blog's generator
writes it.

A store is either

- a JSON Lines file (``.jsonl``): one object per line, ``{"id": "2509.16197", "title": …,
  "abstract": …, "text": …}`` (``text``, the full text the generator read, is optional; so is
  ``abstract`` when ``text`` is given); or
- a folder of such ``.jsonl`` files and of one file per paper: ``<ID>.json`` (one such object;
  its ``id`` may be left out) and ``<ID>.txt`` / ``<ID>.md`` (the full text). An old-style ID
  writes its ``/`` as ``_`` in a file name (``hep-th_9901001.txt``).

Records of one ID are merged (a later non-empty field wins). IDs are compared without their
version (``2509.16197v2`` is ``2509.16197``). A store that does not exist yet is empty; one that
cannot be read or parsed is a configuration error (exit status 2) naming the file and line.
"""

from __future__ import annotations

import functools
import json
import os
import re
import stat
from dataclasses import dataclass
from typing import Any, Optional

#: the largest store file read (a full text is a few hundred KB; a JSONL store of thousands)
MAX_STORE_FILE = 256 * 1024 * 1024
#: the most files of a store folder read
MAX_STORE_FILES = 200_000
_VERSION_RE = re.compile(r"v\d+\Z")
_FIELDS = ("title", "abstract", "text")


class SourceStoreError(Exception):
    """A store that cannot be read or parsed (a configuration error)."""


@dataclass(frozen=True)
class Source:
    """One paper's source. ``full``: it has the full text (not only the abstract)."""

    id: str
    title: str = ""
    abstract: str = ""
    text: str = ""
    origin: str = ""  # the store file the record came from (for messages)

    @property
    def full(self) -> bool:
        return bool(self.text.strip())

    @property
    def kind(self) -> str:
        """``full text`` or ``abstract`` (for messages)."""
        return "full text" if self.full else "abstract"

    @property
    def origin_name(self) -> str:
        """The store file's name (for messages)."""
        return os.path.basename(self.origin) or "sources"

    @property
    def body(self) -> str:
        """Everything the source says: title, abstract and full text."""
        return "\n".join(p for p in (self.title, self.abstract, self.text) if p)


def base_id(arxiv_id: str) -> str:
    """The identifier without its version, as stores and posts are matched."""
    return _VERSION_RE.sub("", arxiv_id.strip())


def _id_from_name(stem: str) -> str:
    return base_id(stem.replace("_", "/")) if "/" not in stem and re.match(r"[a-z-]+(?:\.[A-Z]{2})?_\d", stem) else base_id(stem)


def read_text(path: str, follow_symlinks: bool = True) -> str:
    """A regular file's text (UTF-8, BOM dropped), bounded; SourceStoreError otherwise (a FIFO
    or a device is refused without blocking; a symbolic link only with ``follow_symlinks``)."""
    from digestlint.source import UnsafeFile, read_regular  # the one safe reader

    try:
        raw = read_regular(path, MAX_STORE_FILE, follow_symlinks=follow_symlinks)
    except UnsafeFile as exc:  # a FIFO, a device, a link not followed, too large: refused, never blocking
        raise SourceStoreError(f"{path}: {exc} (sources store)") from None
    except OSError as exc:
        raise SourceStoreError(f"{path}: cannot read the sources store: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceStoreError(f"{path}:{line}: not valid UTF-8 (sources store)") from None
    return text[1:] if text.startswith("\ufeff") else text


def _record(obj: Any, where: str, fallback_id: Optional[str] = None) -> dict:
    if not isinstance(obj, dict):
        raise SourceStoreError(f"{where}: expected a JSON object with 'id', 'title', 'abstract' (sources store)")
    rid = obj.get("id", fallback_id)
    if not isinstance(rid, str) or not rid.strip():
        raise SourceStoreError(f"{where}: no 'id' (an arXiv identifier) in the record (sources store)")
    out = {"id": base_id(rid)}
    for key in _FIELDS:
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise SourceStoreError(f"{where}: '{key}' is not a string (sources store)")
        out[key] = value
    return out


def read_jsonl(path: str, follow_symlinks: bool = True) -> list[dict]:
    """The records of a JSON Lines store file (blank lines skipped)."""
    text = read_text(path, follow_symlinks)
    records = []
    for i, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as exc:
            raise SourceStoreError(f"{path}:{i}: invalid JSON: {str(exc)[:120]} (sources store)") from None
        records.append(_record(obj, f"{path}:{i}"))
    return records


def _folder_records(folder: str) -> list[tuple[dict, str]]:
    out: list[tuple[dict, str]] = []
    try:
        with os.scandir(folder) as it:
            entries = sorted((e for e in it), key=lambda e: e.name)
    except OSError as exc:
        raise SourceStoreError(f"{folder}: cannot read the sources folder: {exc.strerror or exc}") from None
    if len(entries) > MAX_STORE_FILES:
        raise SourceStoreError(f"{folder}: more than {MAX_STORE_FILES} files (sources store)")
    for e in entries:
        if e.name.startswith(".") or not e.is_file(follow_symlinks=False):
            continue
        path = os.path.join(folder, e.name)
        stem, ext = os.path.splitext(e.name)
        if ext == ".jsonl":
            out.extend((r, path) for r in read_jsonl(path, follow_symlinks=False))
        elif ext == ".json":
            try:
                obj = json.loads(read_text(path, follow_symlinks=False))
            except (ValueError, RecursionError) as exc:
                raise SourceStoreError(f"{path}: invalid JSON: {str(exc)[:120]} (sources store)") from None
            out.append((_record(obj, path, _id_from_name(stem)), path))
        elif ext in (".txt", ".md"):
            out.append(({"id": _id_from_name(stem), "text": read_text(path, follow_symlinks=False)}, path))
    return out


def fingerprint(path: Optional[str]) -> str:
    """What identifies the store's contents for the cache: names, sizes and modification times
    of its files ('' without a store)."""
    if not path:
        return ""
    parts = []
    try:
        st = os.stat(path)
    except OSError:
        return "absent"
    if stat.S_ISDIR(st.st_mode):
        try:
            with os.scandir(path) as it:
                for e in sorted(it, key=lambda e: e.name):
                    try:
                        s = e.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    parts.append(f"{e.name}:{s.st_size}:{s.st_mtime_ns}")
        except OSError:
            return "unreadable"
    else:
        parts.append(f"{st.st_size}:{st.st_mtime_ns}")
    import hashlib

    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


@functools.lru_cache(maxsize=8)
def _load(path: str, stamp: str) -> dict[str, Source]:
    if stamp == "absent":
        return {}
    if os.path.isdir(path):
        items = _folder_records(path)
    else:
        items = [(r, path) for r in read_jsonl(path)]
    merged: dict[str, dict] = {}
    for rec, origin in items:
        cur = merged.setdefault(rec["id"], {"id": rec["id"], "origin": origin})
        for key in _FIELDS:
            if rec.get(key):
                cur[key] = rec[key]
                cur["origin"] = origin
    return {k: Source(**v) for k, v in merged.items()}


#: how long (seconds) a store's fingerprint is trusted before its files are looked at again: a
#: lint run asks for every paper, a long-running language server sees a changed store soon
STAMP_TTL = 2.0
_stamps: dict[str, tuple[float, str]] = {}


def load(path: Optional[str]) -> dict[str, Source]:
    """The sources of the store at ``path`` by base ID ({} without a store or when it does not
    exist yet); read once per process and store state (the store's files are looked at again
    after :data:`STAMP_TTL` seconds). SourceStoreError for a bad store."""
    if not path:
        return {}
    import time

    now = time.monotonic()
    seen = _stamps.get(path)
    if seen is None or now - seen[0] > STAMP_TTL:
        seen = _stamps[path] = (now, fingerprint(path))
    return _load(path, seen[1])


def validate(path: Optional[str], where: str) -> None:
    """Read the store once before linting: a bad store is a configuration error (exit 2)."""
    from digestlint.config import ConfigError

    try:
        load(path)
    except SourceStoreError as exc:
        raise ConfigError(f"{where}: key 'sources': {exc}") from None


def for_context(ctx: Any, arxiv_id: str) -> Optional[Source]:
    """The source of ``arxiv_id`` in the store of a rule run's settings, or None."""
    path = getattr(getattr(ctx, "settings", None), "sources", None)
    if not path:
        return None
    try:
        return load(path).get(base_id(arxiv_id))
    except SourceStoreError:
        return None  # validated before the run; a store broken since then checks nothing


def paper_sources(doc: Any, ctx: Any) -> list[tuple[Any, Source, int, int]]:
    """``(paper, source, id_start, id_end)`` for every paper of ``doc`` that has a source."""
    if not getattr(getattr(ctx, "settings", None), "sources", None):
        return []
    from digestlint.analysis import links

    out = []
    for paper, aid, s, e in links.heading_arxiv_ids(doc):
        src = for_context(ctx, aid.base)
        if src is not None:
            out.append((paper, src, s, e))
    return out


# --------------------------------------------------------------------------- titles
_LATEX_CMD_RE = re.compile(r"\\[A-Za-z]+\*?(?:\[[^\]]*\])?")
_MARK_RE = re.compile(r"[*_`$\\{}]")
_PUNCT_RE = re.compile(r"[\s\-‐‑–—:;,.!?'\"“”‘’()\[\]/|]+")


def normalise_title(title: str) -> str:
    """A title without case, whitespace runs, markdown marks, LaTeX commands and braces, and
    punctuation differences: what two writings of one title share."""
    import unicodedata

    t = unicodedata.normalize("NFKC", title)
    t = _LATEX_CMD_RE.sub(" ", t)
    t = _MARK_RE.sub("", t)
    t = _PUNCT_RE.sub(" ", t)
    return " ".join(t.casefold().split())


def title_similarity(a: str, b: str) -> float:
    """0-100: how alike two titles are after :func:`normalise_title` (100: the same, also when
    only the spaces between words differ)."""
    na, nb = normalise_title(a), normalise_title(b)
    if na == nb or na.replace(" ", "") == nb.replace(" ", ""):
        return 100.0  # `Pre-training` and `Pretraining`, `Transformer-based` and `Transformer based`
    if not na or not nb:
        return 0.0
    from rapidfuzz import fuzz

    return float(fuzz.ratio(na, nb))


# --------------------------------------------------------------------------- numbers and names
_RAW_NUM_RE = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class SourceFacts:
    """What DL701/DL704/DL705 look up in one source, computed once per source and language:
    ``values`` every number's value (and its roundings to 0-2 decimals), ``digits`` every digit
    string as written (`10x` gives `10`), ``magnitudes`` the numbers with a magnitude by mantissa,
    ``names`` the source casefolded and ``squeezed`` (without spaces, hyphens, dots, underscores)."""

    values: frozenset
    digits: frozenset
    magnitudes: dict
    text: str
    names: str
    squeezed: str


@functools.lru_cache(maxsize=1)
def generic_names() -> frozenset:
    """``generic-names`` of ``rules/sources.yaml``, casefolded."""
    from digestlint import data

    return frozenset(str(n).casefold() for n in (data.load("sources.yaml") or {}).get("generic-names") or [])


_SQUEEZE_RE = re.compile(r"[\s\-_.‐‑–—/]+")


def squeeze(text: str) -> str:
    return _SQUEEZE_RE.sub("", text.casefold())


@functools.lru_cache(maxsize=64)
def facts(src: Source, language: str) -> SourceFacts:
    from decimal import ROUND_HALF_UP, Decimal

    from digestlint.analysis import numbers as num_lib

    body = src.body
    values: set = set()
    magnitudes: dict = {}
    for n in num_lib.read_numbers(body, language):
        v = n.value.normalize()
        values.add(v)
        if n.kind != num_lib.PLAIN or "." in n.mantissa:
            for places in (0, 1, 2):
                q = Decimal(1).scaleb(-places)
                values.add(n.value.quantize(q, rounding=ROUND_HALF_UP).normalize())
        if n.has_magnitude and not n.compound:
            magnitudes.setdefault(n.mantissa, []).append(n)
    digits = frozenset(num_lib.normalise_mantissa(m.group()) for m in _RAW_NUM_RE.finditer(body) if len(m.group()) < 40)
    return SourceFacts(frozenset(values), digits, magnitudes, body, body.casefold(), squeeze(body))


def quote(text: str, start: int, end: int, width: int = 40) -> str:
    """The words of ``text`` around ``text[start:end]`` (about ``width`` characters each side,
    cut at word boundaries), with … where cut."""
    a = max(0, start - width)
    b = min(len(text), end + width)
    if a > 0:
        sp = text.find(" ", a, start)
        a = sp + 1 if sp >= 0 else a
    if b < len(text):
        sp = text.rfind(" ", end, b)
        b = sp if sp >= 0 else b
    snippet = " ".join(text[a:b].split())
    return ("…" if a > 0 else "") + snippet + ("…" if b < len(text) else "")
