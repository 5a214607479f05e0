"""Safe, position-preserving parsing of a post's YAML front matter.

PyYAML is used through its pure-Python parser and composer only; before a single value is
constructed the node tree is bounded: no anchors or aliases (merge-key and alias bombs), a
bounded nesting depth (deeply nested ``[`` crashes the C loader and recurses in the Python one),
a bounded node count and a bounded size. A rejected front matter costs milliseconds and becomes a
DL004 finding instead of minutes of CPU, a segfault or a memory blow-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_DEPTH = 32
MAX_NODES = 5000


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


_LOADER_CLASS = None


def _bounded_loader(text: str):
    """A PyYAML safe loader over ``text`` that refuses anchors/aliases and bounds depth and
    node count while composing (the class is built once, on first use: importing yaml costs)."""
    global _LOADER_CLASS
    if _LOADER_CLASS is None:
        import yaml

        class BoundedLoader(yaml.SafeLoader):
            def __init__(self, stream, source):
                super().__init__(stream)
                self._source = source
                self._depth = 0
                self._nodes = 0

            def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
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

        _LOADER_CLASS = BoundedLoader
    return _LOADER_CLASS(text, text)


def parse(text: str) -> ParsedFrontMatter:
    """Parse the text between the ``---`` lines. Raises :class:`FrontMatterError`."""
    import yaml

    if len(text) > MAX_FRONT_MATTER_CHARS:
        raise FrontMatterError(f"front matter is larger than {MAX_FRONT_MATTER_CHARS} characters")
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
