"""The markdown-it-py parser instances (built lazily: importing markdown-it costs time).

:func:`block_parser` runs the block phase only (and the core rules before it): the inline
tokens it returns carry their ``content`` but no ``children``. :func:`parse_inline` runs, for one
inline token, the core rules the full parser would run after the block phase (``inline``,
``text_join``), giving exactly the children :func:`parser` would have given. Most rules only
need blocks and their text; the inline phase is about a third of the parse time.
"""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=None)
def parser():
    """The full parser (CommonMark, raw HTML allowed, tables)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table")


class _NoDebugLogger:
    """Stands in for a markdown-it module's ``LOGGER``: its block rules call ``LOGGER.debug(...)``
    on every attempt (~1,100 times for a post: ~12% of the block phase even when nothing is
    logged); this one makes ``debug`` a no-op and hands everything else to the real logger."""

    __slots__ = ("_logger",)

    def __init__(self, logger) -> None:
        self._logger = logger

    def debug(self, *args, **kwargs) -> None:
        pass

    def __getattr__(self, name):
        return getattr(self._logger, name)


def _skip_debug_logging() -> None:
    """Replace the loggers of markdown-it's modules by :class:`_NoDebugLogger`, unless their debug
    messages are wanted (a logging set-up that enables DEBUG for ``markdown_it`` before the first
    parse keeps them)."""
    import logging
    import sys

    for name, module in list(sys.modules.items()):
        if name == "markdown_it" or name.startswith("markdown_it."):
            logger = getattr(module, "LOGGER", None)
            if isinstance(logger, logging.Logger) and not logger.isEnabledFor(logging.DEBUG):
                setattr(module, "LOGGER", _NoDebugLogger(logger))


@functools.lru_cache(maxsize=None)
def _split():
    """``(block-phase parser, [core rules the full parser runs after the block phase])``."""
    from markdown_it import MarkdownIt

    _skip_debug_logging()
    full = parser()
    names = full.core.ruler.get_active_rules()
    after = names[names.index("block") + 1:]
    rules = full.core.ruler.getRules("")
    later = rules[len(rules) - len(after):]
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    if after:
        md.core.ruler.disable(after)
    return md, later


def block_parser():
    return _split()[0]


def parse_inline(token, env) -> None:
    """Fill ``token.children`` of an inline token from :func:`block_parser` (``env``: the
    environment of that parse: link reference definitions)."""
    from markdown_it.rules_core import StateCore

    md, later = _split()
    token.children = None
    state = StateCore("", md, env, [token])
    for rule in later:
        rule(state)
