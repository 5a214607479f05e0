"""Regular expressions from data (rule packs): compiled for RE2, a linear-time engine.

A backtracking engine (Python's ``re``) can take polynomial or exponential time on a pattern a
shape check accepts (``\\S*\\S*\\S*\\S*\\S*\\S*\\S*#``, ``.*.*.*.*.*.*.*.*=`` hung for minutes on a
200,000-character paragraph); no heuristic closes that. RE2 (the ``google-re2`` package) matches
in time linear in the text for every pattern it accepts, so rule-pack patterns are compiled
with it. A pattern RE2 cannot run (a backreference, a lookahead or lookbehind, a possessive
quantifier, a repetition count above 1000) is a configuration error naming the construct.

The pattern language stays Python's where it differs in meaning: ``\\w``, ``\\d``, ``\\s`` (and
``\\W``, ``\\D``, ``\\S``) are Unicode classes as in ``re`` (RE2's are ASCII-only, so ``\\w`` would
not match Hangul), ``\\Z`` is the end of the text and ``\\uXXXX``/``\\UXXXXXXXX``/``\\N{NAME}``
are characters. ``\\b`` and ``\\B`` are ASCII word boundaries (RE2 has no Unicode one).
"""

from __future__ import annotations

import unicodedata
from typing import Any, Iterator, Optional

#: Python's ``\\s`` for text: str.isspace() (C0 separators, NEL and every Unicode space separator)
_SPACE = r"\t-\r\x{1c}-\x{1f}\x{85}\p{Z}"
_WORD = r"\p{L}\p{N}_"
_OUTSIDE = {"w": f"[{_WORD}]", "W": f"[^{_WORD}]", "d": r"\p{Nd}", "D": r"\P{Nd}",
            "s": f"[{_SPACE}]", "S": f"[^{_SPACE}]", "Z": r"\z"}
_INSIDE = {"w": _WORD, "d": r"\p{Nd}", "D": r"\P{Nd}", "s": _SPACE}

# group openings RE2 has no equivalent for (checked longest first)
_GROUPS = (
    ("(?<=", "a lookbehind (?<=...)"),
    ("(?<!", "a negative lookbehind (?<!...)"),
    ("(?P=", "a named backreference (?P=name)"),
    ("(?=", "a lookahead (?=...)"),
    ("(?!", "a negative lookahead (?!...)"),
    ("(?>", "an atomic group (?>...)"),
    ("(?#", "a comment group (?#...)"),
    ("(?(", "a conditional group (?(...)...)"),
)
# RE2's error text -> the construct, for the message
_CONSTRUCTS = (
    ("bad repetition operator: *+", "a possessive quantifier"),
    ("bad repetition operator: ++", "a possessive quantifier"),
    ("bad repetition operator: ?+", "a possessive quantifier"),
    ("invalid repetition size", "a repetition count above 1000"),
    ("pattern too large", "a pattern too large to compile"),
)


_LINEAR = "is not supported: patterns run on RE2, a linear-time engine"


class RegexError(ValueError):
    """A pattern that cannot be used; the message names the problem (one line).
    ``unsupported``: valid for Python's ``re`` but a construct RE2 cannot run."""

    def __init__(self, message: str, unsupported: bool = False) -> None:
        super().__init__(message)
        self.unsupported = unsupported


def _backreference(pattern: str, i: int) -> bool:
    return i + 1 < len(pattern) and pattern[i + 1] in "123456789"


def translate(pattern: str) -> str:
    """``pattern`` (Python syntax) rewritten for RE2 with Python's meaning (see the module doc)."""
    out: list[str] = []
    i = 0
    n = len(pattern)
    in_class = False
    class_start = -1
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            e = pattern[i + 1]
            if e in "123456789":
                raise RegexError(f"a backreference (\\{e}) {_LINEAR}", True)
            if e == "u" or e == "U":
                width = 4 if e == "u" else 8
                digits = pattern[i + 2:i + 2 + width]
                if len(digits) != width or any(ch not in "0123456789abcdefABCDEF" for ch in digits):
                    raise RegexError(f"incomplete escape \\{e}{digits}")
                out.append(f"\\x{{{digits}}}")
                i += 2 + width
                continue
            if e == "N" and pattern.startswith("{", i + 2):
                close = pattern.find("}", i + 3)
                try:
                    ch = unicodedata.lookup(pattern[i + 3:close]) if close != -1 else None
                except KeyError:
                    ch = None
                if ch is None:
                    raise RegexError(f"unknown character name in {pattern[i:close + 1 if close != -1 else n]}")
                out.append(f"\\x{{{ord(ch):x}}}")
                i = close + 1
                continue
            if in_class:
                if e in "WS":
                    raise RegexError(f"\\{e} inside a character class is not supported (write [^...] instead)", True)
                out.append(_INSIDE.get(e, c + e))
            else:
                out.append(_OUTSIDE.get(e, c + e))
            i += 2
            continue
        if in_class:
            # ']' right after '[' or '[^' is a literal
            if c == "]" and i > class_start:
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "(" and pattern.startswith("(?", i):
            for opening, construct in _GROUPS:
                if pattern.startswith(opening, i):
                    raise RegexError(f"{construct} {_LINEAR}", True)
        if c == "[":
            in_class = True
            class_start = i + 1
            if pattern.startswith("^", i + 1):
                out.append("[^")
                class_start = i + 2
                i += 2
                continue
        out.append(c)
        i += 1
    return "".join(out)


