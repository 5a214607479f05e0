from __future__ import annotations

import datetime as _dt
import functools
import json
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional, Sequence

from digestlint import data
from digestlint.model import Violation
from digestlint.registry import Rule

if TYPE_CHECKING:
    import re

    from digestlint.document import Document, FrontMatterBlock
    from digestlint.registry import RuleContext

#: a predicate over a JSON instance (True: the schema accepts it)
Check = Callable[[Any], bool]

_TYPE_WORDS = {
    "string": "a string",
    "array": "a list (e.g. [a, b])",
    "object": "a mapping of keys to values",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}

# the order in which several errors at one key are considered (the first one is reported)
_PRIORITY = {"type": 0, "required": 1, "additionalProperties": 2, "enum": 3, "const": 3}


def _describe(value: Any) -> str:
    """What kind of YAML value ``value`` is (never the value itself: it may be huge)."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a " + type(value).__name__


def jsonable(value: Any) -> Any:
    """The front matter as JSON Schema sees it: dates as ISO strings, keys as strings."""
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((jsonable(v) for v in value), key=repr)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


class _Compiled:
    """A schema ready for use: its fast check (or None) and, built on first need, its
    jsonschema validator (or a one-line problem)."""

    __slots__ = ("schema_json", "fast", "shipped")

    def __init__(self, schema_json: str, fast: Optional[Check], shipped: bool) -> None:
        self.schema_json = schema_json
        self.fast = fast
        self.shipped = shipped  # the shipped schema: valid (tests/test_fast_paths.py checks it)

    def validator(self) -> tuple[Any, Optional[str]]:
        return _validator(self.schema_json)


@functools.lru_cache(maxsize=1)
def _shipped_json() -> str:
    return json.dumps(data.load("frontmatter.schema.json"), sort_keys=True, default=str)


def _compiled(schema: Any) -> _Compiled:
    """The :class:`_Compiled` of a schema object. The shipped schema (the usual case, also when
    a worker process received a copy of it) is compiled once without serialising it per post;
    another schema is serialised and looked up in a small cache of compiled schemas."""
    shipped = data.load("frontmatter.schema.json")
    if schema is shipped or schema == shipped:
        return _compile(_shipped_json())
    return _compile(json.dumps(schema, sort_keys=True, default=str))


@functools.lru_cache(maxsize=8)
def _compile(schema_json: str) -> _Compiled:
    return _Compiled(schema_json, fast_check(json.loads(schema_json)), schema_json == _shipped_json())


# keywords that only annotate (no effect on validity)
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "examples", "default"})
_TYPES = {"string": str, "array": list, "object": dict}
_DRAFT_2020_12 = ("https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2020-12/schema#")


def fast_check(schema: Any) -> Optional[Check]:
    """A predicate that is True only for instances the schema accepts, built when the schema
    uses nothing but ``type`` (string, array, object), ``minLength``, ``pattern``,
    ``required``, ``properties``, ``items`` (one schema) and ``uniqueItems`` with the
    semantics of jsonschema's Draft 2020-12 keywords (``pattern`` is ``re.search``); None for
    any other schema. When it says False, jsonschema runs and words the errors. The default
    schema is of this kind: a well-formed post is checked without jsonschema."""
    import re

    if isinstance(schema, dict) and schema.get("$schema", _DRAFT_2020_12[0]) not in _DRAFT_2020_12:
        return None

    def build(node: Any) -> Optional[Check]:
        if not isinstance(node, dict):
            return None
        checks: list[Check] = []
        for key, value in node.items():
            if key in _ANNOTATIONS:
                continue
            if key == "type":
                if not isinstance(value, str) or value not in _TYPES:
                    return None
                checks.append(_is_a(_TYPES[value]))
            elif key == "minLength":
                if type(value) is not int:
                    return None
                checks.append(_min_length(value))
            elif key == "pattern":
                if not isinstance(value, str):
                    return None
                try:
                    regex = re.compile(value)
                except re.error:
                    return None
                checks.append(_pattern(regex))
            elif key == "required":
                if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
                    return None
                checks.append(_required(tuple(value)))
            elif key == "properties":
                if not isinstance(value, dict):
                    return None
                subs: dict[str, Check] = {}
                for name, sub in value.items():
                    f = build(sub)
                    if f is None:
                        return None
                    subs[name] = f
                checks.append(_properties(subs))
            elif key == "items":
                f = build(value)
                if f is None:
                    return None
                checks.append(_items(f))
            elif key == "uniqueItems":
                if type(value) is not bool:
                    return None
                if value:
                    # decided here only for lists of strings (equality is plain string equality)
                    checks.append(_unique_strings)
            else:
                return None
        return _all_of(checks)

    return build(schema)


# the checks fast_check combines (each True when the keyword accepts the instance)
def _is_a(t: type) -> Check:
    return lambda x: isinstance(x, t)


def _min_length(n: int) -> Check:
    return lambda x: not isinstance(x, str) or len(x) >= n


def _pattern(r: re.Pattern[str]) -> Check:
    return lambda x: not isinstance(x, str) or r.search(x) is not None


def _required(names: tuple[str, ...]) -> Check:
    return lambda x: not isinstance(x, dict) or all(n in x for n in names)


def _properties(subs: dict[str, Check]) -> Check:
    return lambda x: not isinstance(x, dict) or all(f(x[n]) for n, f in subs.items() if n in x)


def _items(f: Check) -> Check:
    return lambda x: not isinstance(x, list) or all(f(i) for i in x)


def _unique_strings(x: Any) -> bool:
    return not isinstance(x, list) or (all(type(i) is str for i in x) and len(set(x)) == len(x))


def _all_of(checks: list[Check]) -> Check:
    return lambda x: all(c(x) for c in checks)


def reference_accepts(schema: Any, instance: Any) -> bool:
    """The plain check :func:`fast_check` stands in for: whether jsonschema itself (the
    schema's draft, Draft 2020-12 by default) reports no error. Used by tests only."""
    import jsonschema

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return not any(True for _ in cls(schema).iter_errors(instance))


@functools.lru_cache(maxsize=8)
def _validator(schema_json: str) -> tuple[Any, Optional[str]]:
    """A compiled validator for a schema (given as canonical JSON), or a one-line problem."""
    import jsonschema

    schema = json.loads(schema_json)
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top)"
        return None, f"the configured front matter schema is not a valid JSON Schema (at {where}): {exc.message[:160]}"
    return cls(schema), None


