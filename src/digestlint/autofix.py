"""``--fix`` / ``--diff``: apply the fixes of findings to files, safely.

- Only files that parse completely are fixed: a file that cannot be read or decoded (DL001,
  DL002), has no front matter (DL003) or invalid front matter (DL004) is skipped, and a pass whose
  result would no longer parse is discarded.
- Fixes are applied in passes (lint, apply every non-overlapping fix, lint again) until no
  fixable finding remains or nothing changes (at most :data:`MAX_PASSES`), so fixing is
  idempotent: fixing the result again changes nothing.
- Edits are character offsets into the decoded file (original line endings, without BOM); no
  other byte changes. A replacement's line breaks are written in the file's own style (CRLF/CR).
- Writes are atomic (a temporary file in the same folder, fsync, ``os.replace``) and keep the BOM
  and the file mode; a file that changed on disk since it was read is not overwritten.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from digestlint.fixes import apply_edits, finding_edits
from digestlint.source import UTF8_BOM, decode, read_file

MAX_PASSES = 10


# ---------------------------------------------------------------------------- writing
def atomic_write_bytes(path: str, data: bytes) -> None:
    """Replace ``path``'s content by ``data`` atomically, keeping its mode (and its symbolic link).

    Raises :class:`OSError` (the original file is then untouched)."""
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    try:
        mode: Optional[int] = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(target) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename durable (best effort: not every platform can open a folder)
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


# ---------------------------------------------------------------------------- fixing text
def newline_of(text: str) -> str:
    """The file's line ending style: the first one found (``\\n`` when there is none)."""
    i = text.find("\n")
    j = text.find("\r")
    if j != -1 and (i == -1 or j < i):
        return "\r\n" if text.startswith("\r\n", j) else "\r"
    return "\n"


def restyle(replacement: str, newline: str) -> str:
    if newline == "\n" or "\n" not in replacement:
        return replacement
    return replacement.replace("\r\n", "\n").replace("\n", newline)


def parses(doc) -> bool:
    """True when the document was parsed completely (front matter present and valid)."""
    fm = doc.front_matter
    if fm is None:
        # a layout without front matter (front-matter: absent, or optional and not there)
        layout = getattr(doc, "layout", None)
        return layout is not None and layout.front_matter != "required" and doc.front_matter_problem is None
    return fm.error is None and fm.data is not None


@dataclass
class TextFix:
    text: str  # the fixed text (the input when nothing applied)
    applied: int  # edits applied
    passes: int
    findings: list  # the findings of the final text
    problem: Optional[str] = None  # why the text was not (fully) fixed
    fixed_rules: set = field(default_factory=set)
    fixed: int = 0  # findings whose fix was applied


def fix_text(text: str, lint: Callable[[str], tuple[object, list]], *, unsafe: bool = False) -> TextFix:
    """Fix ``text`` (decoded, original line endings, no BOM) in passes.

    ``lint(text)`` returns ``(document, findings)``; fix offsets are into ``text``.
    """
    doc, findings = lint(text)
    if not parses(doc):
        return TextFix(text, 0, 0, findings, problem="the file does not parse (front matter missing or invalid); not fixed")
    newline = newline_of(text)
    applied = 0
    fixed = 0
    passes = 0
    rules: set = set()
    problem = None
    while passes < MAX_PASSES:
        edits = finding_edits(findings, unsafe=unsafe)
        if not edits:
            break
        new, n = apply_edits(text, [(s, e, restyle(r, newline)) for s, e, r in edits])
        if n == 0 or new == text:
            break
        new_doc, new_findings = lint(new)
        passes += 1
        if not parses(new_doc):
            problem = "a fix would break the front matter; that pass was not applied"
            break
        taken = {(s, e) for s, e, _ in edits}
        done = [f for f in findings if f.fix and all((x["offset"], x["end_offset"]) in taken for x in f.fix["edits"])]
        rules.update(f.rule for f in done)
        fixed += len(done)
        text, findings, applied = new, new_findings, applied + n
    else:
        if finding_edits(findings, unsafe=unsafe):
            problem = f"fixes did not settle after {MAX_PASSES} passes"
    return TextFix(text, applied, passes, findings, problem, rules, fixed)


