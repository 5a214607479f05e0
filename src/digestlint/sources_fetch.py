"""``digestlint sources fetch PATHS``: titles and abstracts from the arXiv API into the local
sources store (the only part of digestlint that uses the network; lint runs never do).

Every arXiv ID of the posts under PATHS (found as a lint run finds them, under each file's
layout) that the store does not hold yet is asked for in batched ``id_list`` queries
(``--batch-size``, 100 by default), one request at a time with the pause between requests that
the arXiv API's terms of use ask for (3 seconds), each retried on a network error, a timeout or a
429/5xx answer (``--retries``, with a growing pause). The Atom feed is parsed with feedparser.
After every batch the store is rewritten atomically (a temporary file renamed over it), so an
interrupted fetch keeps every batch it finished and the next run asks only for the rest.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from digestlint.analysis import sources as sources_lib
from digestlint.atomicio import replacing

#: the arXiv API's query endpoint (https://info.arxiv.org/help/api/user-manual.html)
ARXIV_API = "https://export.arxiv.org/api/query"
#: the API's terms of use: no more than one request every three seconds
DEFAULT_PAUSE = 3.0
DEFAULT_BATCH = 100
DEFAULT_RETRIES = 3
STORE_FILE = "arxiv.jsonl"  # the file fetch writes inside a store folder
_RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """The fetch cannot go on (offline, the API refuses, a bad store): one line for stderr."""


@dataclass
class FetchReport:
    asked: list[str] = field(default_factory=list)  # IDs asked for
    fetched: list[str] = field(default_factory=list)  # IDs written to the store
    missing: list[str] = field(default_factory=list)  # IDs the API did not return
    errors: list[str] = field(default_factory=list)  # the API's error entries (bad IDs)
    requests: int = 0
    already: int = 0  # IDs the store held already


def store_file(store: str) -> str:
    """The JSONL file fetch writes: the store itself when it is a ``.jsonl`` file, else
    ``arxiv.jsonl`` in the store folder."""
    if store.endswith(".jsonl") and not os.path.isdir(store):
        return store
    return os.path.join(store, STORE_FILE)


def collect_ids(paths: Iterable[str], config_file: Optional[str] = None, isolated: bool = False) -> tuple[list[str], Optional[str]]:
    """The arXiv IDs (without version) of the posts under ``paths``, in order of first
    appearance, and the ``sources`` store of the configuration of the first post (or None)."""
    from digestlint import config as cfg
    from digestlint import engine
    from digestlint.analysis import links
    from digestlint.document import Document
    from digestlint.source import decode, read_file

    resolver = cfg.ConfigResolver(config_file, isolated)
    overrides = cfg.Overrides()
    ids: dict[str, None] = {}
    store: Optional[str] = None
    for target in engine.discover(list(paths), resolver):
        if target.fs_path is None:
            continue
        conf = resolver.for_path(Path(target.fs_path))
        if conf.is_excluded(Path(target.fs_path)):
            continue
        settings = cfg.settings_for(conf, overrides, Path(target.fs_path))
        if store is None:
            store = settings.sources
        data, problem = read_file(target.fs_path, settings.max_file_size)
        if data is None or problem is not None:
            continue
        src = decode(data, settings.max_file_size)
        if src.text is None:
            continue
        doc = Document(src.text, target.display, bom=src.bom, layout=settings.layout)
        for _paper, aid, _s, _e in links.heading_arxiv_ids(doc):
            ids.setdefault(aid.base, None)
    return list(ids), store


def _query_url(api_url: str, batch: list[str]) -> str:
    query = urllib.parse.urlencode({"id_list": ",".join(batch), "start": 0, "max_results": len(batch)}, safe=",")
    sep = "&" if "?" in api_url else "?"
    return f"{api_url}{sep}{query}"


def _get(url: str, timeout: float) -> bytes:
    req = urllib.request.Request(url, headers={"User-Agent": "digestlint-sources-fetch"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - the configured API URL
        return resp.read(64 * 1024 * 1024)


def _clean(text: str) -> str:
    """The API wraps titles and abstracts over lines with runs of spaces: one line each."""
    return " ".join((text or "").split())


def parse_feed(payload: bytes) -> tuple[list[dict], list[str]]:
    """``(records, errors)`` of an API answer: ``{"id", "title", "abstract"}`` per entry, and
    the messages of the API's error entries (an ID of the wrong format)."""
    import feedparser

    feed = feedparser.parse(payload)
    if feed.get("bozo") and not feed.get("entries"):
        exc = feed.get("bozo_exception")
        raise FetchError(f"the arXiv API's answer is not an Atom feed ({type(exc).__name__ if exc else 'unparsable'})")
    records: list[dict] = []
    errors: list[str] = []
    for entry in feed.get("entries", []):
        eid = str(entry.get("id", ""))
        if "/api/errors" in eid:
            errors.append(_clean(entry.get("summary", "")) or eid)
            continue
        marker = "/abs/"
        if marker not in eid:
            continue
        aid = sources_lib.base_id(eid.split(marker, 1)[1])
        records.append({"id": aid, "title": _clean(entry.get("title", "")), "abstract": _clean(entry.get("summary", ""))})
    return records, errors


