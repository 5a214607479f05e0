"""``--fix`` / ``--diff``: apply the fixes of findings to files, safely.

- Only files that parse completely are fixed: a file that cannot be read or decoded (DL001,
  DL002), has no front matter (DL003) or invalid front matter (DL004) is skipped, and a pass whose
  result would no longer parse is discarded.
- Fixes are applied in passes (lint, apply every non-overlapping fix, lint again) until no
  fixable finding remains or nothing changes (at most :data:`MAX_PASSES`), so fixing is
  idempotent: fixing the result again changes nothing. Fixes that read the whole post
  (``Rule.fix_after_others``: DL302's inserted links, DL203's numbers) get passes of their own
  after the others, so they see the others' result.
- Edits are character offsets into the decoded file (original line endings, without BOM); no
  other byte changes. A replacement's line breaks are written in the file's own style (CRLF/CR).
- Writes are atomic (a temporary file in the same folder, fsync, ``os.replace``) and keep the BOM,
  the mode, the owner and the group; a file that changed on disk since it was read is not
  overwritten (checked again right before the rename: "changed on disk; not fixed").
- Never outside the linted tree (:func:`write_target`): a post that is a symbolic link is written
  through only when its target lies inside the walked folder (or the working directory for a
  named file).
  Read-only files, hard-linked files and files whose owner cannot be kept are not fixed
  (:func:`replace_fixed`): an atomic replace would change what they are.
"""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable, Optional

from digestlint.atomicio import rename_into_place, temp_beside
from digestlint.fixes import apply_edits, finding_edits
from digestlint.source import UTF8_BOM, check_replaceable, decode, read_file_stat, read_regular

if TYPE_CHECKING:
    from digestlint.config import ConfigResolver, FileSettings, Overrides
    from digestlint.document import Document
    from digestlint.model import Finding

MAX_PASSES = 10


# ---------------------------------------------------------------------------- writing
class NotWritten(Exception):
    """A file ``--fix`` will not replace; the message says why (it ends the report line)."""


class ChangedOnDisk(NotWritten):
    """The file changed after it was read (a concurrent edit): it is left as it is now."""

    def __init__(self) -> None:
        super().__init__("changed on disk; not fixed")


def _temp_beside(path: str, data: bytes, like: Optional[os.stat_result]) -> str:
    """A temporary file in ``path``'s folder holding ``data`` (fsynced), with the mode, owner and
    group of ``like`` (an ``lstat``) or the default mode of a new file. Raises :class:`OSError`,
    or :class:`NotWritten` when the owner or group cannot be kept."""

    def write(fh: IO[Any]) -> None:
        fh.write(data)
        fh.flush()
        if like is not None:
            mine = os.fstat(fh.fileno())
            if (mine.st_uid, mine.st_gid) != (like.st_uid, like.st_gid) and hasattr(os, "fchown"):
                try:
                    os.fchown(fh.fileno(), like.st_uid, like.st_gid)
                except PermissionError:
                    raise NotWritten(
                        f"it belongs to uid {like.st_uid} / gid {like.st_gid}, which a rewritten file cannot be given "
                        "(--fix replaces files atomically); not fixed"
                    ) from None

    if like is not None:
        mode = stat.S_IMODE(like.st_mode)  # set after fchown (which clears set-id bits)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    return temp_beside(path, write, mode=mode, fsync=True)


def write_regular_file(path: str, data: bytes) -> None:
    """Create or atomically replace ``path`` (a report or a baseline) with ``data``.

    ``path`` must be missing or a regular file: a symbolic link, a FIFO, a device (``/dev/full``,
    even as root) or a folder is refused with :class:`~digestlint.source.UnsafeFile` (never
    renamed over, never written through). A replaced file keeps its mode. Raises OSError."""
    st = check_replaceable(path)
    rename_into_place(_temp_beside(path, data, st), path, sync_dir=True)


def atomic_write_bytes(path: str, data: bytes) -> None:
    """Replace ``path``'s content by ``data`` atomically, keeping its mode, owner and symbolic link
    (the link's target is replaced). The target must be a regular file (or missing).

    Raises :class:`OSError` (the original file is then untouched)."""
    target = os.path.realpath(path)
    st = check_replaceable(target)
    rename_into_place(_temp_beside(target, data, st), target, sync_dir=True)


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino, a.st_size, a.st_mtime_ns) == (b.st_dev, b.st_ino, b.st_size, b.st_mtime_ns)


