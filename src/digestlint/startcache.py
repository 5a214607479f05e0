"""What a one-file run would otherwise redo at every start, kept in the cache's environment folder.

A run over a few named posts whose result is a miss (pre-commit on an edited post) spends about
a fifth of its time compiling regular expressions (the rules', PyYAML's and markdown-it's; Python
keeps no compiled-regex cache across processes) and parsing the shipped YAML data. When
:mod:`digestlint.quick` finds no record for such a run, :func:`install` loads two files of the
run's cache environment folder (``.digestlint_cache/v1/<environment>/``, whose name already
hashes the tool version, the package's sources and the shipped data):

- ``regex-<interpreter>.json``: for each pattern (text and flags) the compiled program that
  Python's regular expression compiler produced for it, handed to ``_sre.compile`` instead of
  compiling it again. ``<interpreter>`` hashes the exact Python build and the regex engine's
  magic number. A program is stored only after the pattern it rebuilds has been checked equal
  (``Pattern.__eq__`` compares the programs) to the one Python compiled itself, and
  ``_sre.compile`` validates every program it is given: a damaged file is a miss (or, for a
  valid program of another pattern, a different match, as a damaged result shard would be).
- ``data.json``: the shipped data files this kind of run parsed, as JSON (only those whose parsed
  value JSON represents exactly: mappings with string keys, lists, strings, integers, finite
  floats, booleans and null).

:func:`save` writes them at the end of such a run when it compiled or parsed something they did
not hold (the set of the run: what a later identical run needs), through a temporary file and
``os.replace``, only into an environment folder that exists and is a real folder. Nothing here
changes what a run reports; a run without a cache, over a folder, or with any other option
never reads or writes these files.
"""

from __future__ import annotations

import json
import os
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not imported at run time (start-up cost)
    from typing import Any, Optional

VERSION = 1
#: the largest file read; the most patterns kept
MAX_BYTES = 8 * 1024 * 1024
MAX_PATTERNS = 4096
#: a pattern not in the file makes the run rewrite it when compiling it took this long (seconds)
MIN_SECONDS = 0.0002

#: the shipped data read from ``data.json`` (name -> its value as JSON text), or None
DATA: Optional[dict] = None
#: shipped data parsed from YAML this run that ``data.json`` did not hold (name -> JSON text)
_data_new: dict = {}
_data_used: dict = {}

_state: dict = {}
_patterns: dict = {}  # (pattern, flags) -> entry, as read
_used: dict = {}  # (pattern, flags) -> entry, compiled this run (read or verified)
_missed = [0]


def _interpreter_tag() -> str:
    import hashlib

    _sre = _engine()
    facts = [sys.version, sys.implementation.cache_tag or "", str(getattr(_sre, "MAGIC", "")),
             str(getattr(_sre, "CODESIZE", "")), str(sys.maxunicode)]
    return hashlib.sha256("\0".join(facts).encode("utf-8", "replace")).hexdigest()[:16]


def _read_json(path: str) -> Optional[dict]:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        import stat

        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            value = json.loads(fh.read(MAX_BYTES + 1))
    except (OSError, ValueError, RecursionError):
        return None
    finally:
        os.close(fd)
    return value if isinstance(value, dict) and value.get("v") == VERSION else None


# ---------------------------------------------------------------------------- regular expressions
def _modules():
    try:
        from re import _compiler, _parser  # Python >= 3.11
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_compile as _compiler
        import sre_parse as _parser
    return _compiler, _parser


def _engine():
    """The regular expression engine's C module (``_sre``), as the compiler module holds it."""
    return getattr(_modules()[0], "_sre")


def _program(pattern: str, flags: int) -> Optional[list]:
    """``[final flags, groups, group index, code]`` of ``pattern`` as Python's compiler builds it."""
    compiler, parser = _modules()
    p = parser.parse(pattern, flags)
    code = compiler._code(p, flags)
    return [flags | p.state.flags, p.state.groups - 1, dict(p.state.groupdict), list(code)]


def _rebuild(pattern: str, entry: list):
    _sre = _engine()
    final, groups, groupindex, code = entry
    indexgroup = [None] * (groups + 1)
    for name, i in groupindex.items():
        indexgroup[i] = name
    return _sre.compile(pattern, final, code, groups, groupindex, tuple(indexgroup))


def _valid_entry(entry: Any) -> bool:
    return (isinstance(entry, list) and len(entry) == 4 and type(entry[0]) is int and type(entry[1]) is int
            and 0 <= entry[1] < 100_000 and isinstance(entry[2], dict) and isinstance(entry[3], list)
            and all(isinstance(k, str) and type(v) is int and 0 < v <= entry[1] for k, v in entry[2].items()))


