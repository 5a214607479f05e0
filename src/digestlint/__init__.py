"""digestlint: a linter for machine-written paper digest posts.

The public API (:mod:`digestlint.api`), imported on first use so that ``import digestlint`` (and a
one-file command-line run) stays light::

    import digestlint

    findings = digestlint.lint(text, path="_posts/2025-11-01-daily.md")
    result = digestlint.fix(text, path="_posts/2025-11-01-daily.md")
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)

__version__ = "0.1.0"

__all__ = ["ConfigError", "Edit", "Finding", "Fix", "FixResult", "__version__", "fix", "lint"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from typing import Any

    from digestlint.api import ConfigError, Edit, Finding, Fix, FixResult, fix, lint


def __getattr__(name: str) -> Any:
    if name in __all__ and name != "__version__":
        from digestlint import api

        return getattr(api, name)
    raise AttributeError(f"module 'digestlint' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
