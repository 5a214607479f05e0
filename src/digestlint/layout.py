"""Layouts: the shape of a blog's posts, as data.

A layout says how a post is written: front matter (required, optional or absent; YAML, TOML or
JSON), where its date comes from, how a paper starts (a heading, or the file itself) and where its
number, title, identifier and links are, how sections are marked and named, which link kinds a
paper must carry and which labelled fields are in another language on purpose.

Presets are YAML files in ``rules/layouts/`` (``default.yaml`` is the home blog's shape); every
preset is the default preset with its own keys on top, and a configuration's ``layout`` is a
preset name or a table (``preset = "NAME"`` plus the keys it overrides). Tables merge key by key;
lists and scalars replace. The JSON Schema is ``rules/layout.schema.json`` (docs/layout.md is
generated from it).

:class:`Layout` is immutable and hashable (documents, rule memos and the settings fingerprint
use it); :func:`resolve` validates and compiles one, raising :class:`LayoutError` (exit status 2)
naming the offending key.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from digestlint import data
from digestlint.userregex import Regex, RegexError, compile_regex

SCHEMA_FILE = "layout.schema.json"
PRESET_DIR = "layouts"
DEFAULT = "default"


class LayoutError(Exception):
    """A layout that cannot be used (unknown preset, invalid key, bad regex): exit status 2."""


@functools.lru_cache(maxsize=None)
def schema() -> dict:
    return data.load(SCHEMA_FILE)


@functools.lru_cache(maxsize=None)
def preset_names() -> tuple[str, ...]:
    folder = data.data_dir() / PRESET_DIR
    return tuple(sorted(p.stem for p in folder.glob("*.yaml")))


@functools.lru_cache(maxsize=None)
def _preset_table(name: str) -> dict:
    if name not in preset_names():
        raise LayoutError(f"unknown layout preset {name!r} (known: {', '.join(preset_names())})")
    raw = data.load(f"{PRESET_DIR}/{name}.yaml") or {}
    if not isinstance(raw, dict):
        raise LayoutError(f"rules/{PRESET_DIR}/{name}.yaml: a layout preset is a mapping")
    # shipped presets are trusted data, validated by the test suite (importing jsonschema costs
    # start-up time); a configuration's own table is validated (resolve)
    return raw


def validation_errors(table: Any, prefix: str = "") -> list[str]:
    """Messages for what is wrong with a layout table (the first names the key)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    out = []
    for err in sorted(validator.iter_errors(table), key=lambda e: (list(map(str, e.absolute_path)), e.validator)):
        where = ".".join(str(p) for p in err.absolute_path)
        full = prefix + ("." + where if where else "") if prefix else where
        if err.validator == "additionalProperties":
            allowed = err.schema.get("properties", {})
            unknown = sorted(k for k in err.instance if k not in allowed) or ["?"]
            out.append(f"unknown key '{(full + '.' if full else '')}{unknown[0]}'")
        elif err.validator == "enum":
            out.append(f"key '{full}': {err.instance!r} is not one of {', '.join(map(str, err.validator_value))}")
        elif err.validator == "type":
            expected = err.validator_value
            expected = " or ".join(expected) if isinstance(expected, list) else expected
            out.append(f"key '{full}': expected {expected}, got {type(err.instance).__name__}")
        else:
            out.append(f"key '{full}': {err.message[:200]}")
    return out


def _merge(base: dict, top: dict) -> dict:
    out = dict(base)
    for k, v in top.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict) and k not in ("aliases",):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