def compile_pattern(pattern: str, ignore_case: bool = False) -> Any:
    """The RE2 regex of a Python-syntax ``pattern``; raises :class:`RegexError`.

    The object has ``search``/``match``/``fullmatch``/``finditer`` with ``re``'s signatures; its
    match objects report offsets in characters (of ``str`` text), as ``re`` does."""
    import re2

    try:
        translated = translate(pattern)
    except RecursionError:
        raise RegexError("too deeply nested") from None
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = not ignore_case
    try:
        return re2.compile(translated, options)
    except re2.error as exc:
        msg = exc.args[0] if exc.args else ""
        text = msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg)
        for needle, construct in _CONSTRUCTS:
            if needle in text:
                raise RegexError(f"{construct} {_LINEAR}", True) from None
        raise RegexError(text or "invalid") from None


class Match:
    """A match of :class:`Regex`: ``re.Match``'s interface, groups by number or name."""

    __slots__ = ("_m", "_names", "re", "_text")

    def __init__(self, m: Any, regex: "Regex", text: str) -> None:
        self._m = m
        self._names = regex.groupindex
        self.re = regex
        self._text = text  # the text as given (lone surrogates of a file name kept)

    @property
    def string(self) -> str:
        return self._text

    def _slice(self, index: int) -> Optional[str]:
        s, e = self._m.span(index)
        return None if s < 0 else self._text[s:e]

    def _index(self, group: Any) -> int:
        return self._names[group] if isinstance(group, str) else group

    def group(self, *groups: Any) -> Any:
        if len(groups) > 1:
            return tuple(self._slice(self._index(g)) for g in groups)
        return self._slice(self._index(groups[0]) if groups else 0)

    def __getitem__(self, group: Any) -> Any:
        return self._slice(self._index(group))

    def groups(self, default: Any = None) -> tuple:
        return tuple(default if (g := self._slice(i)) is None else g for i in range(1, self.re.groups + 1))

    def groupdict(self, default: Any = None) -> dict:
        return {name: default if (g := self._slice(i)) is None else g for name, i in self._names.items()}

    def start(self, group: Any = 0) -> int:
        return self._m.start(self._index(group))

    def end(self, group: Any = 0) -> int:
        return self._m.end(self._index(group))

    def span(self, group: Any = 0) -> tuple[int, int]:
        return self._m.span(self._index(group))


class Regex:
    """An RE2 regex with ``re.Pattern``'s interface for the calls digestlint makes (named groups
    in ``start``/``end``/``span``, which the RE2 module's matches take by number only)."""

    __slots__ = ("_rx", "groupindex", "groups", "pattern")

    def __init__(self, rx: Any, pattern: str) -> None:
        self._rx = rx
        self.groupindex = dict(rx.groupindex)
        self.groups = rx.groups
        self.pattern = pattern  # as written (Python syntax)

    def _wrap(self, m: Any, text: str) -> Optional[Match]:
        return None if m is None else Match(m, self, text)

    def search(self, text: str, pos: int = 0, endpos: Optional[int] = None) -> Optional[Match]:
        return self._wrap(self._rx.search(encodable(text), pos, endpos), text)

    def match(self, text: str, pos: int = 0, endpos: Optional[int] = None) -> Optional[Match]:
        return self._wrap(self._rx.match(encodable(text), pos, endpos), text)

    def fullmatch(self, text: str, pos: int = 0, endpos: Optional[int] = None) -> Optional[Match]:
        return self._wrap(self._rx.fullmatch(encodable(text), pos, endpos), text)

    def finditer(self, text: str, pos: int = 0, endpos: Optional[int] = None) -> Iterator[Match]:
        return (Match(m, self, text) for m in self._rx.finditer(encodable(text), pos, endpos))


_SURROGATE_RE = __import__("re").compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """``text`` with lone surrogates (a file name that is not UTF-8, decoded with
    surrogateescape) replaced by U+FFFD, one character for one: RE2 matches UTF-8, and the
    offsets stay those of ``text``."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE_RE.sub("\ufffd", text)
    return text


def compile_regex(pattern: str, ignore_case: bool = False) -> Regex:
    """:func:`compile_pattern` wrapped as a :class:`Regex` (named groups everywhere)."""
    return Regex(compile_pattern(pattern, ignore_case), pattern)
