"""The public Python API: lint or fix the text of a post in memory.

A blog's generator lints a post before committing it and asks the model again when it fails::

    import digestlint

    findings = digestlint.lint(text, path="_posts/2025-11-01-daily.md", blog=".")
    errors = [f for f in findings if f.severity == "error"]

    result = digestlint.fix(text, path="_posts/2025-11-01-daily.md")
    result.text        # the text with every safe fix applied
    result.remaining   # the findings of the fixed text

Everything here is stable: :func:`lint`, :func:`fix`, :class:`Finding`, :class:`Fix`,
:class:`Edit`, :class:`FixResult` and :class:`ConfigError`. Findings are the ones
``digestlint PATH`` reports for the same text (same rules, configuration, suppressions, messages),
as immutable dataclasses.

Positions: ``line``/``column`` are 1-based and count every line of the text, front matter
included; columns count characters (code points) and ``end_column`` is exclusive; a BOM does not
move them (as on the command line). ``offset``/``end_offset`` are 0-based character offsets into the
``text`` you passed (original line endings, and the BOM counted when there is one), so
``text[f.offset:f.end_offset]`` is the offending text.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

from digestlint.config import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    from digestlint.config import FileSettings
    from digestlint.model import FindingFix

__all__ = ["ConfigError", "Edit", "Finding", "Fix", "FixResult", "fix", "lint"]

#: ``config=``: None (the configuration found for ``path``, as the command line does), a
#: configuration file (``.digestlint.toml`` or a ``pyproject.toml`` with ``[tool.digestlint]``),
#: or a mapping with the keys of a ``.digestlint.toml`` (``{}``: the defaults, no file read).
ConfigArg = Union[None, str, "os.PathLike[str]", Mapping[str, Any]]


@dataclass(frozen=True)
class Edit:
    """Replace ``text[offset:end_offset]`` by ``text`` (offsets into the text you passed)."""

    offset: int
    end_offset: int
    text: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Fix:
    """How to fix a finding: ``safe`` fixes are what :func:`fix` applies by default."""

    safe: bool
    description: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Finding:
    """One problem, as ``digestlint`` reports it."""

    rule: str  #: the rule's ID, ``"DL501"``
    name: str  #: the rule's name, ``"placeholder-text"``
    severity: str  #: ``"error"``, ``"warning"`` or ``"info"``
    message: str
    path: str  #: the ``path`` you passed
    line: int  #: 1-based
    column: int  #: 1-based, in characters (code points)
    end_line: int
    end_column: int  #: exclusive
    offset: int  #: 0-based character offset into the text you passed
    end_offset: int  #: exclusive
    paper: Optional[str] = None  #: the arXiv ID of the paper the finding is about, when it is about one
    fix: Optional[Fix] = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.rule} [{self.severity}] {self.message} ({self.name})"


@dataclass(frozen=True)
class FixResult:
    """What :func:`fix` did: the fixed ``text``, how many findings it ``fixed``, the findings of the
    fixed text that are left (``remaining``) and, when the text was not (fully) fixed, why."""

    text: str
    fixed: int
    remaining: tuple[Finding, ...]
    problem: Optional[str] = None

    @property
    def changed(self) -> bool:
        return self.fixed > 0


def lint(text: str, *, path: str = "post.md", config: ConfigArg = None, blog: Union[None, str, "os.PathLike[str]"] = None,
         select: Optional[list[str]] = None, ignore: Optional[list[str]] = None) -> list[Finding]:
    """The findings of ``text``, a post to be saved at ``path``, sorted by position.

    ``config``: see :data:`ConfigArg`. ``blog``: the blog's folder of posts; given, the corpus
    rules read its other posts too (DL306 republished-paper: a paper already published in another
    post), as ``post-roots`` would; a file at ``path`` is not compared with itself. ``select`` /
    ``ignore``: rule selectors (IDs, prefixes such as ``DL4``, names, ``ALL``) replacing the
    configuration's selection / skipped on top of it, as ``--select`` / ``--ignore``.

    Raises :class:`ConfigError` for an invalid configuration or selector (never for the text:
    unreadable text, NUL bytes or a size over ``max-file-size`` are findings)."""
    settings, fs_path = _settings(path, config, blog, select, ignore)
    return _lint(text, path, fs_path, settings)


def fix(text: str, *, path: str = "post.md", config: ConfigArg = None, blog: Union[None, str, "os.PathLike[str]"] = None,
        select: Optional[list[str]] = None, ignore: Optional[list[str]] = None, unsafe: bool = False) -> FixResult:
    """Apply the fixes of ``text``'s findings (only the safe ones unless ``unsafe``), in passes
    until nothing fixable is left, as ``digestlint --fix`` does. A text that does not parse (no or
    invalid front matter) is returned unchanged, with ``problem`` saying so. The arguments are
    :func:`lint`'s; ``remaining`` is what :func:`lint` reports for the fixed text."""
    from digestlint import autofix

    settings, fs_path = _settings(path, config, blog, select, ignore)
    bom = text.startswith("\ufeff")
    data = text.encode("utf-8", "surrogatepass")
    fixed, result, problem = autofix.fix_bytes(data, path, settings, unsafe=unsafe)
    if fixed is None or result is None:
        new_text, n = text, 0
    else:
        new_text = result.text
        if bom:
            new_text = "\ufeff" + new_text
        n = result.fixed if new_text != text else 0
    return FixResult(text=new_text, fixed=n, remaining=tuple(_lint(new_text, path, fs_path, settings)), problem=problem)