@dataclass(frozen=True, eq=False)
class Layout:
    """A resolved layout (see the module documentation). Compare with ``key``."""

    name: str  # the preset it starts from
    table: dict  # the merged table (every key present)
    key: str = field(default="", repr=False)  # canonical JSON of ``table``: identity and fingerprint

    def __eq__(self, other):
        return isinstance(other, Layout) and other.key == self.key

    def __hash__(self):
        return hash(self.key)

    # ------------------------------------------------------------------ plain keys
    def get(self, *path: str, default: Any = None) -> Any:
        node: Any = self.table
        for p in path:
            if not isinstance(node, dict) or p not in node:
                return default
            node = node[p]
        return node

    @functools.cached_property
    def classic(self) -> bool:
        """Papers, sections and fences as in the default preset: the document model's fast path."""
        d = default_layout()
        if self is d:
            return True
        if self.table.get("papers") != d.table.get("papers") or self.unwrap_fences != d.unwrap_fences:
            return False
        if self.bare_urls != d.bare_urls:
            return False
        for k in ("styles", "levels", "not-sections"):
            if self.get("sections", k) != d.get("sections", k):
                return False
        return True

    @property
    def front_matter(self) -> str:
        return self.table.get("front-matter", "required")

    @property
    def front_matter_formats(self) -> tuple[str, ...]:
        return tuple(self.table.get("front-matter-formats") or ("yaml",))

    @property
    def unwrap_fences(self) -> bool:
        return self.table.get("fenced-answers") == "unwrap"

    @property
    def paper_kind(self) -> str:
        return self.get("papers", "kind", default="heading")

    @property
    def numbered(self) -> bool:
        return bool(self.get("papers", "numbered", default=True))

    @property
    def paper_levels(self) -> frozenset:
        return frozenset(self.get("papers", "levels", default=[1]))

    @property
    def section_levels(self) -> frozenset:
        return frozenset(self.get("sections", "levels", default=[2]))

    @property
    def section_styles(self) -> frozenset:
        return frozenset(self.get("sections", "styles", default=["heading"]))

    @property
    def paper_heading_format(self) -> str:
        return self.get("papers", "heading-format", default="# N. [title](url)")

    def section_label(self, name: str) -> str:
        """How section ``name`` is written, for messages (``'## Method'``)."""
        fmt = self.get("sections", "heading-format", default="## {name}")
        return fmt.replace("{name}", name)

    @property
    def accept_variants(self) -> bool:
        return bool(self.get("sections", "accept-variants", default=False))

    @staticmethod
    def paper_label(paper) -> str:
        """How messages name a paper: ``paper 3``, ``paper 2505.04588``, ``this paper``."""
        if paper.number is not None:
            return f"paper {paper.number}"
        if paper.id:
            return f"paper {paper.id}"
        return "this paper"

    @property
    def section_names(self) -> tuple[str, ...]:
        return tuple(self.get("sections", "names") or ())

    @property
    def section_aliases(self) -> dict:
        return dict(self.get("sections", "aliases") or {})

    @property
    def required_sections(self) -> Optional[tuple[str, ...]]:
        req = self.get("sections", "required")
        return None if req is None else tuple(req)

    @property
    def sections_ordered(self) -> bool:
        return bool(self.get("sections", "ordered", default=True))

    @property
    def required_link_kinds(self) -> Optional[tuple[str, ...]]:
        req = self.get("links", "required")
        return None if req is None else tuple(req)

    @property
    def paper_link_kinds(self) -> tuple[str, ...]:
        return tuple(self.get("links", "paper-kinds") or ("arxiv",))

    @property
    def bare_urls(self) -> bool:
        return bool(self.get("links", "bare-urls", default=False))

    @property
    def id_from(self) -> tuple[str, ...]:
        return tuple(self.get("papers", "id-from") or ("heading",))

    @property
    def language_exempt(self) -> tuple[str, ...]:
        return tuple(self.get("language-exempt") or ())

    @property
    def term_lists(self) -> tuple[str, ...]:
        return tuple(self.get("sections", "term-lists") or ())

    @functools.cached_property
    def _exempt_label_re(self) -> Optional[re.Pattern]:
        labels = self.language_exempt
        if not labels:
            return None
        alt = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
        return re.compile(rf"\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)\s*(?:{alt})\s*(?:[:：]\s*(?:\*\*|__)|(?:\*\*|__)\s*[:：])")

    def is_term_list(self, section) -> bool:
        """Is ``section`` one of ``sections.term-lists`` (by its canonical name)?"""
        if section is None or not self.term_lists:
            return False
        from digestlint.analysis import sections as section_model

        m = section_model.spec_for_layout(self).classify(section.name)
        return m is not None and m.canonical in self.term_lists

    def exempt_from_language(self, section, block) -> bool:
        """Is the block's text in another language on purpose (``language-exempt`` labels,
        ``sections.term-lists``)? The language rules skip such blocks."""
        rx = self._exempt_label_re
        if rx is not None and block.kind == "paragraph" and rx.match(block.content):
            return True
        return self.is_term_list(section)

    # ------------------------------------------------------------------ compiled patterns
    @functools.cached_property
    def paper_pattern(self) -> Optional[Regex]:
        p = self.get("papers", "pattern")
        return _user_regex(p) if p else None

    @functools.cached_property
    def other_levels_pattern(self) -> Optional[Regex]:
        p = self.get("papers", "other-levels-pattern")
        return _user_regex(p) if p else None

    @functools.cached_property
    def not_papers(self) -> tuple[Regex, ...]:
        return tuple(_user_regex(p) for p in self.get("papers", "not-papers") or ())

    @functools.cached_property
    def not_sections(self) -> tuple[Regex, ...]:
        return tuple(_user_regex(p) for p in self.get("sections", "not-sections") or ())

    @functools.cached_property
    def title_line(self) -> Optional[Regex]:
        p = self.get("papers", "title-line")
        return _user_regex(p) if p else None

    @functools.cached_property
    def id_file_name(self) -> Optional[Regex]:
        p = self.get("papers", "id-file-name")
        return _user_regex(p) if p else None

    @functools.cached_property
    def date_file_name(self) -> Optional[Regex]:
        p = self.get("date", "file-name")
        return _user_regex(p) if p else None

    @property
    def date_key(self) -> Optional[str]:
        return self.get("date", "front-matter-key")

    @functools.cached_property
    def link_kinds(self) -> dict:
        """Every link kind: rules/links.yaml's, then the layout's own (``links.kinds``, which
        replace a shipped kind of the same name), by name."""
        from digestlint.analysis.links import LinkKind, link_kinds

        out = dict(link_kinds())
        for name, spec in (self.get("links", "kinds") or {}).items():
            out[name] = LinkKind(
                name=name, label=str(spec.get("label", name)), url=spec.get("url"), pattern=_user_regex(spec["pattern"]),
                required=False, since=None, paths=(),
            )
        return out

    def match_link(self, url: str):
        """``(LinkKind, match)`` of the first kind whose pattern matches ``url``, or None."""
        for kind in self.link_kinds.values():
            m = kind.pattern.match(url)
            if m:
                return kind, m
        return None

    def describe(self) -> dict:
        return {"preset": self.name, **self.table}


