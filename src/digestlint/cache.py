"""The content-hash cache: a re-run over an unchanged blog reads results instead of linting.

Layout (everything under one folder, ``.digestlint_cache`` by default, safe to delete)::

    .digestlint_cache/
        .gitignore, CACHEDIR.TAG
        v1/<environment>/results-00.json … results-ff.json   per-file results, 256 shards
        v1/<environment>/dl306-<hash>.json                   DL306's index of a folder of posts

``<environment>`` is a hash of everything that can change a result besides the file and its
settings: the tool version, the cache format, the Python version, the source files of the
package (size and mtime, so an edited rule invalidates in a development checkout) and the shipped
data (:func:`digestlint.data.data_fingerprint`). A change there starts a fresh environment folder
(old ones are pruned, the most recent few are kept).

The key of one file is a hash of its display path, its :class:`~digestlint.config.FileSettings`
fingerprint, the contents of its rule packs and its bytes. The value is the file's
:class:`~digestlint.engine.FileResult`: findings, corpus-rule summaries and suppressions, so
corpus rules still see every post on a warm run.

Robustness: a shard that cannot be read or parsed, or an entry of the wrong shape, is ignored (a
miss). Writes go to a temporary file in the same folder and are renamed into place
(``os.replace``, atomic), after merging with what another run may have written meanwhile; a
write that fails (read-only checkout, full disk) is skipped silently: the cache is an optimisation,
never a reason to fail. The cache holds JSON, never pickles: a cache folder committed to a
repository by someone else cannot run code.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from digestlint import __version__
from digestlint.atomicio import replacing
from digestlint.document import Suppressions
from digestlint.model import Finding, FindingFix
from digestlint.source import read_regular

CACHE_DIR_NAME = ".digestlint_cache"
FORMAT = 1
#: entries not used for this many days are dropped when their shard is written
MAX_AGE_DAYS = 30
#: environment folders kept (the current one and the most recently used others)
KEEP_ENVIRONMENTS = 4
#: a file modified less than this many seconds ago is not put in the stat-keyed index memo
#: (its mtime could still change within the same tick: the "racy git" problem)
RACY_SECONDS = 2.0

_PACKAGE_DIR = Path(__file__).resolve().parent


# ---------------------------------------------------------------------------- fingerprints
def _sha(*parts: bytes) -> "hashlib._Hash":
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
        h.update(b"\0")
    return h


def code_fingerprint() -> str:
    """Size and mtime of every Python source of the package (cheap: a stat per file)."""
    from digestlint import quick

    return quick.code_fingerprint()


@functools.lru_cache(maxsize=None)
def environment_key() -> str:
    """Hash of what invalidates every entry: version, format, Python, code, shipped data."""
    from digestlint import data

    return _sha(
        str(FORMAT).encode(),
        __version__.encode(),
        f"{sys.version_info[0]}.{sys.version_info[1]}".encode(),
        code_fingerprint().encode(),
        data.data_fingerprint().encode(),
    ).hexdigest()[:16]


@functools.lru_cache(maxsize=256)
def packs_fingerprint(paths: tuple[str, ...]) -> str:
    """Hash of the contents of user rule packs (files, or every file under a folder)."""
    if not paths:
        return ""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.encode() + b"\0")
        files: list[str] = []
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs.sort()
                files.extend(os.path.join(root, n) for n in sorted(names))
        else:
            files.append(p)
        for f in files:
            try:  # regular files only, bounded: a FIFO in a pack folder must not block the run
                h.update(f.encode("utf-8", "surrogatepass") + b"\0" + read_regular(f, MAX_FILE_BYTES) + b"\0")
            except OSError as exc:
                h.update(f"{f}: unreadable {exc.errno} {exc}\0".encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cache_dir_for(config: Any, override: Optional[str] = None) -> Path:
    """Where the cache lives: ``--cache-dir``, else the config's ``cache-dir`` (relative to the
    config root), else ``.digestlint_cache`` at the config root (the working directory when no
    configuration file applies)."""
    if override:
        return Path(os.path.abspath(override))
    configured = config.get("cache-dir") if config is not None else None
    root = Path(config.root) if config is not None else Path(os.getcwd())
    if configured:
        return Path(os.path.normpath(os.path.join(root, configured)))
    return root / CACHE_DIR_NAME


# ---------------------------------------------------------------------------- (de)serialisation
def _finding_to_json(f: Finding) -> list:
    fix = f.fix.to_json() if f.fix is not None else None
    return [f.line, f.column, f.end_line, f.end_column, f.rule, f.name, f.severity, f.message, fix, f.text, f.paper]


def _finding_from_json(path: str, row: list) -> Finding:
    line, column, end_line, end_column, rule, name, severity, message, fix, text, paper = row
    for v in (line, column, end_line, end_column):
        if not isinstance(v, int):
            raise ValueError("position")
    for v in (rule, name, severity, message, text):
        if not isinstance(v, str):
            raise ValueError("text")
    placed = FindingFix.from_json(fix) if fix is not None else None
    if paper is not None and not isinstance(paper, str):
        raise ValueError("paper")
    return Finding(path, line, column, end_line, end_column, rule, name, severity, message, placed, text, paper)


def _suppressions_to_json(s: Optional[Suppressions]) -> Optional[dict]:
    if s is None:
        return None
    return {"e": [list(e) for e in s.entries], "d": s.directives, "u": sorted(s.used)}


def _suppressions_from_json(d: Optional[dict]) -> Optional[Suppressions]:
    if d is None:
        return None
    return Suppressions(
        entries=[(str(rule), int(first), int(last), int(directive)) for rule, first, last, directive in d["e"]],
        directives=[[int(v) for v in pos] for pos in d["d"]],
        used={int(i) for i in d["u"]},
    )


def result_to_json(result) -> dict:
    return {
        "f": [_finding_to_json(f) for f in result.findings],
        "c": result.corpus,
        "s": _suppressions_to_json(result.suppressions),
    }


def result_from_json(path: str, fs_path: Optional[str], value: dict):
    from digestlint.engine import FileResult

    corpus = value["c"]
    if not isinstance(corpus, dict):
        raise ValueError("corpus")
    return FileResult(
        path=path,
        fs_path=fs_path,
        findings=[_finding_from_json(path, row) for row in value["f"]],
        corpus=corpus,
        suppressions=_suppressions_from_json(value["s"]),
    )


def json_roundtrip(value: Any) -> Any:
    """``value`` as it comes back from the cache (tuples become lists ...): corpus summaries go
    through this on every run, so a cold run and a warm run give the rules the same values.
    Raises TypeError/ValueError when ``value`` is not JSON-serialisable."""
    return json.loads(json.dumps(value, ensure_ascii=False))


# ---------------------------------------------------------------------------- files
#: the largest cache file read (a shard, a DL306 table): anything larger is a miss
MAX_FILE_BYTES = 64 * 1024 * 1024


def _read_json(path: Path) -> Optional[dict]:
    """A cache file's JSON, or None. Regular files only, never through a symbolic link, at most
    :data:`MAX_FILE_BYTES`: a cache folder committed to a repository may hold
    ``results-00.json -> /dev/zero`` or a FIFO, which must be a miss, not a hang."""
    try:
        raw = read_regular(path, MAX_FILE_BYTES, follow_symlinks=False)
        value = json.loads(raw)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(value, dict) or value.get("format") != FORMAT or not isinstance(value.get("entries"), dict):
        return None
    return value


def _real_dir(path: Path) -> bool:
    """True when ``path`` is a directory and not a symbolic link (``lstat``)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _write_json_atomic(path: Path, value: dict) -> bool:
    """Write ``value`` to a temporary file in ``path``'s folder and rename it over ``path``. The
    rename replaces whatever ``path`` is (a symbolic link is replaced, never written through);
    a ``path`` that is a folder, a FIFO or a device is left alone (the write is skipped)."""
    try:
        st = os.lstat(path)
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
            return False
    except FileNotFoundError:
        pass
    except OSError:
        return False
    try:
        with replacing(str(path), prefix=path.name + ".", mode=0o644) as fh:
            json.dump(value, fh, ensure_ascii=False, separators=(",", ":"))
        return True
    except (OSError, TypeError, ValueError):
        return False


