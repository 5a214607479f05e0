"""Configuration: discovery, validation (JSON Schema) and per-file settings.

A configuration lives in ``.digestlint.toml`` (keys at the top level) or in the
``[tool.digestlint]`` table of ``pyproject.toml``. For every linted file the nearest one above it
wins; ``--config FILE`` uses one file for every path and ``--isolated`` none. Every file is
validated before anything is linted: an unknown key or a wrong type is a :class:`ConfigError`
(exit status 2) naming the file and the key.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from digestlint import registry
from digestlint.model import SEVERITIES, SEVERITY_RANK

CONFIG_NAMES = (".digestlint.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")
DEFAULT_MAX_FILE_SIZE = 1024 * 1024
#: Which markdown files found in a folder are posts (``include``): Jekyll post names
#: (``YEAR-MONTH-DAY-title.md``) and anything under a ``_posts/`` folder. A README.md or an
#: about page is not a post. Files named on the command line are linted whatever their name.
DEFAULT_INCLUDE = ("[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]-*", "**/_posts/**")


class ConfigError(Exception):
    """A usage or configuration error: exit status 2 with a one-line message."""


def _load_toml(path: Path) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: invalid TOML: not valid UTF-8") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: arrays or tables nest too deeply") from None


def _selector_list(description: str) -> dict:
    return {"type": "array", "items": {"type": "string", "minLength": 1}, "description": description}


@functools.lru_cache(maxsize=None)
def config_schema() -> dict:
    """The JSON Schema of a configuration table; rules contribute their option schemas."""
    rule_props: dict[str, Any] = {}
    for rule in registry.all_rules():
        schema = {"type": "object", "properties": rule.options_schema, "additionalProperties": False}
        rule_props[rule.name] = schema
        rule_props[rule.id] = schema
    severity_keys = {}
    for rule in registry.all_rules():
        severity_keys[rule.id] = {"enum": list(SEVERITIES)}
        severity_keys[rule.name] = {"enum": list(SEVERITIES)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "select": _selector_list("rules to enable (IDs, ID prefixes such as DL4, names, or ALL)"),
            "ignore": _selector_list("rules to disable"),
            "extend-select": _selector_list("rules to enable on top of select"),
            "fail-on": {"enum": list(FAIL_ON)},
            "language": {"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z]{2,4})?$"},
            "include": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "exclude": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "per-file-ignores": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string", "minLength": 1}},
            },
            "severity": {"type": "object", "properties": severity_keys, "additionalProperties": False},
            "max-file-size": {"type": "integer", "minimum": 1},
            "post-roots": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "rule-packs": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "cache": {"type": "boolean"},
            "cache-dir": {"type": "string", "minLength": 1},
            # the paper sources store (a .jsonl file or a folder; analysis/sources.py)
            "sources": {"type": "string", "minLength": 1},
            "rules": {"type": "object", "properties": rule_props, "additionalProperties": False},
            # a preset name or a table: validated against rules/layout.schema.json (layout.py)
            "layout": {"type": ["string", "object"]},
        },
    }


def _error_location(error) -> str:
    parts = [str(p) for p in error.absolute_path]
    return ".".join(parts)


def validate_table(table: Any, source: str) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(config_schema())
    errors = sorted(validator.iter_errors(table), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    if not errors:
        return
    err = errors[0]
    where = _error_location(err)
    if err.validator == "additionalProperties":
        allowed = err.schema.get("properties", {})
        unknown = sorted(k for k in err.instance if k not in allowed)
        key = (where + "." if where else "") + (unknown[0] if unknown else "?")
        if where == "rules" or where == "severity":
            raise ConfigError(f"{source}: unknown rule {unknown[0]!r} in '{where}'{registry.suggest_selector(unknown[0]) if unknown else ''}")
        hint = registry.did_you_mean(unknown[0], allowed) if unknown else ""
        if not where and "tool" in unknown and not source.endswith("[tool.digestlint]"):
            hint = " (a [tool.digestlint] table belongs in pyproject.toml; in .digestlint.toml the keys go at the top level of the file)"
        raise ConfigError(f"{source}: unknown key '{key}'{hint}")
    if where == "language" and err.validator == "pattern" and isinstance(err.instance, str):
        check_language(err.instance, f"{source}: key 'language'")  # "Korean": unknown, did you mean 'ko'
    if err.validator == "enum":
        raise ConfigError(
            f"{source}: key '{where}': {err.instance!r} is not one of {', '.join(map(str, err.validator_value))}"
        )
    if err.validator == "type":
        expected = err.validator_value
        raise ConfigError(f"{source}: key '{where}': expected {expected}, got {type(err.instance).__name__}")
    raise ConfigError(f"{source}: key '{where}': {err.message[:200]}")


@functools.lru_cache(maxsize=None)
def known_languages() -> dict[str, dict]:
    """The target languages of ``rules/languages.yaml`` (code -> name, native name, script)."""
    from digestlint import data

    return dict((data.load("languages.yaml") or {}).get("languages") or {})


def check_language(code: str, where: str) -> None:
    """ConfigError (exit 2) for a language digestlint has no data for."""
    known = known_languages()
    if code.lower() not in known:
        raise ConfigError(f"{where}: unknown language {code!r}{suggest_language(code)} (known: {', '.join(known)}; see --list-languages)")


def suggest_language(code: str) -> str:
    """`` (did you mean 'ko'?)`` for an unknown language: a known alias (``kr``, ``jp``: country
    codes, ISO 639-2), an English or native name (``Korean``), or a near miss of a code."""
    word = str(code).strip().lower()
    for lang, info in known_languages().items():
        names = [str(a).lower() for a in info.get("aliases") or ()]
        names += [str(info.get("name", "")).lower(), str(info.get("native", "")).lower()]
        if word in names:
            return f" (did you mean {lang!r}?)"
    return registry.did_you_mean(word, list(known_languages()))


def glob_to_regex(pattern: str) -> Any:
    """Translate a glob (``*``, ``**``, ``?``, ``[...]``) to a regex over ``/``-separated paths,
    compiled for RE2 (linear time: ``**/`` eight times took 52 s on a deep tree with a
    backtracking engine). Raises ValueError for an invalid glob.

    A pattern without ``/`` matches a file or folder name anywhere (like ``.gitignore``).
    """
    if not pattern or "\x00" in pattern:
        raise ValueError("empty pattern")
    anchored = "/" in pattern.rstrip("/")
    pat = pattern.strip("/") if anchored else pattern.rstrip("/")
    i, n = 0, len(pat)
    out = []
    while i < n:
        c = pat[i]
        if c == "*":
            if i + 1 < n and pat[i + 1] == "*":
                i += 2
                if i < n and pat[i] == "/":
                    i += 1
                    out.append("(?:.*/)?")
                else:
                    out.append(".*")
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pat.find("]", i + 2 if i + 1 < n and pat[i + 1] in "!^" else i + 1)
            if j == -1:
                raise ValueError(f"unclosed '[' in glob {pattern!r}")
            body = pat[i + 1 : j]
            if body.startswith(("!", "^")):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = j
        else:
            out.append(re.escape(c))
        i += 1
    body = "".join(out)
    regex = ("^" if anchored else "(?:^|/)") + body + "(?:/.*)?$"
    import re2

    options = re2.Options()
    options.log_errors = False
    options.dot_nl = True  # a file name may hold a newline
    from digestlint.userregex import Regex

    try:
        return Regex(re2.compile(regex, options), regex)
    except re2.error as exc:
        msg = exc.args[0] if exc.args else b""
        raise ValueError(msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg)) from None


@functools.lru_cache(maxsize=64)
def _globs(patterns: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(glob_to_regex(p) for p in patterns)


@dataclass(frozen=True)
class PostSelection:
    """Which markdown files are posts under one configuration: ``include`` and ``exclude`` (globs
    relative to ``root``, the configuration's folder). Plain strings, so it pickles to a worker
    with the settings; the globs are compiled once per process."""

    root: str
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()

    def _paths(self, fs_path: Any) -> tuple[Optional[str], str]:
        """``(path relative to the root or None, absolute path)``, ``/``-separated."""
        full = os.path.abspath(fs_path)
        if os.sep == "/":  # the walker's paths: a string prefix, not pathlib (a stored index lists thousands)
            prefix = self.root if self.root.endswith("/") else self.root + "/"
            return (full[len(prefix):] if full.startswith(prefix) else None), full
        try:
            rel: Optional[str] = Path(full).relative_to(self.root).as_posix()
        except ValueError:
            rel = None
        return rel, Path(full).as_posix()

    def relative(self, fs_path: Any) -> Optional[str]:
        return self._paths(fs_path)[0]

    def excludes(self, fs_path: Any) -> bool:
        """True when an ``exclude`` glob matches ``fs_path`` (a file or a folder) relative to the root."""
        if not self.exclude:
            return False
        rel = self.relative(fs_path)
        if rel is None:
            return False
        return any(p.search(rel) for p in _globs(self.exclude))

    def includes(self, fs_path: Any) -> bool:
        """True when ``fs_path`` (a markdown file) is a post by ``include``: a glob matches its path
        relative to the root, or its absolute path (so ``**/_posts/**`` also matches in a run
        started inside ``_posts/``, or on a folder outside the configuration's)."""
        rel, full = self._paths(fs_path)
        return any((rel is not None and p.search(rel)) or p.search(full) for p in _globs(self.include))

    def selects(self, fs_path: Any) -> bool:
        """A post: included and not excluded."""
        return not self.excludes(fs_path) and self.includes(fs_path)

    @property
    def key(self) -> str:
        """The selection as text (a cache key part)."""
        return "\0".join((self.root, *self.include, "", *self.exclude))


@dataclass
class Config:
    """One configuration file (or the defaults), validated."""

    source: Optional[str]  # the file it was read from (None: defaults)
    root: Path  # folder that relative globs and paths are resolved against
    table: dict[str, Any] = field(default_factory=dict)
    #: where the "valid" marker of this table belongs when it was validated on loading (None:
    #: validation was skipped, or no marker can be kept); a lint run using the cache writes it
    valid_marker: Optional[Path] = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        #: the :class:`FileSettings` computed under this configuration (:func:`settings_for`)
        self.settings_memo: dict[tuple, FileSettings] = {}
        self.exclude = [self._glob(p, "exclude") for p in self.table.get("exclude", [])]
        self.include = [self._glob(p, "include") for p in self.table.get("include", DEFAULT_INCLUDE)]
        #: which markdown files are posts here (what discovery and DL306's index select)
        self.posts = PostSelection(str(self.root), tuple(self.table.get("include", DEFAULT_INCLUDE)),
                                   tuple(self.table.get("exclude", [])))
        self.per_file_ignores = [
            (self._glob(p, "per-file-ignores"), self._selectors(rules, f"per-file-ignores.{p}"))
            for p, rules in self.table.get("per-file-ignores", {}).items()
        ]
        self._check_option_globs()
        for key in ("select", "ignore", "extend-select"):
            if key in self.table:
                self._selectors(self.table[key], key)
        if "language" in self.table:
            check_language(self.table["language"], f"{self.source or 'configuration'}: key 'language'")
        from digestlint import layout as layout_mod

        try:
            self.layout = layout_mod.resolve(self.table.get("layout"), self.source or "configuration")
        except layout_mod.LayoutError as exc:
            raise ConfigError(str(exc)) from None

    def _glob(self, pattern: str, key: str) -> Any:
        try:
            return glob_to_regex(pattern)
        except (ValueError, re.error) as exc:
            raise ConfigError(f"{self.source or 'configuration'}: key '{key}': invalid glob {pattern!r}: {exc}") from None

    def _check_option_globs(self) -> None:
        """Rule options whose items are globs (``"format": "glob"`` in the option's schema, as
        DL302's ``paths``) are compiled here: an invalid one (``[z-a]``) is a ConfigError
        naming the key, not an internal error per file."""
        for rule_key, opts in (self.table.get("rules") or {}).items():
            rule = registry.lookup(rule_key)
            if rule is None or not isinstance(opts, dict):
                continue
            for opt, value in opts.items():
                spec = rule.options_schema.get(opt) or {}
                if (spec.get("items") or {}).get("format") == "glob" and isinstance(value, list):
                    for g in value:
                        if isinstance(g, str):
                            self._glob(g, f"rules.{rule_key}.{opt}")

    def _selectors(self, tokens: list[str], key: str) -> list[str]:
        for token in tokens:
            if not registry.resolve_selector(token):
                raise ConfigError(f"{self.source or 'configuration'}: key '{key}': unknown rule selector {token!r}"
                                  f"{registry.suggest_selector(token)}")
        return tokens

    def relative(self, fs_path: Path) -> Optional[str]:
        try:
            return Path(os.path.abspath(fs_path)).relative_to(self.root).as_posix()
        except ValueError:
            return None

    def is_excluded(self, fs_path: Path) -> bool:
        return self.posts.excludes(fs_path)

    def is_included(self, fs_path: Path) -> bool:
        """True when ``fs_path`` (a markdown file) is a post by ``include`` (:class:`PostSelection`)."""
        return self.posts.includes(fs_path)

    def get(self, key: str, default: Any = None) -> Any:
        return self.table.get(key, default)


def load_config_file(path: Path) -> Config:
    path = Path(os.path.abspath(path))
    raw = _load_toml(path)
    if path.name == "pyproject.toml":
        table = raw.get("tool", {}).get("digestlint", {})
        source = f"{path} [tool.digestlint]"
    else:
        table = raw
        source = str(path)
    from digestlint import cache

    marker = cache.validate_table_cached(table, source, path.parent, validate_table)
    return Config(source=source, root=path.parent, table=table, valid_marker=marker)


class ConfigResolver:
    """Finds (and caches) the configuration that applies to each path."""

    def __init__(self, config_file: Optional[str] = None, isolated: bool = False):
        self._fixed: Optional[Config] = None
        if config_file is not None:
            p = Path(config_file)
            if not p.is_file():
                raise ConfigError(f"--config {config_file}: no such file")
            self._fixed = load_config_file(p)
        elif isolated:
            self._fixed = Config(source=None, root=Path(os.getcwd()))
        self._by_dir: dict[str, Config] = {}

    def for_path(self, fs_path: Path) -> Config:
        if self._fixed is not None:
            return self._fixed
        start = Path(os.path.abspath(fs_path))
        directory = start if start.is_dir() else start.parent
        return self._for_dir(directory)

    def _for_dir(self, directory: Path) -> Config:
        key = str(directory)
        cached = self._by_dir.get(key)
        if cached is not None:
            return cached
        found = None
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_digestlint_table(candidate):
                    continue
                found = load_config_file(candidate)
                break
        if found is None:
            parent = directory.parent
            found = self._for_dir(parent) if parent != directory else Config(source=None, root=Path(os.getcwd()))
        self._by_dir[key] = found
        return found

    def configs(self) -> list[Config]:
        """The configurations loaded so far (each once, in loading order)."""
        out: list[Config] = [self._fixed] if self._fixed is not None else []
        for c in self._by_dir.values():
            if all(c is not o for o in out):
                out.append(c)
        return out


def _has_digestlint_table(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read()
    except OSError:
        return False
    if b"digestlint" not in head:
        return False
    return "digestlint" in _load_toml(path).get("tool", {})


@dataclass(frozen=True)
class Overrides:
    """Command-line options that override every configuration."""

    select: Optional[tuple[str, ...]] = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    fail_on: Optional[str] = None


@dataclass
class FileSettings:
    """What applies to one file: the enabled rules, their severities and options."""

    rules: tuple[str, ...]  # enabled rule IDs
    severities: dict[str, str]
    options: dict[str, dict[str, Any]]
    language: str
    max_file_size: int
    config_source: Optional[str]
    config_root: str
    post_roots: tuple[str, ...] = ()
    rule_packs: tuple[str, ...] = ()
    layout: Any = None  # digestlint.layout.Layout (None: the default preset)
    sources: Optional[str] = None  # the paper sources store (absolute path; None: no sources)
    #: which files of a folder are posts (``include``/``exclude`` of the file's configuration):
    #: what DL306 indexes; not part of :meth:`fingerprint` (a file's own findings do not depend on it)
    posts: Optional[PostSelection] = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.layout is None:
            from digestlint.layout import default_layout

            self.layout = default_layout()

    def fingerprint(self) -> str:
        import hashlib
        import json

        payload = json.dumps(
            [self.rules, self.severities, self.options, self.language, self.max_file_size, self.post_roots, self.rule_packs,
             self.layout.key, self.sources],
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _resolve(tokens, where: str) -> set[str]:
    out: set[str] = set()
    for token in tokens:
        rules = registry.resolve_selector(token)
        if not rules:
            raise ConfigError(f"{where}: unknown rule selector {token!r}{registry.suggest_selector(token)}")
        out.update(r.id for r in rules)
    return out


def settings_for(config: Config, overrides: Overrides, fs_path: Optional[Path]) -> FileSettings:
    """Compute (and memoise) the :class:`FileSettings` of a file under ``config``."""
    pfi_hits: tuple[int, ...] = ()
    if fs_path is not None and config.per_file_ignores:
        rel = config.relative(fs_path)
        if rel is not None:
            pfi_hits = tuple(i for i, (pat, _) in enumerate(config.per_file_ignores) if pat.search(rel))
    key = (overrides, pfi_hits)
    cached = config.settings_memo.get(key)
    if cached is not None:
        return cached
    where = config.source or "configuration"
    select = overrides.select if overrides.select is not None else config.get("select")
    if select is None:  # the default selection: every rule that is not opt-in
        enabled = {r.id for r in registry.all_rules() if r.default_enabled}
    else:
        enabled = _resolve(select, "--select" if overrides.select is not None else where)
    enabled |= _resolve(config.get("extend-select", []), where)
    enabled |= _resolve(overrides.extend_select, "--extend-select")
    enabled -= _resolve(config.get("ignore", []), where)
    enabled -= _resolve(overrides.ignore, "--ignore")
    if not enabled:
        # a run that checks nothing and passes is a silent CI hole: a usage error (exit 2);
        # per-file-ignores may still empty the set for some files (that is deliberate)
        raise ConfigError(
            f"{where}: the rule selection is empty (select/ignore leave no rule to check); "
            "use 'exclude' to skip files"
        )
    for i in pfi_hits:
        enabled -= _resolve(config.per_file_ignores[i][1], where)
    severities = {}
    options = {}
    rule_tables = config.get("rules", {})
    sev_table = config.get("severity", {})
    for rule in registry.all_rules():
        severities[rule.id] = sev_table.get(rule.id, sev_table.get(rule.name, rule.severity))
        opts = dict(rule.defaults())
        opts.update(rule_tables.get(rule.name, {}))
        opts.update(rule_tables.get(rule.id, {}))
        options[rule.id] = opts
    root = str(config.root)
    settings = FileSettings(
        rules=tuple(sorted(enabled)),
        severities=severities,
        options=options,
        language=config.get("language", "ko"),
        max_file_size=config.get("max-file-size", DEFAULT_MAX_FILE_SIZE),
        config_source=config.source,
        config_root=root,
        post_roots=tuple(os.path.normpath(os.path.join(root, p)) for p in config.get("post-roots", [])),
        rule_packs=tuple(os.path.normpath(os.path.join(root, p)) for p in config.get("rule-packs", [])),
        layout=config.layout,
        sources=os.path.normpath(os.path.join(root, config.get("sources"))) if config.get("sources") else None,
        posts=config.posts,
    )
    for given, post_root in zip(config.get("post-roots", []), settings.post_roots):
        if os.path.dirname(os.path.realpath(post_root)) == os.path.realpath(post_root):
            raise ConfigError(f"{config.source}: key 'post-roots': {given!r} is the root of the file system; name the folder of the blog's posts")
    if settings.rule_packs:
        from digestlint import rulepacks

        rulepacks.validate(settings.rule_packs)  # ConfigError (exit 2) for a bad pack, before linting
    if settings.sources:
        from digestlint.analysis import sources as sources_lib

        sources_lib.validate(settings.sources, where)  # ConfigError (exit 2) for a bad store, before linting
    config.settings_memo[key] = settings
    return settings


def fail_threshold(fail_on: str) -> Optional[int]:
    return None if fail_on == "never" else SEVERITY_RANK[fail_on]
