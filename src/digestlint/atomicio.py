"""Atomic file writes: a temporary file in the target's folder, then one ``os.replace``.

Every file digestlint writes (a fixed post, ``--output-file``, a baseline, cache shards, one-file
records, the start cache, the sources store) is written this way, so a crash, a full disk or a
concurrent reader never sees half a file: the target holds its old content or its new content.

- :func:`written_temp` / :func:`temp_beside` write the temporary file (the caller fills it) and
  give its name, for a caller that checks something between writing and renaming (``--fix`` makes sure
  the post did not change meanwhile);
- :func:`rename_into_place` renames it over the target (the temporary file is removed if that
  fails) and, with ``sync_dir``, makes the rename durable;
- :func:`replacing` is both as a context manager: ``with replacing(path) as fh: fh.write(...)``;
  if the body raises, the temporary file is removed and the target is untouched.

``tempfile`` is imported on first use (the one-file fast path imports this module).
"""

from __future__ import annotations

import contextlib
import os
from typing import IO, Any, Callable, Iterator, Optional


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


@contextlib.contextmanager
def written_temp(
    path: str,
    *,
    binary: bool = True,
    encoding: str = "utf-8",
    newline: Optional[str] = None,
    prefix: Optional[str] = None,
    mode: Optional[int] = None,
    fsync: bool = False,
) -> Iterator[tuple[IO[Any], str]]:
    """``with written_temp(path) as (fh, tmp): ...``: a temporary file in ``path``'s folder, open as
    ``fh``; when the body ends it is flushed, given ``mode`` (``mkstemp`` makes it 0600), synced to
    the disk with ``fsync`` and closed. If anything raises, it is removed and the exception
    propagates (:class:`OSError` when the folder cannot hold a new file)."""
    import tempfile

    directory = os.path.dirname(path) or "."
    if prefix is None:
        prefix = "." + os.path.basename(path) + "."
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=directory)
    try:
        fh: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding=encoding, newline=newline)
        with fh:
            yield fh, tmp
            fh.flush()
            if mode is not None:
                os.chmod(tmp, mode)
            if fsync:
                os.fsync(fh.fileno())
    except BaseException:
        _unlink_quietly(tmp)
        raise


def temp_beside(path: str, write: Callable[[IO[Any]], None], **options: Any) -> str:
    """The name of a temporary file in ``path``'s folder that ``write(fh)`` filled (options as
    :func:`written_temp`), for a caller that checks something before it renames it."""
    with written_temp(path, **options) as (fh, tmp):
        write(fh)
    return tmp


def sync_directory(directory: str) -> None:
    """Make a rename in ``directory`` durable (best effort: not every platform can open a folder)."""
    try:
        dfd = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def rename_into_place(tmp: str, path: str, *, sync_dir: bool = False) -> None:
    """Rename the temporary file ``tmp`` over ``path``; on failure ``tmp`` is removed and the
    exception propagates (``path`` keeps its old content)."""
    try:
        os.replace(tmp, path)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    if sync_dir:
        sync_directory(os.path.dirname(path))


@contextlib.contextmanager
def replacing(path: str, *, binary: bool = False, sync_dir: bool = False, **options: Any) -> Iterator[IO[Any]]:
    """``with replacing(path) as fh: ...``: what the body writes to ``fh`` replaces ``path`` when
    the body ends; if it raises, ``path`` is untouched and nothing is left behind. Text mode
    (``encoding``, ``newline``) unless ``binary``; other options as :func:`written_temp`."""
    with written_temp(path, binary=binary, **options) as (fh, tmp):
        yield fh
    rename_into_place(tmp, path, sync_dir=sync_dir)
