"""Safe, position-preserving parsing of a post's YAML front matter.

Before a single value is constructed the node tree is bounded: no anchors or aliases (merge-key
and alias bombs), a bounded nesting depth (deeply nested ``[`` crashes libyaml's C composer and
recurses in the Python one), a bounded node count and a bounded size. A rejected front matter
costs milliseconds and becomes a DL004 finding instead of minutes of CPU, a segfault or a memory
blow-up.

Two paths give the same result. When PyYAML has libyaml, the events come from its C parser
(``yaml.CParser``: scanning and parsing are most of the cost) and the nodes are composed in
Python, one event at a time, with the bounds checked on each event before the node below it is
composed (the C composer is never used); a plain scalar's style is ``None`` as in the Python
parser. Any front matter that path does not accept as it is (an error of any kind, a bound
exceeded, a character the Python reader rejects) is parsed again by the pure-Python path, whose
messages and positions are the ones reported. Without libyaml only the pure-Python path runs.
Both paths give character offsets, the same marks and the same values
(``tests/test_frontmatter_paths.py`` compares them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_DEPTH = 32
MAX_NODES = 5000
#: parse through libyaml's event parser when PyYAML has it (tests turn it off to compare)
C_PATH = True


class FrontMatterError(Exception):
    """A front matter that cannot be accepted; ``line``/``column`` are 0-based within the block.

    Lines count ``\n`` only: YAML's own marks also count ``\x85``, ``\u2028`` and ``\u2029`` as
    line breaks, so positions are derived from the mark's character index (:func:`_mark_position`).
    """

    def __init__(self, message: str, line: int = 0, column: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class FMKey:
    """One top-level key of the front matter. Offsets are into the front matter text."""

    name: str
    key_start: int
    key_end: int
    value_start: int
    value_end: int
    style: Optional[str]  # None (plain), "'", '"', "|", ">" or "flow"/"block" for collections
    kind: str  # "scalar", "sequence" or "mapping"
    items: list[tuple[str, int, int, Optional[str]]] = field(default_factory=list)  # sequence scalars


@dataclass
class ParsedFrontMatter:
    data: Any
    keys: list[FMKey]
    #: keys given twice inside a nested mapping: (dotted path, key start, key end, first key's
    #: start), offsets into the front matter text (the top level's are in ``keys``)
    nested_duplicates: list[tuple[str, int, int, int]] = field(default_factory=list)


def _walk_nested(node) -> list[tuple[str, int, int, int]]:
    """Duplicate keys of every mapping below the top level (iterative: depth is bounded anyway)."""
    import yaml

    out = []
    stack = [(value, key.value if isinstance(key, yaml.ScalarNode) else "?") for key, value in node.value]
    while stack:
        n, path = stack.pop()
        if isinstance(n, yaml.MappingNode):
            seen: dict = {}
            for k, v in n.value:
                name = k.value if isinstance(k, yaml.ScalarNode) else None
                if name is not None:
                    if name in seen:
                        out.append((f"{path}.{name}", k.start_mark.index, k.end_mark.index, seen[name]))
                    else:
                        seen[name] = k.start_mark.index
                stack.append((v, f"{path}.{name if name is not None else '?'}"))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(n.value))
    out.sort(key=lambda d: d[1])
    return out


def _failing_value(loader, node):
    """The mark of the key (or item) whose value PyYAML cannot construct (``date: 2025-02-30``),
    or None: found by constructing each scalar alone."""
    import yaml

    stack = [(node, None)]
    while stack:
        n, key_mark = stack.pop()
        if isinstance(n, yaml.MappingNode):
            stack.extend((v, k.start_mark) for k, v in reversed(n.value))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend((item, item.start_mark) for item in reversed(n.value))
        elif isinstance(n, yaml.ScalarNode):
            try:
                loader.construct_object(n, deep=True)
            except Exception:
                return key_mark or n.start_mark
    return None


def _mark_position(text: str, index: int) -> tuple[int, int]:
    """0-based (line, column) of a character index, counting ``\n`` line breaks only."""
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index)
    return line, index - (text.rfind("\n", 0, index) + 1)


def _mark_error(text: str, message: str, mark) -> FrontMatterError:
    if mark is None:
        return FrontMatterError(message)
    line, column = _mark_position(text, mark.index)
    return FrontMatterError(message, line, column)


class _Bounded:
    """The bounds, checked as each node is composed (a mixin for PyYAML's ``Composer``)."""

    def _start_bounds(self, source: str) -> None:
        self._source = source
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        import yaml

        event = self.peek_event()
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            raise _mark_error(self._source, f"YAML alias '*{event.anchor}' is not allowed in front matter", mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _mark_error(self._source, f"YAML anchor '&{anchor}' is not allowed in front matter", mark)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _mark_error(self._source, f"front matter has more than {MAX_NODES} YAML nodes", mark)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _mark_error(self._source, f"front matter nests deeper than {MAX_DEPTH} levels", mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_LOADER_CLASS: Any = None
#: the libyaml loader class once built (False: PyYAML has no libyaml)
_C_LOADER_CLASS: Any = None


def _bounded_loader(text: str):
    """A PyYAML safe loader over ``text`` (pure Python) that refuses anchors/aliases and bounds
    depth and node count while composing (the class is built once, on first use: importing yaml
    costs)."""
    global _LOADER_CLASS
    if _LOADER_CLASS is None:
        import yaml

        class BoundedLoader(_Bounded, yaml.SafeLoader):
            def __init__(self, stream, source):
                super().__init__(stream)
                self._start_bounds(source)

        _LOADER_CLASS = BoundedLoader
    return _LOADER_CLASS(text, text)


def _c_loader(text: str):
    """The same loader with libyaml's event parser (``yaml.CParser``) under PyYAML's Python
    composer, constructor and resolver; None when PyYAML has no libyaml."""
    global _C_LOADER_CLASS
    if _C_LOADER_CLASS is None:
        import yaml

        cparser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None) if getattr(yaml, "__with_libyaml__", False) else None
        if cparser is None:
            _C_LOADER_CLASS = False
        else:
            from yaml.composer import Composer
            from yaml.constructor import SafeConstructor
            from yaml.resolver import Resolver

            class BoundedCLoader(_Bounded, Composer, SafeConstructor, Resolver, cparser):
                def __init__(self, stream, source):
                    cparser.__init__(self, stream)
                    Composer.__init__(self)
                    SafeConstructor.__init__(self)
                    Resolver.__init__(self)
                    self._start_bounds(source)

                # the Python composer over the C parser's events (never the C composer, which
                # recurses in C: deep nesting would crash the process before any bound is seen)
                get_single_node = Composer.get_single_node
                get_node = Composer.get_node
                check_node = Composer.check_node

                def compose_scalar_node(self, anchor):
                    node = Composer.compose_scalar_node(self, anchor)
                    if node.style == "":  # libyaml's plain style; the Python parser's is None
                        node.style = None
                    return node

            _C_LOADER_CLASS = BoundedCLoader
    return _C_LOADER_CLASS(text, text) if _C_LOADER_CLASS else None


_NON_PRINTABLE = None


def _printable(text: str) -> bool:
    """No character the Python reader rejects (it rejects them before parsing; libyaml's set differs)."""
    global _NON_PRINTABLE
    if _NON_PRINTABLE is None:
        import yaml

        _NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
    return _NON_PRINTABLE.search(text) is None


def _keys_of(node) -> list[FMKey]:
    import yaml

    keys = []
    for key_node, value_node in node.value:
        name = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
        if isinstance(value_node, yaml.ScalarNode):
            kind, style = "scalar", value_node.style
        else:
            kind = "sequence" if isinstance(value_node, yaml.SequenceNode) else "mapping"
            style = "flow" if value_node.flow_style else "block"
        items = []
        if isinstance(value_node, yaml.SequenceNode):
            for item in value_node.value:
                if isinstance(item, yaml.ScalarNode):
                    items.append((item.value, item.start_mark.index, item.end_mark.index, item.style))
        keys.append(
            FMKey(
                name=name,
                key_start=key_node.start_mark.index,
                key_end=key_node.end_mark.index,
                value_start=value_node.start_mark.index,
                value_end=value_node.end_mark.index,
                style=style,
                kind=kind,
                items=items,
            )
        )
    return keys


#: characters whose handling differs between libyaml and PyYAML's Python scanner (found by
#: differential fuzzing, tests/test_frontmatter_paths.py): libyaml accepts a tab as a separator
#: where PyYAML rejects it (``a: b<TAB>``), skips a byte order mark without counting it in its
#: offsets, and takes ``\r``, NEL and the Unicode line and paragraph separators as line breaks
#: in places PyYAML does not (``? NEL |#``); a front matter with one goes the Python way
_DIFFERENT = re.compile("[\t\r\x85\u2028\u2029\ufeff]")


def _parse_c(text: str) -> Optional[ParsedFrontMatter]:
    """The libyaml path: the parse, or None when the pure-Python path must decide."""
    if _DIFFERENT.search(text) is not None or not _printable(text):
        return None
    loader = _c_loader(text)
    if loader is None:
        return None
    import yaml

    try:
        node = loader.get_single_node()
        if node is None:
            return ParsedFrontMatter(data={}, keys=[])
        if not isinstance(node, yaml.MappingNode):
            return None
        keys = _keys_of(node)
        data = loader.construct_document(node)
        return ParsedFrontMatter(data=data, keys=keys, nested_duplicates=_walk_nested(node))
    except Exception:  # an error or a bound: the pure-Python path gives the message and position
        return None
    finally:
        loader.dispose()


def parse(text: str) -> ParsedFrontMatter:
    """Parse the text between the ``---`` lines. Raises :class:`FrontMatterError`."""
    if len(text) > MAX_FRONT_MATTER_CHARS:
        raise FrontMatterError(f"front matter is larger than {MAX_FRONT_MATTER_CHARS} characters")
    if C_PATH:
        parsed = _parse_c(text)
        if parsed is not None:
            return parsed
    return _parse_pure(text)


def _parse_pure(text: str) -> ParsedFrontMatter:
    """The pure-Python path (PyYAML's reader, scanner, parser and composer)."""
    import yaml

    try:
        # the reader rejects control characters while it is being built
        loader = _bounded_loader(text)
    except yaml.reader.ReaderError as exc:
        line, column = _mark_position(text, exc.position)
        raise FrontMatterError(
            f"invalid YAML: unacceptable character #x{exc.character:04x} (control characters are not allowed)",
            line,
            column,
        ) from None
    try:
        try:
            node = loader.get_single_node()
        except FrontMatterError:
            raise
        except yaml.reader.ReaderError as exc:
            line, column = _mark_position(text, exc.position)
            raise FrontMatterError(f"invalid YAML: unacceptable character #x{exc.character:04x}", line, column) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "invalid YAML"
            raise _mark_error(text, f"invalid YAML: {problem}", mark) from None
        except yaml.YAMLError as exc:
            raise FrontMatterError(f"invalid YAML: {exc}") from None
        except RecursionError:
            raise FrontMatterError("front matter nests too deeply") from None
        if node is None:
            return ParsedFrontMatter(data={}, keys=[])
        if not isinstance(node, yaml.MappingNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a scalar"
            raise _mark_error(text, f"front matter is {kind}, not a mapping of keys to values", node.start_mark)
        keys = _keys_of(node)
        try:
            data = loader.construct_document(node)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise _mark_error(text, f"invalid YAML: {exc.problem or exc.context}", mark) from None
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            # e.g. a timestamp such as 2025-02-30 that PyYAML cannot turn into a date: reported
            # at the key whose value it is
            raise _mark_error(text, f"invalid YAML value: {exc}", _failing_value(loader, node)) from None
        return ParsedFrontMatter(data=data, keys=keys, nested_duplicates=_walk_nested(node))
    finally:
        loader.dispose()