def replace_fixed(path: str, data: bytes, original: bytes, read_stat: os.stat_result) -> None:
    """``--fix``'s write of one post: ``path`` is the regular file that was read (symbolic links
    already resolved by the caller), ``original`` its bytes as read and ``read_stat`` their
    ``fstat``. Atomic (temporary file, fsync, rename) and keeps mode, owner and group.

    Not written (:class:`NotWritten`): a file with several hard links (the rename would split
    them), a read-only file (no write permission for the caller or no write bit at all, so a
    ``0444`` file is never replaced, even by root), a file whose owner cannot be kept. And the
    compare-and-swap: right before the rename the file is checked again (same inode, size,
    mtime and bytes as read); an edit made meanwhile wins (:class:`ChangedOnDisk`). POSIX has no
    conditional rename, so an edit landing in the microseconds between that check and the
    rename can still be lost; every slow step (writing, fsync) happens before the check."""
    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != (read_stat.st_dev, read_stat.st_ino):
        raise ChangedOnDisk()
    if st.st_nlink > 1:
        raise NotWritten(f"it has {st.st_nlink} hard links, which replacing it would split (--fix replaces files atomically); not fixed")
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise NotWritten(f"it is read-only (mode {stat.S_IMODE(st.st_mode):04o}); not fixed")
    tmp = _temp_beside(path, data, st)
    try:
        now = os.lstat(path)
        same = _same_file(now, read_stat) and read_regular(path, len(original), follow_symlinks=False) == original
    except OSError:
        same = False
    if not same:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ChangedOnDisk()
    rename_into_place(tmp, path, sync_dir=True)


# ---------------------------------------------------------------------------- fixing text
def newline_of(text: str) -> str:
    """The file's line ending style: the first one found (``\\n`` when there is none)."""
    i = text.find("\n")
    j = text.find("\r")
    if j != -1 and (i == -1 or j < i):
        return "\r\n" if text.startswith("\r\n", j) else "\r"
    return "\n"


def restyle(replacement: str, newline: str) -> str:
    """A replacement's line breaks in the file's style (``newline``: ``\\n``, ``\\r\\n`` or ``\\r``)."""
    if newline == "\n" or "\n" not in replacement:
        return replacement
    return replacement.replace("\r\n", "\n").replace("\n", newline)


def parses(doc: Document) -> bool:
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


def fix_text(text: str, lint: Callable[[str], tuple[Document, list[Finding]]], *, unsafe: bool = False) -> TextFix:
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
        new, n, edits = text, 0, []
        for batch in _batches(findings):
            edits = finding_edits(batch, unsafe=unsafe)
            if edits:
                new, n = apply_edits(text, [(s, e, restyle(r, newline)) for s, e, r in edits])
                if n and new != text:
                    break
        if n == 0 or new == text:
            break
        new_doc, new_findings = lint(new)
        passes += 1
        if not parses(new_doc):
            problem = "a fix would break the front matter; that pass was not applied"
            break
        taken = {(s, e) for s, e, _ in edits}
        done = [f for f in findings if f.fix is not None and all((x.offset, x.end_offset) in taken for x in f.fix.edits)]
        rules.update(f.rule for f in done)
        fixed += len(done)
        text, findings, applied = new, new_findings, applied + n
    else:
        if finding_edits(findings, unsafe=unsafe):
            problem = f"fixes did not settle after {MAX_PASSES} passes"
    return TextFix(text, applied, passes, findings, problem, rules, fixed)


def _batches(findings: list) -> list[list]:
    """The findings whose fixes one pass applies, in the order to try: the fixes of every rule
    except those marked ``fix_after_others``, then (only when those change nothing) the marked
    ones. Fixes whose effects interact are so applied in separate passes, the text linted again
    between them (a link inserted because a stray fence hid the existing one, then the fence
    deleted, left the link twice)."""
    from digestlint import registry

    first: list = []
    later: list = []
    for f in findings:
        if f.fix is not None:
            rule = registry.lookup(f.rule)
            (later if rule is not None and rule.fix_after_others else first).append(f)
    return [first, later] if first and later else [first or later]


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


