"""TOML (``+++``) and JSON (``{`` … ``}``) front matter, for layouts that allow them
(``front-matter-formats``). YAML front matter (``---``) stays with the bounded,
position-preserving loader of :mod:`digestlint.frontmatter`.

The formats are recognised by python-frontmatter's handlers (``JSONHandler`` and a handler with
the TOML boundary: its ``TOMLHandler`` exists only when the ``toml`` package is installed); the
block is parsed by :mod:`tomllib` / :mod:`json` and its top-level keys are located in the text
(``FMKey`` offsets), so the front matter rules report positions in either format.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from digestlint import frontmatter as fm

_TOML_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
_TOML_KEY_RE = re.compile(r'^[ \t]*(?P<key>[A-Za-z0-9_-]+|"[^"\n]*"|\'[^\'\n]*\')[ \t]*=[ \t]*(?P<value>.*?)[ \t]*$')
_JSON_KEY_RE = re.compile(r'^[ \t]*"(?P<key>(?:[^"\\\n]|\\.)*)"[ \t]*:[ \t]*(?P<value>.*?)[ \t]*,?[ \t]*$')


def _handlers(formats):
    from frontmatter.default_handlers import BaseHandler, JSONHandler

    out = []
    if "toml" in formats:
        out.append(("toml", BaseHandler(fm_boundary=_TOML_BOUNDARY, start_delimiter="+++", end_delimiter="+++")))
    if "json" in formats:
        out.append(("json", JSONHandler()))
    return out


def split(doc, formats) -> bool:
    """Find a TOML or JSON front matter block at the top of ``doc`` and set ``doc.front_matter``;
    False when the text starts with neither (the YAML path then runs)."""
    lines = doc.lines
    if not lines or not (lines[0].startswith("+++") or lines[0].startswith("{")):
        return False
    head = doc.text[: 64 * 1024]
    for name, handler in _handlers(formats):
        if not handler.detect(head):
            continue
        closer = _TOML_BOUNDARY if name == "toml" else re.compile(r"\}[ \t]*\Z")
        close = None
        for i in range(1, len(lines)):
            if closer.match(lines[i]):
                close = i
                break
        if close is None:
            doc.front_matter_problem = (
                f"the {name.upper()} front matter block opened on line 1 is never closed with "
                f"{'+++' if name == 'toml' else chr(125)!r}"
            )
            return True
        _set_block(doc, name, close)
        return True
    return False


def _set_block(doc, name: str, close: int) -> None:
    from digestlint.document import FrontMatterBlock

    if name == "toml":
        text_start = doc.line_starts[1]
        text_end = doc.line_starts[close]
    else:  # the braces are part of the JSON text
        text_start = 0
        text_end = doc.line_span(close + 1)[1]
    block = FrontMatterBlock(start_line=1, end_line=close + 1, closed=True, text_start=text_start, text_end=text_end)
    block.format = name
    doc.front_matter = block
    src = doc.text[text_start:text_end]
    try:
        data = _parse(name, src)
    except fm.FrontMatterError as exc:
        block.error = exc
        first = 2 if name == "toml" else 1
        line = min(exc.line + first, close + 1)
        block.error_offset = min(doc.offset(line, 1) + exc.column, doc.line_span(line)[1])
        return
    block.data = data
    block.keys = _keys(name, doc, text_start, close, data)


def _parse(name: str, src: str) -> Any:
    if len(src) > fm.MAX_FRONT_MATTER_CHARS:
        raise fm.FrontMatterError(f"front matter is larger than {fm.MAX_FRONT_MATTER_CHARS} characters")
    if name == "toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover
            import tomli as tomllib
        try:
            return tomllib.loads(src)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
            line, col = (int(m[1]) - 1, int(m[2]) - 1) if m else (0, 0)
            raise fm.FrontMatterError(f"invalid TOML: {str(exc).split(' (at')[0]}", line, col) from None
        except RecursionError:
            raise fm.FrontMatterError("front matter nests too deeply") from None
    try:
        data = json.loads(src)
    except json.JSONDecodeError as exc:
        raise fm.FrontMatterError(f"invalid JSON: {exc.msg}", exc.lineno - 1, exc.colno - 1) from None
    except RecursionError:
        raise fm.FrontMatterError("front matter nests too deeply") from None
    if not isinstance(data, dict):
        raise fm.FrontMatterError("front matter is not a mapping of keys to values")
    return data


def _keys(name: str, doc, text_start: int, close: int, data: dict) -> list:
    """Top-level keys with their offsets (TOML: before the first table header; JSON: depth 1)."""
    keys = []
    rx = _TOML_KEY_RE if name == "toml" else _JSON_KEY_RE
    depth = 0
    for line_no in range(2, close + 1):
        text = doc.lines[line_no - 1]
        if name == "toml" and text.lstrip().startswith("["):
            break
        m = rx.match(text) if depth == 0 else None
        if name == "json":
            stripped = re.sub(r'"(?:[^"\\]|\\.)*"', "", text)
            opened = stripped.count("{") + stripped.count("[") - stripped.count("}") - stripped.count("]")
        if m:
            raw_key = m["key"]
            key = raw_key.strip("\"'") if name == "toml" else json.loads(f'"{raw_key}"')
            base = doc.line_starts[line_no - 1]
            value = data.get(key)
            kind = "sequence" if isinstance(value, list) else "mapping" if isinstance(value, dict) else "scalar"
            vtext = m["value"]
            style = None
            if kind == "scalar" and vtext[:1] in ("'", '"'):
                style = vtext[:1]
            elif kind != "scalar":
                style = "flow"
            keys.append(
                fm.FMKey(
                    name=key,
                    key_start=base + m.start("key"),
                    key_end=base + m.end("key"),
                    value_start=base + m.start("value"),
                    value_end=base + m.end("value"),
                    style=style,
                    kind=kind,
                )
            )
        if name == "json":
            depth += opened
    return keys
