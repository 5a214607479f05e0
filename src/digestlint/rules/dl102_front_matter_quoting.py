from __future__ import annotations

from typing import Any, Iterator, Optional

from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule

# opening quote -> closing quote
_PAIRS = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb", "\u300c": "\u300d", "\u300e": "\u300f"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_STYLE_OF = {None: "plain", "'": "single", '"': "double", "|": "block", ">": "block"}
_STYLE_WORDS = {"double": "double-quoted", "single": "single-quoted", "plain": "plain (unquoted)"}
_STR_TAG = "tag:yaml.org,2002:str"
_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0", "\x07": "\\a", "\x08": "\\b",
    "\x0b": "\\v", "\x0c": "\\f", "\x1b": "\\e", "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P",
}


def double_quoted(value: str) -> str:
    """``value`` as a double-quoted YAML scalar (``"`` and ``\\`` escaped, as are control characters)."""
    out = []
    for ch in value:
        esc = _ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ch == "\ufeff" or (ord(ch) < 0x20) or 0x7F <= ord(ch) < 0xA0 or 0xD800 <= ord(ch) < 0xE000:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _render(value: str, style: str) -> str:
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "plain":
        return value
    return double_quoted(value)


def _round_trips(rendered: str, value: str, context: str) -> bool:
    """Does ``rendered`` read back as exactly the string ``value`` where it is written?"""
    import yaml

    doc = {"map": "k: {}", "flow": "k: [{}]", "block": "k:\n- {}"}[context].format(rendered)
    try:
        parsed = yaml.safe_load(doc)
    except yaml.YAMLError:
        return False
    if not isinstance(parsed, dict) or set(parsed) != {"k"}:
        return False
    got = parsed["k"]
    if context != "map":
        if not isinstance(got, list) or len(got) != 1:
            return False
        got = got[0]
    return isinstance(got, str) and got == value


def stray_quote(value: str) -> Optional[tuple[str, str]]:
    """``(quote, "start"|"end")`` when ``value`` has a quote at one end only, else None."""
    if not value:
        return None
    first, last = value[0], value[-1]
    for q, where in ((first, "start"), (last, "end")):
        if q in ("'", '"'):
            if len(value) >= 2 and first == last == q:
                continue  # balanced at both ends
            if value.count(q) % 2 == 0:
                continue
            if q == "'" and where == "end" and len(value) >= 2 and value[-2] in "sS":
                continue  # plural possessive: Researchers'
            if q == "'" and where == "start" and first != last and value.count("'") == 1 and len(value) > 1 and value[1].isdigit():
                continue  # '90s
            return q, where
        opener = q if where == "start" and q in _PAIRS and q not in ("'", '"') else None
        closer = q if where == "end" and q in _CLOSERS and q not in ("'", '"') else None
        if opener and value.count(opener) != value.count(_PAIRS[opener]):
            return q, where
        if closer and value.count(closer) != value.count(_CLOSERS[closer]):
            return q, where
    return None


#: what YAML itself trims around a scalar: ASCII blanks and line breaks, never U+00A0 or U+3000
_YAML_BLANKS = " \t\r\n"


def _without_stray(value: str, where: str) -> str:
    return (value[1:] if where == "start" else value[:-1]).strip(_YAML_BLANKS)