def fix_bytes(data: bytes, path: str, settings: FileSettings, *, unsafe: bool = False) -> tuple[Optional[bytes], TextFix | None, Optional[str]]:
    """Fix a file's bytes. Returns ``(new bytes or None, TextFix or None, problem)``."""
    from digestlint import engine
    from digestlint.document import Document

    src = decode(data, settings.max_file_size)
    if src.problem is not None:
        return None, None, f"{src.problem.message}; not fixed"
    assert src.text is not None  # decoded without a problem

    def lint(text: str) -> tuple[Document, list[Finding]]:
        doc = Document(text, path, bom=src.bom, layout=settings.layout)
        return doc, engine.lint_document(doc, settings, collect_corpus=False).findings

    result = fix_text(src.text, lint, unsafe=unsafe)
    out = (UTF8_BOM if src.bom else b"") + result.text.encode("utf-8")
    return out, result, result.problem


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def write_target(fs_path: str, tree: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """Where ``--fix`` may write the post named ``fs_path``: ``(real path, None)`` or ``(None, why
    not)``. A post that is not a symbolic link is written where it is (folders on the way are
    taken as given: the walk never enters a linked folder, and a folder named through a link is
    the caller's choice). A post that is a symbolic link is written through, the link kept, only
    when its final target lies inside ``tree``: the folder that was walked, or the working
    directory for a file named on the command line (``tree`` None). A link out of the tree
    (``blog/p.md -> ../../secret.md``, ``p.md -> ~/.bashrc`` in a cloned repository, which
    pre-commit names) is linted, never written."""
    real = os.path.realpath(fs_path)
    if not os.path.islink(fs_path):
        return real, None
    root = os.path.realpath(tree if tree is not None else os.getcwd())
    if _inside(real, root):
        return real, None
    return None, f"it is a symbolic link to {real}, outside the linted tree ({root}); not fixed"


def fix_file(display: str, fs_path: str, settings: FileSettings, *, unsafe: bool = False, write: bool = True,
             tree: Optional[str] = None) -> FileFix:
    """Fix one post (``tree``: the folder it was found in by walking, None when named; see
    :func:`write_target` and :func:`replace_fixed` for what is written and what is refused)."""
    out = FileFix(path=display, fs_path=fs_path)
    read_path = fs_path
    if write:
        target, why = write_target(fs_path, tree)
        if target is None:
            out.skipped = why
            return out
        read_path = target
    data, problem, read_stat = read_file_stat(read_path, settings.max_file_size, follow_symlinks=not write)
    if problem is not None or data is None or read_stat is None:
        out.skipped = f"{problem.message if problem else 'cannot read file'}; not fixed"
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
    try:
        replace_fixed(read_path, fixed, data, read_stat)
    except NotWritten as exc:
        out.skipped = str(exc)
        return out
    except OSError as exc:
        out.skipped = f"cannot write: {exc.strerror or exc}"
        return out
    out.written = True
    return out


def fix_paths(paths: list[str], resolver: ConfigResolver, overrides: Overrides, *, unsafe: bool = False, write: bool = True,
              force_include: bool = False) -> list[FileFix]:
    """Fix every markdown file under ``paths`` (as ``digestlint PATHS`` would lint them)."""
    from digestlint import engine
    from digestlint.config import settings_for

    outcomes = []
    for target in engine.discover(paths, resolver, force_include=force_include):
        settings = settings_for(resolver.for_path(Path(target.fs_path)), overrides, Path(target.fs_path))
        outcomes.append(fix_file(target.display, target.fs_path, settings, unsafe=unsafe, write=write,
                                 tree=getattr(target, "root", None)))
    return outcomes


# ---------------------------------------------------------------------------- the command line
@dataclass
class FixReport:
    """What ``--fix`` / ``--diff`` has to say, for :mod:`digestlint.cli` to print: ``output`` in
    order, each piece ``(to_stderr, text)`` (messages to stderr, diffs to stdout), and ``status``,
    the exit status for ``--diff`` (1 when a file would change), None for ``--fix`` (the command
    line then lints and reports what is left)."""

    output: list[tuple[bool, str]] = field(default_factory=list)
    status: Optional[int] = None


def cli_fix(paths: list[str], resolver: ConfigResolver, overrides: Overrides, *, stdin: bool, unsafe: bool, diff: bool,
            force_include: bool = False) -> FixReport:
    """``--fix`` / ``--diff`` for :mod:`digestlint.cli`: fix (or diff) the files; prints nothing."""
    from digestlint.config import ConfigError

    if stdin:
        raise ConfigError("--fix/--diff work on files, not on standard input")
    outcomes = fix_paths(paths, resolver, overrides, unsafe=unsafe, write=not diff, force_include=force_include)
    report = FixReport()
    out = report.output
    changed_files = 0
    fixed = 0
    for o in outcomes:
        if o.skipped:
            out.append((True, f"digestlint: {o.path}: {o.skipped}\n"))
        elif o.note:
            out.append((True, f"digestlint: {o.path}: {o.note}\n"))
        if diff:
            text = o.diff()
            if text:
                out.append((False, text))
        if o.changed and (diff or o.written):
            changed_files += 1
            fixed += o.fixed_findings
    verb = "Would fix" if diff else "Fixed"
    if fixed or diff:
        out.append((True, f"{verb} {fixed} problem{'s' if fixed != 1 else ''} in {changed_files} file{'s' if changed_files != 1 else ''}.\n"))
    if diff:
        report.status = 1 if changed_files else 0
    return report
