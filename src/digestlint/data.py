"""Access to the shipped data folder (the repository's top-level ``rules/``).

In a wheel the folder is installed as ``digestlint/_data``; in a source checkout (editable
install, or tests run from the tree) it is the top-level ``rules/`` folder. Files are read and
parsed once per process.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=None)
def data_dir() -> Path:
    for candidate in (_HERE / "_data", _HERE.parent.parent / "rules"):
        if (candidate / "sections.yaml").is_file():
            return candidate
    raise RuntimeError(f"digestlint data folder not found next to {_HERE}")


@functools.lru_cache(maxsize=None)
def load(name: str) -> Any:
    """Load ``name`` (a ``.yaml``/``.yml`` or ``.json`` file) from the data folder."""
    path = data_dir() / name
    if name.endswith(".json"):
        return json.loads(path.read_text(encoding="utf-8"))
    from digestlint import startcache

    found, value = startcache.shipped(name)  # a one-file run: parsed by an earlier one
    if found:
        return value
    text = path.read_text(encoding="utf-8")
    import yaml

    # the shipped data is trusted: libyaml's C loader (when PyYAML has it) is ~10x faster
    value = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    startcache.parsed(name, value)
    return value


def data_fingerprint() -> str:
    """A hash of every shipped data file (part of the cache key)."""
    from digestlint import quick

    return quick.data_fingerprint()