def _where(path: Sequence[Any]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _shorten(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def message_for(error: Any) -> str:
    """A one-line message built from the error's path, validator and schema (not the value)."""
    v = error.validator
    where = _where(error.absolute_path)
    subject = f"'{where}'" if where else "the front matter"
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = schema.get("description")
    hint = f": {hint}" if isinstance(hint, str) and hint and len(hint) <= 120 else ""
    value = error.validator_value
    if v == "type":
        types = value if isinstance(value, list) else [value]
        wanted = " or ".join(_TYPE_WORDS.get(t, str(t)) for t in types)
        return f"{subject} must be {wanted}, not {_describe(error.instance)}"
    if v == "minLength":
        return f"{subject} must not be empty" if value == 1 else f"{subject} must have at least {value} characters"
    if v == "maxLength":
        return f"{subject} is longer than {value} characters"
    if v == "pattern":
        return f"{subject} does not have the expected form{hint or ' (pattern ' + _shorten(value) + ')'}"
    if v == "enum":
        options = ", ".join(_shorten(x, 30) for x in (value or [])[:10])
        return f"{subject} must be one of: {options}"
    if v == "const":
        return f"{subject} must be {_shorten(value)}"
    if v == "uniqueItems":
        return f"{subject} lists the same item more than once"
    if v == "minItems":
        return f"{subject} must have at least {value} item{'s' if value != 1 else ''}"
    if v == "maxItems":
        return f"{subject} must have at most {value} item{'s' if value != 1 else ''}"
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        word = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than",
                "exclusiveMaximum": "less than"}[v]
        return f"{subject} must be {word} {value}"
    if v == "format":
        return f"{subject} is not a valid {value}"
    return f"{subject} does not satisfy the schema's '{v}' constraint{hint}"


class FrontMatterSchema(Rule):
    """
    ## What it does
    Validates the front matter against a JSON Schema: by default the shipped
    `rules/frontmatter.schema.json`, which requires the keys `layout`, `title`, `date`, `tags`
    and `categories`, a non-empty string title, a `date` of the form `YYYY-MM-DD[ HH:MM[:SS]]`
    and `tags`/`categories` given as YAML lists. YAML dates are given to the schema as ISO 8601
    strings. A wrong value is reported at its key (or at the list item), a missing key at the
    front matter's first line (`---`). Front matter that is missing or does not parse is left to
    DL003/DL004.

    ## Why
    Jekyll needs these keys to place, title, date and index a post: a post without `date` or
    `layout` renders wrongly, and `tags: papers huggingface` (a string) is split differently
    from a list. Generators drop or mangle keys now and then.

    ## Example
    Bad:

        ---
        layout: post
        title: "Daily Papers — 2025-09-13"
        tags: papers
        ---

    Good:

        ---
        layout: post
        title: "Daily Papers — 2025-09-13"
        date: 2025-09-13 08:15:00
        tags: [papers, huggingface]
        categories: []
        ---

    ## Options
    `schema`: a JSON Schema (an inline table) that replaces the shipped one.

    ## Layouts
    Silent under a layout whose `front-matter` is not `required` unless a `schema` option is
    configured: the shipped schema describes the home blog's front matter only.

    ## Fix safety
    No automatic fix: missing values cannot be guessed.
    """

    id = "DL101"
    name = "front-matter-schema"
    severity = "error"
    summary = "Front matter violates the JSON Schema (required keys, types, date form)"
    options_schema = {
        "schema": {
            "type": "object",
            "description": "the JSON Schema the front matter must satisfy (default: rules/frontmatter.schema.json)",
        }
    }

    def defaults(self) -> dict[str, Any]:
        return {"schema": data.load("frontmatter.schema.json")}

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Violation]:
        fmb = doc.front_matter
        if fmb is None or fmb.error is not None or not isinstance(fmb.data, dict):
            return
        schema = ctx.options.get("schema") or data.load("frontmatter.schema.json")
        if doc.layout.front_matter != "required" and schema is data.load("frontmatter.schema.json"):
            return  # the home blog's schema does not describe a layout whose front matter is optional
        compiled = _compiled(schema)
        instance = jsonable(fmb.data)
        if compiled.shipped and compiled.fast is not None and compiled.fast(instance):
            return  # provably no error (a valid schema, an accepted instance): jsonschema not even imported
        validator, problem = compiled.validator()
        first_start, first_end = doc.line_span(fmb.start_line)
        if problem is not None:  # (then there is no validator)
            yield Violation(first_start, first_end, problem)
            return
        if compiled.fast is not None and compiled.fast(instance):
            return  # provably no error: jsonschema would report nothing
        try:
            errors = list(validator.iter_errors(instance))
        except Exception as exc:  # e.g. an unresolvable $ref in a user schema (never fetched)
            yield Violation(first_start, first_end, f"the configured front matter schema cannot be used: {type(exc).__name__}")
            return
        errors.sort(key=lambda e: ([str(p) for p in e.absolute_path], _PRIORITY.get(e.validator, 9), str(e.validator)))
        seen_paths: set = set()
        reported: set = set()
        for err in errors:
            path = tuple(err.absolute_path)
            if err.validator == "required":
                present = err.instance if isinstance(err.instance, dict) else {}
                for name in err.validator_value or []:
                    if name in present or (path, "required", name) in reported:
                        continue
                    reported.add((path, "required", name))
                    if path:
                        start, end = self._span(doc, fmb, path)
                        yield Violation(start, end, f"'{_where(path)}' is missing the required key '{name}'")
                    else:
                        yield Violation(first_start, first_end, f"missing required key '{name}'")
                continue
            if err.validator == "additionalProperties" and isinstance(err.instance, dict):
                allowed = set((err.schema or {}).get("properties", {}))
                for name in sorted(k for k in err.instance if k not in allowed):
                    full = path + (name,)
                    if full in seen_paths:
                        continue
                    seen_paths.add(full)
                    start, end = self._span(doc, fmb, full)
                    yield Violation(start, end, f"unknown key '{_where(full)}'")
                continue
            if path in seen_paths:
                continue  # one finding per key: the most basic problem (type) first
            seen_paths.add(path)
            start, end = self._span(doc, fmb, path) if path else (first_start, first_end)
            yield Violation(start, end, message_for(err))

    @staticmethod
    def _span(doc: Document, fmb: FrontMatterBlock, path: Sequence[Any]) -> tuple[int, int]:
        """The key of ``path[0]`` (the occurrence YAML keeps), or the list item ``path[1]``."""
        key = fmb.key(str(path[0]))
        if key is None:
            return doc.line_span(fmb.start_line)
        if len(path) >= 2 and isinstance(path[1], int) and key.kind == "sequence":
            value = fmb.data.get(path[0]) if isinstance(fmb.data, dict) else None
            if isinstance(value, list) and len(key.items) == len(value) and path[1] < len(key.items):
                _, start, end, _ = key.items[path[1]]
                return start, end
        return key.key_start, key.key_end