# ---------------------------------------------------------------------------- internals
def _settings(path: str, config: ConfigArg, blog, select, ignore) -> tuple["FileSettings", Optional[str]]:
    from digestlint import config as cfg
    from digestlint import registry

    for what, tokens in (("select", select), ("ignore", ignore)):
        if isinstance(tokens, str):
            raise ConfigError(f"{what}: a list of rule selectors, not a string")
        for token in tokens or ():
            if not registry.resolve_selector(token):
                raise ConfigError(f"{what}: unknown rule selector {token!r}{registry.suggest_selector(token)}")
    overrides = cfg.Overrides(select=tuple(select) if select is not None else None, ignore=tuple(ignore or ()))
    fs = Path(os.fspath(path))
    if config is None:
        conf = cfg.ConfigResolver().for_path(fs)
    elif isinstance(config, Mapping):
        table = dict(config)
        cfg.validate_table(table, "config")
        conf = cfg.Config(source="config", root=Path(os.getcwd()), table=table)
    else:
        conf = cfg.ConfigResolver(os.fspath(config)).for_path(fs)
    if blog is not None:
        folder = os.path.abspath(os.fspath(blog))
        if not os.path.isdir(folder):
            raise ConfigError(f"blog: {os.fspath(blog)} is not a folder")
        conf = cfg.Config(source=conf.source, root=conf.root, table={**conf.table, "post-roots": [folder]})
    settings = cfg.settings_for(conf, overrides, fs)
    fs_path = os.fspath(path) if os.path.isfile(os.fspath(path)) else None
    return settings, fs_path


def _lint(text: str, path: str, fs_path: Optional[str], settings) -> list[Finding]:
    from digestlint import engine, parallel
    from digestlint.document import Document

    data = text.encode("utf-8", "surrogatepass")
    result = engine.lint_bytes(data, path, fs_path, settings)
    parallel.normalise(result)
    used: dict[str, set] = {}
    corpus, errors = engine.run_corpus([result], {path: settings}, used=used)
    findings = result.findings + corpus + engine.unused_suppressions(result, settings, used.get(path, ()))
    errors = result.errors + errors
    if errors:
        raise engine.InternalError(errors[0].split("\n", 1)[0])
    bom = 1 if text.startswith("\ufeff") else 0
    doc = Document(text[bom:], path)  # positions -> offsets into the text as given (line endings kept)
    starts = doc._source_line_starts
    n = len(text)

    def offset(line: int, column: int) -> int:
        if line - 1 >= len(starts):
            return n
        return min(n, starts[line - 1] + column - 1 + bom)

    out = []
    for f in engine.sort_findings(findings):
        out.append(Finding(
            rule=f.rule, name=f.name, severity=f.severity, message=f.message, path=f.path,
            line=f.line, column=f.column, end_line=f.end_line, end_column=f.end_column,
            offset=offset(f.line, f.column), end_offset=offset(f.end_line, f.end_column),
            paper=_paper(f.extra.get("paper")), fix=_fix(f.fix, bom),
        ))
    return out


def _paper(value: Optional[str]) -> Optional[str]:
    """The arXiv identifier of the paper a finding is about (from its URL or heading), or None."""
    from digestlint import baseline

    return baseline.arxiv_id(value)


def _fix(placed: Optional["FindingFix"], bom: int) -> Optional[Fix]:
    if placed is None:
        return None
    edits = tuple(
        Edit(offset=e.offset + bom, end_offset=e.end_offset + bom, text=e.text, line=e.line, column=e.column,
             end_line=e.end_line, end_column=e.end_column)
        for e in placed.edits
    )
    return Fix(safe=placed.safe, description=placed.description, edits=edits)