class FrontMatterQuoting(Rule):
    """
    ## What it does
    Reports a front matter string with an unbalanced quote — a quote character at one end only,
    as in `title: Daily Papers — 2025-09-13"` (a plain scalar whose closing quote lost its
    opening one) — and a value whose quoting style differs from the configured one (by
    default `title` must be double-quoted). Every top-level string value and list item is
    checked for stray quotes (`"`, `'`, `“”`, `‘’`, `«»`, `「」`); apostrophes inside words and
    plural possessives (`Researchers'`) are not quotes.

    ## Why
    The stray quote is published as part of the title (`Daily Papers — 2025-09-13"`), and a
    generator that writes titles without quotes breaks the YAML as soon as a title contains
    `: ` or starts with `[`. Quoting titles one way keeps every post parseable.

    ## Example
    Bad:

        title: Daily Papers — 2025-09-13"

    Good:

        title: "Daily Papers — 2025-09-13"

    ## Options
    `quoting`: the required style per key: `double`, `single`, `plain` or `any`
    (default `{title = "double"}`).

    ## Layouts
    Only YAML front matter is checked (a TOML or JSON front matter that parses is quoted correctly).

    ## Fix safety
    Safe: the value is rewritten as a properly quoted YAML scalar in the configured style
    (double quotes by default; `"` and `\\` escaped) without the stray quote. Every rewrite
    is checked to read back as exactly the intended string; when it would not, no fix is
    offered.
    """

    id = "DL102"
    name = "front-matter-quoting"
    severity = "error"
    summary = "An unbalanced quote in a front matter value, or a quoting style other than the configured one"
    fixable = True
    options_schema = {
        "quoting": {
            "type": "object",
            "additionalProperties": {"enum": ["double", "single", "plain", "any"]},
            "default": {"title": "double"},
            "description": "required quoting style per top-level key (double, single, plain or any)",
        }
    }

    def check(self, doc, ctx):
        fmb = doc.front_matter
        if fmb is None or fmb.error is not None or not fmb.keys or fmb.format != "yaml":
            return  # YAML quoting (a TOML/JSON front matter that parses is quoted correctly)
        policy = ctx.options.get("quoting", {}) or {}
        for key, node in _key_nodes(doc, fmb):
            yield from self._check_key(doc, key, node, policy)

    def _check_key(self, doc, key, node, policy) -> Iterator[Violation]:
        import yaml

        wanted = policy.get(key.name, "any")
        if isinstance(node, yaml.ScalarNode):
            scalars = [(node, key.value_start, key.value_end, "map", key.name)]
        elif isinstance(node, yaml.SequenceNode):
            context = "flow" if node.flow_style else "block"
            base = key.value_start - node.start_mark.index
            scalars = [
                (item, base + item.start_mark.index, base + item.end_mark.index, context, f"{key.name}[{i}]")
                for i, item in enumerate(node.value)
                if isinstance(item, yaml.ScalarNode)
            ]
            wanted = "any"  # the policy is about the key's own scalar value
        else:
            return
        for scalar, start, end, context, label in scalars:
            if scalar.tag != _STR_TAG or scalar.style not in (None, "'", '"', "|", ">"):
                continue
            # a block scalar's span runs to the next line: keep the line breaks after it
            end = start + len(doc.text[start:end].rstrip(_YAML_BLANKS))
            value = scalar.value
            # a block scalar's content is checked without its final line breaks
            checked = value if scalar.style in (None, "'", '"') else value.strip(_YAML_BLANKS)
            stray = stray_quote(checked)
            style = wanted if wanted in ("double", "single", "plain") else "double"
            if stray is not None:
                quote, where = stray
                fixed = _without_stray(checked, where)
                yield Violation(
                    start,
                    end,
                    f"unbalanced quote: '{label}' {'starts' if where == 'start' else 'ends'} with a stray {quote} "
                    f"that has no matching {'closing' if where == 'start' else 'opening'} quote",
                    fix=self._fix(start, end, fixed, style, context, "rewrite as a quoted YAML string without the stray quote"),
                )
                continue
            have = _STYLE_OF.get(scalar.style, "plain")
            if wanted in ("double", "single", "plain") and have != wanted:
                yield Violation(
                    start,
                    end,
                    f"'{label}' is {_STYLE_WORDS.get(have, have + ' scalar')}, but the configured style for "
                    f"'{key.name}' is {_STYLE_WORDS[wanted]}",
                    fix=self._fix(start, end, value, wanted, context, f"rewrite as a {_STYLE_WORDS[wanted]} YAML string"),
                )

    @staticmethod
    def _fix(start: int, end: int, value: str, style: str, context: str, description: str) -> Optional[Fix]:
        if not value and style == "plain":
            return None
        rendered = _render(value, style)
        if not _round_trips(rendered, value, context):
            return None  # e.g. a value that cannot be written plain: no fix rather than a wrong one
        return Fix((Edit(start, end, rendered),), safe=True, description=description)


def _key_nodes(doc, fmb) -> Iterator[tuple[Any, Any]]:
    """Pair each top-level ``FMKey`` (duplicates kept) with its composed YAML value node."""
    import yaml

    text = doc.text[fmb.text_start:fmb.text_end]
    root = None
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        # libyaml (about 10x faster): the same tree as the pure-Python composer, except that
        # plain scalars have style '' (None there); anything it rejects goes the slow way
        try:
            root = yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            root = None
        else:
            _plain_style_none(root)
    if root is None:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)  # already bounded by the front matter parser
        except yaml.YAMLError:
            return
    if not isinstance(root, yaml.MappingNode) or len(root.value) != len(fmb.keys):
        return
    for key, (_, value_node) in zip(fmb.keys, root.value):
        if value_node.start_mark.index + fmb.text_start != key.value_start:
            continue
        yield key, value_node


def _plain_style_none(root) -> None:
    """libyaml marks plain scalars with style ''; PyYAML's own composer uses None."""
    import yaml

    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.style == "":
                node.style = None
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                stack.append(key_node)
                stack.append(value_node)