def _write_store(path: str, existing_lines: list[str], records: dict[str, dict]) -> None:
    """Write ``existing_lines`` (kept verbatim) and ``records`` to ``path`` atomically."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    with replacing(path, prefix=".arxiv-", newline="\n", fsync=True) as fh:
        for line in existing_lines:
            fh.write(line.rstrip("\n") + "\n")
        for rec in records.values():
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")


def fetch(
    ids: list[str],
    store: str,
    *,
    api_url: str = ARXIV_API,
    batch_size: int = DEFAULT_BATCH,
    pause: float = DEFAULT_PAUSE,
    retries: int = DEFAULT_RETRIES,
    timeout: float = 30.0,
    refresh: bool = False,
    log: Callable[[str], None] = lambda _m: None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> FetchReport:
    """Fetch the titles and abstracts of ``ids`` the store lacks into ``store``."""
    report = FetchReport()
    try:
        held = sources_lib.load(store)
    except sources_lib.SourceStoreError as exc:
        raise FetchError(str(exc)) from None
    target = store_file(store)
    existing_lines: list[str] = []
    if os.path.exists(target):
        try:
            existing_lines = [line for line in sources_lib.read_text(target).split("\n") if line.strip()]
        except sources_lib.SourceStoreError as exc:
            raise FetchError(str(exc)) from None
    wanted = [i for i in ids if refresh or not (held.get(i) and held[i].title)]
    report.already = len(ids) - len(wanted)
    report.asked = list(wanted)
    if refresh and wanted:
        drop = set(wanted)
        existing_lines = [line for line in existing_lines if _line_id(line) not in drop]
    new: dict[str, dict] = {}
    last_request: Optional[float] = None
    for start in range(0, len(wanted), batch_size):
        batch = wanted[start : start + batch_size]
        url = _query_url(api_url, batch)
        payload = None
        for attempt in range(retries + 1):
            if last_request is not None:
                wait = pause * (2**attempt if attempt else 1) - (clock() - last_request)
                if wait > 0:
                    sleep(wait)
            last_request = clock()
            report.requests += 1
            try:
                payload = _get(url, timeout)
                break
            except urllib.error.HTTPError as exc:
                if exc.code not in _RETRY_STATUS or attempt == retries:
                    raise FetchError(_failed(api_url, f"HTTP {exc.code} {exc.reason}", report, len(wanted) - start)) from None
                log(f"arXiv API answered HTTP {exc.code}; retrying ({attempt + 1}/{retries})")
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                if attempt == retries:
                    raise FetchError(_failed(api_url, f"{reason}", report, len(wanted) - start)) from None
                log(f"cannot reach the arXiv API ({reason}); retrying ({attempt + 1}/{retries})")
        assert payload is not None
        records, errors = parse_feed(payload)
        report.errors.extend(errors)
        got = {r["id"]: r for r in records if r["id"] in batch}
        for aid in batch:
            if aid in got:
                new[aid] = got[aid]
                report.fetched.append(aid)
            else:
                report.missing.append(aid)
        if got:
            _write_store(target, existing_lines, new)
        log(f"fetched {len(report.fetched)} of {len(wanted)}")
    return report


def _line_id(line: str) -> Optional[str]:
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    rid = obj.get("id") if isinstance(obj, dict) else None
    return sources_lib.base_id(rid) if isinstance(rid, str) else None


def _failed(api_url: str, reason: str, report: FetchReport, left: int) -> str:
    kept = f"; the store keeps the {len(report.fetched)} fetched so far" if report.fetched else ""
    return f"cannot fetch from the arXiv API at {api_url}: {reason}; {left} paper(s) not fetched{kept} (run the command again to go on)"