@functools.lru_cache(maxsize=256)
def _user_regex(pattern: str):
    """A layout's regular expression, on RE2 (linear time: layouts are user configuration;
    :mod:`digestlint.userregex`)."""
    return compile_regex(pattern)


def _regex_problem(exc: RegexError) -> str:
    return str(exc) if exc.unsupported else f"invalid regular expression: {exc}"


def _compile_check(layout: Layout, source: str) -> None:
    """Every regular expression compiles and has the groups it needs (LayoutError otherwise)."""
    checks = [
        (("papers", "pattern"), ()),
        (("papers", "other-levels-pattern"), ()),
        (("papers", "title-line"), ("title",)),
        (("papers", "id-file-name"), ("id",)),
        (("date", "file-name"), ("year", "month", "day")),
    ]
    for path, groups in checks:
        value = layout.get(*path)
        if not value:
            continue
        try:
            rx = _user_regex(value)
        except RegexError as exc:
            raise LayoutError(f"{source}: key 'layout.{'.'.join(path)}': {_regex_problem(exc)}") from None
        missing = [g for g in groups if g not in rx.groupindex]
        if missing:
            raise LayoutError(f"{source}: key 'layout.{'.'.join(path)}': the regular expression needs a named group '{missing[0]}'")
        if path == ("papers", "pattern"):
            unknown = sorted(set(rx.groupindex) - {"number", "title", "url", "id"})
            if unknown:
                raise LayoutError(
                    f"{source}: key 'layout.papers.pattern': unknown named group {unknown[0]!r} (use number, title, url, id)"
                )
    for path in (("papers", "not-papers"), ("sections", "not-sections")):
        for value in layout.get(*path) or ():
            try:
                _user_regex(value)
            except RegexError as exc:
                raise LayoutError(f"{source}: key 'layout.{'.'.join(path)}': {_regex_problem(exc)} ({value!r})") from None
    for name, spec in (layout.get("links", "kinds") or {}).items():
        try:
            _user_regex(spec["pattern"])
        except RegexError as exc:
            raise LayoutError(f"{source}: key 'layout.links.kinds.{name}.pattern': {_regex_problem(exc)}") from None
    from digestlint.analysis.links import link_kinds

    known = set(link_kinds()) | set(layout.get("links", "kinds") or {})
    for path in (("links", "required"), ("links", "paper-kinds")):
        for kind in layout.get(*path) or ():
            if kind not in known:
                raise LayoutError(
                    f"{source}: key 'layout.{'.'.join(path)}': unknown link kind {kind!r} (known: {', '.join(sorted(known))})"
                )
    names = set(layout.section_names)
    for req in layout.required_sections or ():
        if req not in names:
            raise LayoutError(f"{source}: key 'layout.sections.required': {req!r} is not one of 'layout.sections.names'")


@functools.lru_cache(maxsize=64)
def _resolve_key(value_json: str, source: str) -> Layout:
    value = json.loads(value_json)
    overrides: dict[str, Any]
    if value is None:
        name, overrides = DEFAULT, {}
    elif isinstance(value, str):
        name, overrides = value, {}
    else:
        overrides = dict(value)
        name = overrides.pop("preset", DEFAULT)
    try:
        base = _preset_table(DEFAULT)
        table = base if name == DEFAULT else _merge(base, _preset_table(name))
    except LayoutError as exc:
        raise LayoutError(f"{source}: key 'layout': {exc}") from None
    table = _merge(table, overrides)
    sections = dict(table.get("sections") or {})
    if "names" not in sections or "aliases" not in sections:
        from digestlint.analysis import sections as section_model

        defaults = section_model.default_options()
        sections.setdefault("names", defaults["sections"])
        sections.setdefault("aliases", defaults["aliases"])
        table["sections"] = sections
    key = json.dumps([name, table], sort_keys=True, ensure_ascii=False)
    layout = Layout(name=name, table=table, key=key)
    _compile_check(layout, source)
    return layout


def resolve(value: Any, source: str = "configuration") -> Layout:
    """The layout of a configuration's ``layout`` value (None: the default preset)."""
    if isinstance(value, dict):
        errors = validation_errors(value, "layout")
        if errors:
            raise LayoutError(f"{source}: {errors[0]}")
    elif value is not None and not isinstance(value, str):
        raise LayoutError(f"{source}: key 'layout': expected a preset name or a table, got {type(value).__name__}")
    return _resolve_key(json.dumps(value, sort_keys=True, ensure_ascii=False), source)


@functools.lru_cache(maxsize=None)
def default_layout() -> Layout:
    return _resolve_key("null", "rules/layouts/default.yaml")
