"""Baselines: adopt digestlint on a blog with old findings and fail only on new ones.

``--write-baseline FILE`` records the current findings; ``--baseline FILE`` hides them. A finding
is keyed by what survives the regeneration of unrelated text, not by its line: the file (relative
to the baseline file's folder, forward slashes), the rule, the paper's arXiv identifier, and a hash
of the offending text together with the message (digits removed, so positions quoted in messages
do not matter). Identical findings are counted: two identical findings need two recorded ones.
Entries that match nothing any more (the problem was fixed) are reported so the file can be
regenerated.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional

from digestlint.config import ConfigError
from digestlint.model import Finding

if TYPE_CHECKING:
    from digestlint.formats import Group, Report

VERSION = 1
_ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?|([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
#: a lone surrogate: the undecodable bytes of a file name that is not UTF-8 (``\\xff.md``)
_SURROGATE = re.compile("[\ud800-\udfff]")


class BaselineError(ConfigError):
    """The baseline file cannot be read or is not a digestlint baseline (exit status 2)."""


@dataclass(frozen=True)
class Key:
    path: str
    rule: str
    paper: str
    hash: str


def arxiv_id(value: Optional[str]) -> Optional[str]:
    """The arXiv identifier (version dropped) in a paper URL or heading; None when there is none."""
    if not value:
        return None
    m = _ARXIV_ID.search(value)
    if m is None:
        return None
    found: str = m.group(1) or m.group(2)
    return found


def paper_id(value: Optional[str]) -> str:
    """The arXiv identifier (version dropped) of a paper URL or heading; the text itself otherwise."""
    if not value:
        return ""
    found = arxiv_id(value)
    if found is not None:
        return found
    return _SPACE.sub(" ", value).strip()[:200]


def text_hash(rule: str, text: str, message: str) -> str:
    norm_text = _SPACE.sub(" ", text or "").strip()
    norm_msg = _SPACE.sub(" ", _DIGITS.sub("#", message or "")).strip()
    digest = hashlib.sha256(f"{rule}\0{norm_text}\0{norm_msg}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:20]


def relative_path(path: str, base_dir: Optional[str]) -> str:
    """``path`` (as displayed: relative to the working directory) relative to ``base_dir``."""
    if path.startswith("<") or base_dir is None:
        return path.replace(os.sep, "/")
    try:
        rel = os.path.relpath(os.path.abspath(path), base_dir)
    except ValueError:  # another drive (Windows)
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


def finding_key(f: Finding, base_dir: Optional[str] = None) -> Key:
    return Key(
        path=relative_path(f.path, base_dir),
        rule=f.rule,
        paper=paper_id(f.paper),
        hash=text_hash(f.rule, f.text, f.message),
    )


def fingerprint(f: Finding) -> str:
    """A stable identifier of a finding (SARIF ``partialFingerprints``)."""
    k = finding_key(f)
    return hashlib.sha256(f"{k.path}\0{k.rule}\0{k.paper}\0{k.hash}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _base_dir(baseline_file: str) -> str:
    return os.path.dirname(os.path.abspath(baseline_file))


def build(findings: Iterable[Finding], baseline_file: str) -> dict[str, Any]:
    base = _base_dir(baseline_file)
    counts: Counter[Key] = Counter()
    sample: dict[Key, tuple[str, str]] = {}  # the name and message of a key's first finding
    for f in findings:
        k = finding_key(f, base)
        counts[k] += 1
        if k not in sample:
            sample[k] = (f.name, f.message)
    entries: list[dict[str, Any]] = []
    for k in sorted(counts, key=lambda k: (k.path, k.rule, k.paper, k.hash)):
        name, message = sample[k]
        entries.append(
            {
                "path": k.path,
                "rule": k.rule,
                "name": name,
                "paper": k.paper,
                "hash": k.hash,
                "count": counts[k],
                "message": message,  # for people reading the file; not part of the key
            }
        )
    return {"version": VERSION, "tool": "digestlint", "entries": entries}


def write(findings: Iterable[Finding], baseline_file: str) -> int:
    """Write the baseline; returns the number of findings recorded. Raises OSError."""
    return write_counts(findings, baseline_file)[0]


def write_counts(findings: Iterable[Finding], baseline_file: str) -> tuple[int, int]:
    """Write the baseline; returns (findings recorded, entries written). Raises OSError."""
    data = build(findings, baseline_file)
    text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
    from digestlint.autofix import write_regular_file

    write_regular_file(baseline_file, text.encode("utf-8"))
    return sum(e["count"] for e in data["entries"]), len(data["entries"])


@dataclass
class Baseline:
    file: str
    counts: Counter[Key]  # Key -> count

    @property
    def base_dir(self) -> str:
        return _base_dir(self.file)


#: the largest baseline read (about 300,000 recorded findings)
MAX_BASELINE_BYTES = 128 * 1024 * 1024


def load(baseline_file: str) -> Baseline:
    """Read a baseline: a regular file (a FIFO or ``/dev/zero`` is refused, never waited on or
    read without end) of at most :data:`MAX_BASELINE_BYTES`."""
    from digestlint.source import read_regular

    try:
        raw = read_regular(baseline_file, MAX_BASELINE_BYTES)
    except OSError as exc:
        raise BaselineError(f"--baseline {baseline_file}: cannot read: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"--baseline {baseline_file}: not valid JSON: {exc}") from None
    except RecursionError:
        raise BaselineError(f"--baseline {baseline_file}: not a digestlint baseline (JSON nested too deeply)") from None
    if not isinstance(data, dict) or "version" not in data or not isinstance(data.get("entries"), list):
        raise BaselineError(f"--baseline {baseline_file}: not a digestlint baseline (no 'version' and 'entries')")
    if data["version"] != VERSION:
        raise BaselineError(f"--baseline {baseline_file}: unsupported baseline version {data['version']!r} (expected {VERSION})")
    counts: Counter[Key] = Counter()
    for i, e in enumerate(data["entries"]):
        if not isinstance(e, dict) or not all(isinstance(e.get(k), str) for k in ("path", "rule", "paper", "hash")):
            raise BaselineError(f"--baseline {baseline_file}: entry {i} lacks path, rule, paper or hash")
        count = e.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise BaselineError(f"--baseline {baseline_file}: entry {i}: 'count' must be a positive integer")
        counts[Key(e["path"], e["rule"], e["paper"], e["hash"])] += count
    return Baseline(baseline_file, counts)


@dataclass
class Applied:
    findings: list[Finding]  # what is left to report
    hidden: int  # findings hidden by the baseline
    stale: list[tuple[Key, int]]  # baseline entries that matched nothing (in the linted files)


class Filter:
    """Hides the findings a baseline records, a group of findings at a time (a streamed run);
    :meth:`stale` then names the entries that matched nothing."""

    def __init__(self, baseline: Baseline) -> None:
        self.base = baseline.base_dir
        self.remaining = Counter(baseline.counts)
        self.hidden = 0

    def keep(self, findings: Iterable[Finding]) -> list[Finding]:
        kept: list[Finding] = []
        for f in findings:
            k = finding_key(f, self.base)
            if self.remaining[k] > 0:
                self.remaining[k] -= 1
                self.hidden += 1
            else:
                kept.append(f)
        return kept

    def stale(self, linted_paths: Iterable[str]) -> list[tuple[Key, int]]:
        linted = {relative_path(p, self.base) for p in linted_paths}
        return sorted(
            ((k, n) for k, n in self.remaining.items() if n > 0 and k.path in linted),
            key=lambda kn: (kn[0].path, kn[0].rule, kn[0].paper, kn[0].hash),
        )


def apply(baseline: Baseline, findings: list[Finding], linted_paths: Iterable[str]) -> Applied:
    filt = Filter(baseline)
    kept = filt.keep(findings)
    return Applied(kept, filt.hidden, filt.stale(linted_paths))


def cli_groups(groups: Iterable[Group], linted_paths: list[str], baseline_file: Optional[str],
               write_baseline: Optional[str], say: Callable[[str], None], report: Optional[Report] = None) -> Iterator[Group]:
    """``--baseline`` / ``--write-baseline`` for :mod:`digestlint.cli` on a streamed run's
    ``(path, findings)`` groups: the groups to report. ``--write-baseline`` records every finding
    before the first group is given (each linted path then comes with no finding) and sets
    ``report.baseline_written``; ``--baseline`` hides the recorded ones, keeps ``report.hidden``
    up to date, and names the stale entries after the last group. Without a ``report`` (a
    format without a summary line) what was written or hidden is a message for ``say`` (the
    command prints it on stderr), as the stale entries always are. The baseline file is read at
    the call (a BaselineError then, before any output)."""
    if write_baseline:
        written = write_baseline

        def recorded() -> Iterator[Group]:
            try:
                n, entries = write_counts((f for _path, group in groups for f in group), written)
            except OSError as exc:
                raise BaselineError(f"--write-baseline {written}: {exc.strerror or exc}") from None
            if report is not None:
                report.baseline_written = (written, n, entries)
            else:
                say(f"digestlint: recorded {n} finding{'s' if n != 1 else ''} "
                    f"({entries} entr{'y' if entries == 1 else 'ies'}) in the baseline {written}")
            for path in sorted(set(linted_paths)):
                yield path, []

        return recorded()
    if not baseline_file:
        return iter(groups)
    filt = Filter(load(baseline_file))

    def filtered() -> Iterator[Group]:
        for path, group in groups:
            kept = filt.keep(group)
            if report is not None:
                report.hidden = filt.hidden
            yield path, kept
        if report is None and filt.hidden:
            say(f"digestlint: {filt.hidden} finding{'s' if filt.hidden != 1 else ''} hidden by the baseline {baseline_file}")
        stale = filt.stale(linted_paths)
        if stale:
            total = sum(n for _, n in stale)
            say(f"digestlint: {total} baseline entr{'ies' if total != 1 else 'y'} of {baseline_file} no longer match "
                f"(fixed?); refresh it with --write-baseline {baseline_file}:")
            for k, n in stale[:20]:
                paper = f" paper {k.paper}" if k.paper else ""
                say(f"  {k.path}: {k.rule}{paper}" + (f" (x{n})" if n > 1 else ""))
            if len(stale) > 20:
                say(f"  ... and {len(stale) - 20} more")

    return filtered()
