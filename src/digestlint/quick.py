"""The one-file fast path: a run over a few named posts that nothing has changed since is
answered from one small record, before click, the rules, the parser or PyYAML are imported.

A command-line run over at most :data:`MAX_FILES` named files (the pre-commit hook, an editor
saving a post), with only options that change nothing but the report (:data:`FLAGS`,
:data:`VALUED`), leaves a record in the cache folder: ``v1/<environment>/runs/<key>.json``, the
key a hash of the arguments, the working directory, the environment variables and terminal
facts the report depends on. The record holds the report as written, the exit status, and what
the run depended on:

- the content digest (SHA-256) of each linted file, as linted;
- the stat (size, mtime, inode, or absence) of every configuration file name (``CONFIG_NAMES``)
  in every folder from each linted file and the working directory up to the root;
- for DL306 (a post republished from another post of the blog), the stat of each folder it
  indexed (and, for ``post-roots``, every folder below) and of every post in them: a post added,
  removed, renamed or edited changes one of them.

The environment (tool version, cache format, Python version, the package's source files, the
shipped data) is the record's folder, as for every cache entry. A later run with the same key
replays the record when every dependency is unchanged; anything else (an option not listed, a
folder argument, standard input, ``--fix``, a baseline, an output file, a rule pack, an internal
error, a stamp younger than 2 s, a cache folder that is a symbolic link) takes the normal path.
The module imports only ``os``, ``sys``, ``hashlib`` and ``json``.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time

from digestlint import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not imported at run time (start-up cost)
    from typing import Any, Optional


#: a run over more files than this is not recorded (the progress bar starts at 20)
MAX_FILES = 16
#: options without a value that a recorded run may have
FLAGS = frozenset({"-q", "--quiet", "--statistics", "--color", "--no-color", "--isolated", "--cache", "--force-include"})
#: options with a value that a recorded run may have
VALUED = frozenset({"--format", "--select", "--ignore", "--extend-select", "--fail-on", "--jobs", "-j"})
#: environment variables the report depends on (colour, format, tracebacks, encoding)
ENV_VARS = ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "CI", "TERM", "DIGESTLINT_DEBUG", "PYTHONIOENCODING", "PYTHONUTF8",
            "LANG", "LC_ALL", "LC_CTYPE")
#: must match digestlint.config.CONFIG_NAMES (tests/test_quick.py checks)
CONFIG_NAMES = (".digestlint.toml", "pyproject.toml")
CACHE_DIR_NAME = ".digestlint_cache"
#: must match digestlint.cache.FORMAT (the record lives in the cache's environment folder)
CACHE_FORMAT = 1
RECORD_VERSION = 1
#: the largest record read or written
MAX_RECORD_BYTES = 4 * 1024 * 1024
#: records kept per environment (the oldest are removed beyond this)
MAX_RECORDS = 256
#: a stamp younger than this (seconds) is not trusted (an edit within the same mtime tick)
RACY_SECONDS = 2.0
#: the most stats a record may depend on (a larger blog's folder is not recorded)
MAX_DEPENDENCIES = 50_000

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_fingerprints: dict[str, str] = {}


# ---------------------------------------------------------------------------- the environment
def code_fingerprint() -> str:
    """Size and mtime of every Python source of the package (a stat per file)."""
    got = _fingerprints.get("code")
    if got is None:
        h = hashlib.sha256()
        for root, dirs, files in os.walk(_PACKAGE_DIR):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    path = os.path.join(root, name)
                    try:
                        st = os.stat(path)
                    except OSError:
                        continue
                    h.update(f"{os.path.relpath(path, _PACKAGE_DIR)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
        got = _fingerprints["code"] = h.hexdigest()[:16]
    return got


def _data_dir() -> Optional[str]:
    here = _PACKAGE_DIR
    for candidate in (os.path.join(here, "_data"), os.path.join(os.path.dirname(os.path.dirname(here)), "rules")):
        if os.path.isfile(os.path.join(candidate, "sections.yaml")):
            return candidate
    return None


def data_fingerprint() -> str:
    """A hash of every shipped data file (names and bytes, in path order)."""
    got = _fingerprints.get("data")
    if got is None:
        h = hashlib.sha256()
        top = _data_dir()
        if top is None:
            raise RuntimeError(f"digestlint data folder not found next to {_PACKAGE_DIR}")
        paths: list[str] = []
        for root, _dirs, files in os.walk(top):
            paths.extend(os.path.join(root, n) for n in files)
        for path in sorted(paths, key=lambda p: os.path.relpath(p, top).split(os.sep)):
            h.update(os.path.basename(path).encode())
            with open(path, "rb") as fh:
                h.update(fh.read())
        got = _fingerprints["data"] = h.hexdigest()[:16]
    return got


def environment_key() -> str:
    """What invalidates every cache entry: cache format, version, Python, code, shipped data."""
    got = _fingerprints.get("env")
    if got is None:
        h = hashlib.sha256()
        for part in (str(CACHE_FORMAT).encode(), __version__.encode(),
                     f"{sys.version_info[0]}.{sys.version_info[1]}".encode(), code_fingerprint().encode(),
                     data_fingerprint().encode()):
            h.update(part)
            h.update(b"\0")
        got = _fingerprints["env"] = h.hexdigest()[:16]
    return got


# ---------------------------------------------------------------------------- the invocation
def eligible(args: list[str]) -> Optional[list[str]]:
    """The files named by ``args`` when the run may be recorded or replayed, else None."""
    files: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("-") and a != "-":
            name, eq, _value = a.partition("=")
            if name in VALUED:
                if not eq:
                    i += 1
                    if i >= len(args):
                        return None
            elif eq or a not in FLAGS:
                return None
        else:
            files.append(a)
        i += 1
    if not files or len(files) > MAX_FILES:
        return None
    for f in files:
        try:
            if not stat.S_ISREG(os.stat(f).st_mode):
                return None
        except (OSError, ValueError):
            return None
    return files


def _tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def invocation_key(args: list[str]) -> str:
    facts = {
        "args": args,
        "cwd": os.getcwd(),
        "env": {k: os.environ.get(k) for k in ENV_VARS},
        "tty": [_tty(sys.stdout), _tty(sys.stderr)],
        "encoding": getattr(sys.stdout, "encoding", None),
    }
    text = json.dumps(facts, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:32]


def cache_root(args: list[str], files: list[str]) -> str:
    """Where the cache of this run lives when its configuration leaves it in the default place:
    ``.digestlint_cache`` beside the configuration file that applies to the first file (or in the
    working directory). A configuration that moves it makes a run whose cache is elsewhere: such
    a run is not recorded (see :func:`record`)."""
    if "--isolated" in args:
        return os.path.join(os.getcwd(), CACHE_DIR_NAME)
    directory = os.path.dirname(os.path.abspath(files[0]))
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(directory, name)
            try:
                if not os.path.isfile(candidate):
                    continue
                if name == "pyproject.toml":
                    with open(candidate, "rb") as fh:
                        if b"digestlint" not in fh.read():
                            continue
            except OSError:
                continue
            return os.path.join(directory, CACHE_DIR_NAME)
        parent = os.path.dirname(directory)
        if parent == directory:
            return os.path.join(os.getcwd(), CACHE_DIR_NAME)
        directory = parent


def _records_dir(root: str, env: str) -> str:
    return os.path.join(root, f"v{CACHE_FORMAT}", env, "runs")


def _real_dirs(root: str, env: str, *, runs: bool = True) -> bool:
    """Every folder from the cache root to ``runs`` (``runs=False``: to the environment folder) is
    a real folder (not a symbolic link)."""
    path = root
    for part in ("", f"v{CACHE_FORMAT}", env, "runs") if runs else ("", f"v{CACHE_FORMAT}", env):
        path = os.path.join(path, part) if part else path
        try:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                return False
        except OSError:
            return False
    return True


# ---------------------------------------------------------------------------- dependencies
def _stamp(path: str) -> Optional[list[int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino, 1 if stat.S_ISDIR(st.st_mode) else 0]


def config_candidates(files: list[str]) -> list[str]:
    """Every configuration file name in every folder from each file and the working directory up."""
    out: dict[str, None] = {}
    for start in [os.getcwd(), *(os.path.dirname(os.path.abspath(f)) for f in files)]:
        directory = start
        while True:
            for name in CONFIG_NAMES:
                out.setdefault(os.path.join(directory, name), None)
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
    return list(out)


def folder_paths(folder: str, recursive: bool) -> Optional[list[str]]:
    """``folder``, the folders below it (``recursive``) and every markdown file in them: what a
    DL306 index of ``folder`` can depend on (a superset). None when there are too many."""
    out = [folder]
    stack = [folder]
    seen = set()
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
        for entry in entries:
            try:
                if recursive and entry.is_dir():
                    out.append(entry.path)
                    stack.append(entry.path)
                elif entry.name.lower().endswith((".md", ".markdown")):
                    out.append(entry.path)
            except OSError:
                continue
            if len(out) > MAX_DEPENDENCIES:
                return None
    return out


# ---------------------------------------------------------------------------- replay
def _read_record(path: str) -> Optional[dict]:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_RECORD_BYTES:
            return None
        data = b""
        while len(data) <= MAX_RECORD_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            data += chunk
        value = json.loads(data)
    except (OSError, ValueError, RecursionError):
        return None
    finally:
        os.close(fd)
    return value if isinstance(value, dict) and value.get("v") == RECORD_VERSION else None


def _digest(path: str) -> Optional[str]:
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


def _still_valid(rec: dict, args: list[str]) -> bool:
    try:
        if rec["args"] != args or not isinstance(rec["out"], str) or type(rec["rc"]) is not int:
            return False
        for path, digest in rec["files"]:
            if _digest(path) != digest:
                return False
        for path, stamp in rec["stats"]:
            if _stamp(path) != stamp:
                return False
    except (KeyError, TypeError, ValueError):
        return False
    return True


_miss: dict[str, str] = {}


def miss_folder() -> Optional[str]:
    """The cache environment folder of the run :func:`replay` could not answer, when the run may
    be recorded and that folder exists (what :mod:`digestlint.startcache` reads), else None."""
    return _miss.get("folder")


def replay(args: list[str]) -> Optional[int]:
    """Write the recorded report of this run and return its exit status, or None (run it)."""
    try:
        files = eligible(args)
        if files is None:
            return None
        env = environment_key()
        root = cache_root(args, files)
        if _real_dirs(root, env, runs=False):
            _miss["folder"] = os.path.join(root, f"v{CACHE_FORMAT}", env)
        if not _real_dirs(root, env):
            return None
        rec = _read_record(os.path.join(_records_dir(root, env), invocation_key(args) + ".json"))
        if rec is None or not _still_valid(rec, args):
            return None
        text = rec["out"]
        if rec.get("utf8"):
            data = text.encode("utf-8")
        else:
            encoding = getattr(sys.stdout, "encoding", None) or ""
            if encoding.replace("-", "").replace("_", "").lower() != "utf8":
                return None
            data = text.encode("utf-8")
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            return None
    except (OSError, RuntimeError, UnicodeError):
        return None
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()
    return rec["rc"]


# ---------------------------------------------------------------------------- record
class Recorder:
    """Collects what a run that may be recorded wrote; :meth:`save` writes the record."""

    MAX_OUTPUT = 1024 * 1024

    def __init__(self, args: list[str], files: list[str]) -> None:
        self.args = list(args)
        self.files = files
        self.pieces: list[str] = []
        self.size = 0
        self.ok = True

    @classmethod
    def start(cls, args: list[str]) -> Optional["Recorder"]:
        files = eligible(args)
        return cls(args, files) if files is not None else None

    def watch(self, pieces):
        for piece in pieces:
            if self.ok:
                self.size += len(piece)
                if self.size > self.MAX_OUTPUT:
                    self.ok = False
                    self.pieces = []
                else:
                    self.pieces.append(piece)
            yield piece

    def save(self, *, rc: int, utf8: bool, store_root: Optional[str], digests: dict[str, Optional[str]],
             folders: list[tuple[str, bool]], rule_packs: bool) -> bool:
        """Write the record: ``store_root`` the run's cache folder (None: no cache), ``digests``
        the content digest of each linted file as linted, ``folders`` what DL306 indexed."""
        if store_root is None:
            return False
        try:
            root = cache_root(self.args, self.files)
            if os.path.abspath(store_root) != os.path.abspath(root):
                return False  # the configuration keeps the cache elsewhere: a replay would not find it
            env = environment_key()
            if _real_dirs(root, env, runs=False):
                from digestlint import startcache

                startcache.save(os.path.join(root, f"v{CACHE_FORMAT}", env))
            if not self.ok or rule_packs:
                return False
            files = []
            for f in self.files:
                digest = digests.get(f)
                if digest is None or len(digests) != len(set(self.files)):
                    return False
                files.append([f, digest])
            deps: dict[str, Optional[list[int]]] = {}
            for path in config_candidates(self.files):
                deps[path] = _stamp(path)
            linted = {os.path.abspath(f) for f in self.files}
            for folder, recursive in folders:
                paths = folder_paths(folder, recursive)
                if paths is None:
                    return False
                for path in paths:
                    if os.path.abspath(path) not in linted:
                        deps[path] = _stamp(path)
            if len(deps) > MAX_DEPENDENCIES:
                return False
            now_ns = time.time_ns()
            if any(s is not None and now_ns - s[1] < RACY_SECONDS * 1e9 for s in deps.values()):
                return False  # changed a moment ago: could change again within the same mtime tick
            record = {"v": RECORD_VERSION, "args": self.args, "out": "".join(self.pieces), "utf8": utf8, "rc": rc,
                      "files": files, "stats": [[p, s] for p, s in deps.items()]}
            data = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
            if len(data) > MAX_RECORD_BYTES:
                return False
            return _write(root, env, invocation_key(self.args), data)
        except (OSError, ValueError, UnicodeError):
            return False


def _write(root: str, env: str, key: str, data: bytes) -> bool:
    directory = _records_dir(root, env)
    env_dir = os.path.dirname(directory)
    if not os.path.isdir(env_dir) or not _real_dirs(root, env, runs=False):
        return False  # the cache wrote nothing this run and made no folder: nor do we
    try:
        os.mkdir(directory)
    except FileExistsError:
        pass
    if not _real_dirs(root, env):
        return False
    from digestlint.atomicio import replacing

    try:
        with replacing(os.path.join(directory, key + ".json"), binary=True, prefix=key + ".", mode=0o644) as fh:
            fh.write(data)
    except OSError:
        return False
    _prune(directory)
    return True


def _prune(directory: str) -> None:
    """Keep the :data:`MAX_RECORDS` most recently written records."""
    try:
        entries = [e for e in os.scandir(directory) if e.name.endswith(".json")]
        if len(entries) <= MAX_RECORDS:
            return
        entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns, reverse=True)
        for e in entries[MAX_RECORDS:]:
            os.unlink(e.path)
    except OSError:
        pass