# ---------------------------------------------------------------------------- fixing files
@dataclass
class FileFix:
    path: str  # display path
    fs_path: str
    original: bytes = b""
    fixed: bytes = b""
    applied: int = 0
    fixed_findings: int = 0
    written: bool = False
    skipped: Optional[str] = None  # why the file was not fixed / not written
    note: Optional[str] = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original and self.skipped is None

    def diff(self) -> str:
        if not self.changed:
            return ""
        a = self.original.decode("utf-8", "replace").splitlines(keepends=True)
        b = self.fixed.decode("utf-8", "replace").splitlines(keepends=True)
        out = []
        for line in difflib.unified_diff(a, b, f"a/{self.path}", f"b/{self.path}"):
            out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
        return "".join(out)


def fix_bytes(data: bytes, path: str, settings, *, unsafe: bool = False) -> tuple[Optional[bytes], TextFix | None, Optional[str]]:
    """Fix a file's bytes. Returns ``(new bytes or None, TextFix or None, problem)``."""
    from digestlint import engine
    from digestlint.document import Document

    src = decode(data, settings.max_file_size)
    if src.problem is not None:
        return None, None, f"{src.problem.message}; not fixed"

    def lint(text: str):
        doc = Document(text, path, bom=src.bom, layout=settings.layout)
        return doc, engine.lint_document(doc, settings, collect_corpus=False).findings

    result = fix_text(src.text, lint, unsafe=unsafe)
    out = (UTF8_BOM if src.bom else b"") + result.text.encode("utf-8")
    return out, result, result.problem


def fix_file(display: str, fs_path: str, settings, *, unsafe: bool = False, write: bool = True) -> FileFix:
    out = FileFix(path=display, fs_path=fs_path)
    data, problem = read_file(fs_path, settings.max_file_size)
    if problem is not None:
        out.skipped = f"{problem.message}; not fixed"
        return out
    out.original = data
    fixed, result, note = fix_bytes(data, display, settings, unsafe=unsafe)
    if fixed is None or result is None:
        out.skipped = note
        out.fixed = data
        return out
    if result.applied == 0 and note and "does not parse" in note:
        out.skipped = note
        out.fixed = data
        return out
    out.fixed = fixed
    out.applied = result.applied
    out.fixed_findings = result.fixed
    out.note = note
    if not write or fixed == data:
        return out
    again, _ = read_file(fs_path, settings.max_file_size)
    if again is None or hashlib.sha256(again).digest() != hashlib.sha256(data).digest():
        out.skipped = "the file changed on disk while it was being fixed; not written"
        return out
    try:
        atomic_write_bytes(fs_path, fixed)
    except OSError as exc:
        out.skipped = f"cannot write: {exc.strerror or exc}"
        return out
    out.written = True
    return out


def fix_paths(paths: list[str], resolver, overrides, *, unsafe: bool = False, write: bool = True) -> list[FileFix]:
    """Fix every markdown file under ``paths`` (as ``digestlint PATHS`` would lint them)."""
    from digestlint import engine
    from digestlint.config import settings_for

    outcomes = []
    for target in engine.discover(paths, resolver):
        settings = settings_for(resolver.for_path(Path(target.fs_path)), overrides, Path(target.fs_path))
        outcomes.append(fix_file(target.display, target.fs_path, settings, unsafe=unsafe, write=write))
    return outcomes


# ---------------------------------------------------------------------------- the command line
def cli_fix(paths: list[str], resolver, overrides, *, stdin: bool, unsafe: bool, diff: bool) -> Optional[int]:
    """``--fix`` / ``--diff`` for :mod:`digestlint.cli`. Messages go to stderr (diffs to stdout).

    Returns the exit status for ``--diff`` (1 when a file would change), None for ``--fix`` (the
    command line then lints and reports what is left)."""
    import click

    from digestlint.config import ConfigError

    if stdin:
        raise ConfigError("--fix/--diff work on files, not on standard input")
    outcomes = fix_paths(paths, resolver, overrides, unsafe=unsafe, write=not diff)
    changed_files = 0
    fixed = 0
    for o in outcomes:
        if o.skipped:
            click.echo(f"digestlint: {o.path}: {o.skipped}", err=True)
        elif o.note:
            click.echo(f"digestlint: {o.path}: {o.note}", err=True)
        if diff:
            text = o.diff()
            if text:
                click.echo(text, nl=False)
        if o.changed and (diff or o.written):
            changed_files += 1
            fixed += o.fixed_findings
    verb = "Would fix" if diff else "Fixed"
    if fixed or diff:
        click.echo(f"{verb} {fixed} problem{'s' if fixed != 1 else ''} in {changed_files} file{'s' if changed_files != 1 else ''}.", err=True)
    if diff:
        return 1 if changed_files else 0
    return None