def _hook(original):
    def compile(p, flags=0):  # noqa: A001 - the name re calls
        if type(p) is not str or type(flags) is not int or flags & 128:  # 128: re.DEBUG prints
            return original(p, flags)
        key = (p, flags)
        entry = _patterns.get(key)
        if entry is not None:
            try:
                compiled = _rebuild(p, entry)
            except Exception:  # an invalid program (a damaged file): compile it
                _patterns.pop(key, None)
            else:
                _used[key] = entry
                return compiled
        started = time.perf_counter()
        compiled = original(p, flags)
        slow = time.perf_counter() - started >= MIN_SECONDS
        if len(_used) < MAX_PATTERNS:
            try:
                candidate = _program(p, flags)
                if _rebuild(p, candidate) == compiled:
                    _used[key] = candidate
                    # only a slow pattern is worth rewriting the file for (some quick ones, built
                    # from a set, have another order of the same characters in every process)
                    _missed[0] += slow
            except Exception:
                pass
        return compiled

    setattr(compile, "__wrapped__", original)
    return compile


def _install_regex(folder: str) -> None:
    compiler, _parser = _modules()
    original = compiler.compile
    if getattr(original, "__wrapped__", None) is not None:
        return  # installed already
    tag = _interpreter_tag()
    path = os.path.join(folder, f"regex-{tag}.json")
    got = _read_json(path)
    if got is not None and isinstance(got.get("patterns"), list):
        for item in got["patterns"][:MAX_PATTERNS]:
            if (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) and type(item[1]) is int
                    and _valid_entry(item[2])):
                _patterns[(item[0], item[1])] = item[2]
    _state["regex_path"] = path
    compiler.compile = _hook(original)


def uninstall() -> None:
    """Put Python's own compiler back (tests)."""
    compiler, _parser = _modules()
    original = getattr(compiler.compile, "__wrapped__", None)
    if original is not None:
        compiler.compile = original
    global DATA
    DATA = None
    _state.clear()
    _patterns.clear()
    _used.clear()
    _data_new.clear()
    _data_used.clear()
    _missed[0] = 0


# ---------------------------------------------------------------------------- shipped data
def _exact_json(value: Any, depth: int = 0) -> bool:
    """``value`` comes back from a JSON round trip as it is (types included)."""
    if depth > 100:
        return False
    t = type(value)
    if value is None or t is str or t is bool or t is int:
        return True
    if t is float:
        return value == value and value not in (float("inf"), float("-inf"))
    if t is list:
        return all(_exact_json(v, depth + 1) for v in value)
    if t is dict:
        return all(type(k) is str and _exact_json(v, depth + 1) for k, v in value.items())
    return False


def shipped(name: str) -> tuple[bool, Any]:
    """``(True, value)`` when ``data.json`` holds the shipped file ``name``, else ``(False, None)``."""
    text = DATA.get(name) if DATA is not None else None
    if type(text) is str:
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            return False, None
        _data_used[name] = text
        return True, value
    return False, None


def parsed(name: str, value: Any) -> None:
    """The shipped file ``name`` was parsed from YAML this run (kept for ``data.json``)."""
    if "data_path" in _state and _exact_json(value):
        # as text now: a caller changing the value it was given does not change what is stored
        _data_new[name] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _install_data(folder: str) -> None:
    global DATA
    path = os.path.join(folder, "data.json")
    got = _read_json(path)
    if got is not None and isinstance(got.get("files"), dict):
        DATA = got["files"]
    _state["data_path"] = path


# ---------------------------------------------------------------------------- the run
def install(folder: str) -> None:
    """Use the files of the environment folder ``folder`` for this process (see the module)."""
    try:
        _install_data(folder)
        _install_regex(folder)
    except (OSError, ValueError, AttributeError, ImportError):
        pass


def _write(path: str, value: dict) -> None:
    from digestlint.atomicio import replacing

    # ASCII: patterns may hold lone surrogates ("[\ud800-\udfff]"), which UTF-8 cannot encode
    data = json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    if len(data) > MAX_BYTES:
        return
    try:
        with replacing(path, binary=True, prefix=".startcache.", mode=0o644) as fh:
            fh.write(data)
    except OSError:
        pass


def save(folder: str) -> None:
    """Write what this run compiled or parsed that the files did not hold (``folder``: the run's
    environment folder, checked to be a real folder by the caller)."""
    try:
        if _state.get("data_path") == os.path.join(folder, "data.json") and _data_new:
            files = {**_data_used, **_data_new}
            _write(_state["data_path"], {"v": VERSION, "files": dict(sorted(files.items()))})
            _data_new.clear()
        if _state.get("regex_path", "").startswith(os.path.join(folder, "")) and _missed[0]:
            patterns = [[p, f, entry] for (p, f), entry in _used.items()]
            _write(_state["regex_path"], {"v": VERSION, "patterns": patterns})
            _missed[0] = 0
    except (OSError, ValueError, UnicodeError):
        pass