def _today() -> int:
    return int(time.time() // 86400)


class Cache:
    """One run's view of the cache folder. Shards are loaded lazily, written by :meth:`save`."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.env = environment_key()
        self.dir = self.root / f"v{FORMAT}" / self.env
        self.today = _today()
        self._shards: dict[str, dict] = {}  # shard name -> entries (as loaded)
        #: shard name -> where its entries to write (new or touched) are in the spool
        self._dirty: dict[str, list[tuple[int, int]]] = {}
        self._spool: Any = None
        self._spool_end = 0
        self._tables: dict[str, Optional[dict]] = {}
        self._tables_dirty: dict[str, dict] = {}
        #: "valid configuration" markers to write (:meth:`mark_valid`)
        self._valid: list[Path] = []
        self._prefixes: dict[int, tuple] = {}
        self.hits = 0
        self.misses = 0
        self._usable: Optional[bool] = None

    # -------------------------------------------------------------- results
    def is_empty(self) -> bool:
        """True when this environment has no stored result yet (a cold run: skip the lookups)."""
        if not self.usable():
            return True
        try:
            with os.scandir(self.dir) as it:
                return not any(e.name.startswith("results-") for e in it)
        except OSError:
            return True

    def key(self, settings, path: str, digest: str) -> str:
        """The key of a file: display path, settings, rule pack contents and content digest."""
        cached = self._prefixes.get(id(settings))
        if cached is None or cached[0] is not settings:
            prefix = settings.fingerprint() + ":" + packs_fingerprint(tuple(settings.rule_packs))
            if getattr(settings, "sources", None):
                from digestlint.analysis import sources as sources_lib

                prefix += ":" + sources_lib.fingerprint(settings.sources)
            cached = (settings, prefix)
            self._prefixes[id(settings)] = cached
        return _sha(cached[1].encode(), path.encode("utf-8", "surrogatepass"), digest.encode()).hexdigest()[:40]

    def _shard(self, key: str) -> dict:
        name = key[:2]
        entries = self._shards.get(name)
        if entries is None:
            loaded = _read_json(self.dir / f"results-{name}.json") if self.usable() else None
            entries = loaded["entries"] if loaded is not None else {}
            self._shards[name] = entries
        return entries

    def get(self, key: str, path: str, fs_path: Optional[str]):
        """The cached FileResult for ``key`` (re-labelled with ``path``), or None."""
        return self._take(self._shard(key).get(key), key, path, fs_path)

    def get_many(self, wanted: list) -> Iterator[tuple[int, Any]]:
        """``(i, FileResult or None)`` for every ``(i, key, path, fs_path)`` of ``wanted``, shard
        by shard: one shard is in memory at a time (a warm run over a large blog does not hold
        the whole cache), and none is kept after its lookups."""
        by_shard: dict[str, list] = {}
        for item in wanted:
            by_shard.setdefault(item[1][:2], []).append(item)
        for name in sorted(by_shard):
            entries = self._shards.get(name)
            if entries is None:
                loaded = _read_json(self.dir / f"results-{name}.json") if self.usable() else None
                entries = loaded["entries"] if loaded is not None else {}
            for i, key, path, fs_path in by_shard[name]:
                yield i, self._take(entries.get(key), key, path, fs_path)
            del entries

    def _take(self, entry: Any, key: str, path: str, fs_path: Optional[str]):
        if entry is None:
            self.misses += 1
            return None
        try:
            result = result_from_json(path, fs_path, entry["r"])
            stamp = entry.get("t")
        except (KeyError, TypeError, ValueError, AttributeError):
            self.misses += 1
            return None
        if stamp != self.today:  # keep entries in use from expiring
            self._spool_entry(key, {"t": self.today, "r": entry["r"]})
        self.hits += 1
        return result

    def put(self, key: str, result) -> None:
        try:
            value = result_to_json(result)
        except (TypeError, ValueError):
            return
        entry = {"t": self.today, "r": value}
        if self._spool_entry(key, entry) and key[:2] in self._shards:
            self._shards[key[:2]][key] = entry

    def _spool_entry(self, key: str, entry: dict) -> bool:
        """Keep an entry to write (new, or its stamp refreshed) in an unnamed temporary file
        until :meth:`save`: a cold run over a large blog does not hold every result in memory.
        False when it is not storable (not JSON-serialisable) or the spool cannot be written."""
        try:
            data = json.dumps([key, entry], ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        except (TypeError, ValueError, RecursionError):
            return False
        try:
            if self._spool is None:
                self._spool = tempfile.TemporaryFile(prefix="digestlint-cache-")
            self._spool.seek(self._spool_end)
            self._spool.write(data)
        except OSError:
            return False
        self._dirty.setdefault(key[:2], []).append((self._spool_end, len(data)))
        self._spool_end += len(data)
        return True

    def _spooled(self, name: str) -> dict:
        """The spooled entries of shard ``name`` (later ones win)."""
        out: dict = {}
        for offset, length in self._dirty.get(name, ()):
            self._spool.seek(offset)
            key, entry = json.loads(self._spool.read(length).decode("utf-8", "surrogatepass"))
            out[key] = entry
        return out

    # -------------------------------------------------------------- named tables (the blog index's)
    def table_get(self, name: str) -> Optional[dict]:
        """A stored table (``corpus_index.CorpusIndex`` keeps one per indexed folder, ``name``
        from its parameters, the shape its own: ``corpus_index.TABLE_VERSION``), or None when
        there is none or it cannot be read."""
        if name in self._tables:
            return self._tables[name]
        loaded = _read_json(self.dir / f"{name}.json") if self.usable() else None
        value = loaded["entries"].get("table") if loaded is not None else None
        self._tables[name] = value
        return value

    def table_put(self, name: str, value: dict) -> None:
        """Store a table (written by :meth:`save`, replacing the stored one)."""
        self._tables[name] = value
        self._tables_dirty[name] = value

    def mark_valid(self, marker: Optional[Path]) -> None:
        """Record that the configuration table whose marker is ``marker`` was validated in this
        run (:func:`validate_table_cached`); written by :meth:`save` when the marker belongs to
        this cache (a run with ``--cache-dir`` elsewhere leaves the table's own folder alone)."""
        if marker is not None and marker.parent.parent == self.dir and marker not in self._valid:
            self._valid.append(marker)

    # -------------------------------------------------------------- writing
    def usable(self) -> bool:
        """False when the cache folder, ``v1`` or the environment folder exists but is not a real
        directory (a symbolic link, a file): the cache is then neither read nor written, so a
        ``.digestlint_cache -> /elsewhere`` committed to a repository is never written through."""
        if self._usable is None:
            self._usable = all(_real_dir(p) or not os.path.lexists(p) for p in (self.root, self.root / f"v{FORMAT}", self.dir))
        return self._usable

    def _prepare_dir(self) -> bool:
        if not self.usable():
            return False
        for folder in (self.root, self.root / f"v{FORMAT}", self.dir):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                return False
            if not _real_dir(folder):  # replaced by a link meanwhile
                return False
        for name, text in ((".gitignore", "# created by digestlint: the folder is a cache, safe to delete\n*\n"),
                           ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# digestlint cache (safe to delete)\n")):
            _create_marker(self.root / name, text)
        try:
            os.utime(self.dir)  # the most recently used environment survives pruning
        except OSError:
            pass
        return True

    def _merge_write(self, path: Path, ours: dict) -> None:
        """Merge ``ours`` over what is on disk now (another run may have written), drop stale
        entries, write atomically."""
        on_disk = _read_json(path)
        entries = on_disk["entries"] if on_disk is not None else {}
        entries.update(ours)
        oldest = self.today - MAX_AGE_DAYS
        entries = {k: v for k, v in entries.items() if isinstance(v, dict) and isinstance(v.get("t"), int) and v["t"] >= oldest}
        _write_json_atomic(path, {"format": FORMAT, "entries": entries})

    def save(self) -> None:
        """Write the spooled entries, one shard at a time (merged with what is on disk), and
        the tables."""
        if not self._dirty and not self._tables_dirty and not self._valid:
            return
        try:
            if not self._prepare_dir():
                return
            for marker in self._valid:
                folder = marker.parent
                try:
                    folder.mkdir(exist_ok=True)
                except OSError:
                    break
                if not _real_dir(folder):
                    break
                _create_marker(marker, "")
            for name in sorted(self._dirty):
                try:
                    ours = self._spooled(name)
                except (OSError, ValueError):
                    continue
                self._merge_write(self.dir / f"results-{name}.json", ours)
                del ours
            for name in sorted(self._tables_dirty):
                _write_json_atomic(self.dir / f"{name}.json", {"format": FORMAT, "entries": {"table": self._tables_dirty[name]}})
            self._tables_dirty = {}
            self._prune_environments()
        finally:
            self._dirty = {}
            self._valid = []
            if self._spool is not None:
                self._spool.close()
                self._spool = None
                self._spool_end = 0

    def _prune_environments(self) -> None:
        base = self.root / f"v{FORMAT}"
        try:
            envs = [e for e in os.scandir(base) if e.is_dir(follow_symlinks=False) and e.name != self.env]
        except OSError:
            return
        envs.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime, reverse=True)
        for e in envs[KEEP_ENVIRONMENTS - 1:]:
            _remove_tree(Path(e.path))


def _create_marker(path: Path, text: str) -> None:
    """Create a small file if there is nothing at ``path`` (never through a symbolic link)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError:  # exists (file, link, anything) or cannot be created: leave it
        return
    try:
        os.write(fd, text.encode("utf-8"))
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_tree(path: Path) -> None:
    try:
        for entry in os.scandir(path):
            if entry.is_dir(follow_symlinks=False):
                _remove_tree(Path(entry.path))
            else:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass
        os.rmdir(path)
    except OSError:
        pass


def open_for_run(paths: list[str], resolver, enabled: Optional[bool], directory: Optional[str]) -> Optional[Cache]:
    """The cache of a run, or None when disabled (``--no-cache``, or ``cache = false`` in the
    configuration that applies to the first path)."""
    if enabled is False:
        return None
    config = resolver.for_path(Path(paths[0] if paths else "."))
    if enabled is None and config.get("cache", True) is False:
        return None
    return Cache(cache_dir_for(config, directory))


# ---------------------------------------------------------------------------- validated configurations
def _validation_marker(config_root: Path, table: Any) -> Optional[Path]:
    """Where the "this configuration table is valid" marker of ``table`` lives, or None when the
    table disables the cache (``cache = false``) or cannot be hashed."""
    if not isinstance(table, dict) or table.get("cache", True) is not True:
        return None
    directory = table.get("cache-dir")
    root = Path(os.path.normpath(os.path.join(config_root, directory))) if isinstance(directory, str) and directory else Path(config_root) / CACHE_DIR_NAME
    try:
        payload = json.dumps(table, sort_keys=True, ensure_ascii=False, default=repr)
    except (TypeError, ValueError, RecursionError):
        return None
    digest = _sha(environment_key().encode(), payload.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return root / f"v{FORMAT}" / environment_key() / "valid-config" / digest


def validate_table_cached(table: Any, source: str, config_root: Path, validate: Callable[[Any, str], None]) -> Optional[Path]:
    """``validate(table, source)``, skipped when this exact table (same tool, data and code) was
    validated before: JSON Schema validation imports jsonschema, which alone costs more start-up
    time than linting one post. Writes nothing: returns where the "valid" marker of a table that
    was validated now belongs (None when it was skipped or a marker cannot be kept there); a lint
    run that uses the cache writes it (:meth:`Cache.mark_valid`). An invalid table raises, so it
    is never marked and its error is always reported."""
    marker = _validation_marker(config_root, table)
    chain = [marker.parents[i] for i in (3, 2, 1, 0)] if marker is not None else []  # cache root .. valid-config
    if marker is not None and not all(_real_dir(p) or not os.path.lexists(p) for p in chain):
        marker = None  # a cache folder reached through a symbolic link: neither trusted nor written
    if marker is not None:
        try:
            if stat.S_ISREG(os.lstat(marker).st_mode):
                return None
        except OSError:
            pass
    validate(table, source)
    return marker
