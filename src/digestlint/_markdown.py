"""The one markdown-it-py parser instance (built lazily: importing markdown-it costs time)."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=None)
def parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table")
