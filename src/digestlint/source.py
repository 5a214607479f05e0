"""Reading a file safely: regular files only, bounded size, decoding with exact error positions."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from typing import Optional

UTF8_BOM = b"\xef\xbb\xbf"


@dataclass
class Problem:
    rule: str  # "DL001" or "DL002"
    message: str
    line: int = 1
    column: int = 1


@dataclass
class Source:
    text: Optional[str]
    bom: bool = False
    problem: Optional[Problem] = None
    size: int = 0


def _describe(exc: OSError) -> str:
    return exc.strerror or str(exc)


def read_file(path: str, max_size: int) -> tuple[Optional[bytes], Optional[Problem]]:
    """Read a regular file without ever blocking on a FIFO or device."""
    data, problem, _st = read_file_stat(path, max_size)
    return data, problem


def _read_bounded(fd: int, max_size: int) -> Optional[bytes]:
    """The bytes read from ``fd`` to its end, or None when there are more than ``max_size``:
    never more than ``max_size + 1`` bytes are read (a file that grows, or ``/dev/zero`` behind a
    name, cannot exhaust memory)."""
    chunks = []
    remaining = max_size + 1
    while remaining > 0:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    data = b"".join(chunks)
    return None if len(data) > max_size else data


def read_file_stat(path: str, max_size: int, follow_symlinks: bool = True) -> tuple[Optional[bytes], Optional[Problem], Optional[os.stat_result]]:
    """:func:`read_file`, and the ``fstat`` of the file taken before reading it (None on a problem).
    ``follow_symlinks=False``: a symbolic link is a problem (``O_NOFOLLOW``)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_symlinks:
            return None, Problem("DL001", "cannot read file: it became a symbolic link"), None
        if exc.errno == errno.ELOOP:
            return None, Problem("DL001", "cannot read file: too many levels of symbolic links"), None
        if exc.errno == errno.EISDIR:
            return None, Problem("DL001", "cannot read file: it is a directory"), None
        return None, Problem("DL001", f"cannot read file: {_describe(exc)}"), None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a directory" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode) else "not a regular file"
            return None, Problem("DL001", f"cannot read file: it is {kind}" if kind != "not a regular file" else "cannot read file: not a regular file"), None
        if st.st_size > max_size:
            return None, Problem("DL002", f"file is {st.st_size} bytes, larger than the limit of {max_size} bytes (max-file-size); not linted"), None
        data = _read_bounded(fd, max_size)
        if data is None:
            return None, Problem("DL002", f"file is larger than the limit of {max_size} bytes (max-file-size); not linted"), None
        return data, None, st
    except OSError as exc:
        return None, Problem("DL001", f"cannot read file: {_describe(exc)}"), None
    finally:
        os.close(fd)


class UnsafeFile(OSError):
    """A file digestlint will not read or replace: not a regular file, a symbolic link where
    none is allowed, or larger than the bound. ``str()`` is a phrase for a message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.strerror = message
        self.message = message

    def __str__(self) -> str:
        return self.message


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def read_regular(path, max_size: int, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of a regular file of at most ``max_size`` bytes.

    Never blocks (a FIFO or a device is opened non-blocking and refused after ``fstat``), never
    reads more than ``max_size + 1`` bytes (``/dev/zero`` behind a name cannot exhaust memory), and
    with ``follow_symlinks=False`` refuses a symbolic link (``O_NOFOLLOW``: checked by the kernel
    at open, so the link cannot be swapped in between a check and the open).
    Raises :class:`UnsafeFile` or :class:`OSError`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow_symlinks and exc.errno == errno.ELOOP:
            raise UnsafeFile("it is a symbolic link (not followed)") from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFile(f"it is {_kind(st.st_mode)}, not a regular file")
        if st.st_size > max_size:
            raise UnsafeFile(f"it is {st.st_size} bytes, larger than the limit of {max_size} bytes")
        data = _read_bounded(fd, max_size)
        if data is None:
            raise UnsafeFile(f"it is larger than the limit of {max_size} bytes")
        return data
    finally:
        os.close(fd)


def check_replaceable(path) -> Optional[os.stat_result]:
    """The ``lstat`` of ``path`` when it may be replaced by a new regular file (None when it does
    not exist); raises :class:`UnsafeFile` when it is a symbolic link, a FIFO, a device, a socket
    or a directory: such a name is never renamed over or written through."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeFile(f"it is {_kind(st.st_mode)}, not a regular file; not replaced")
    return st


def decode(data: bytes, max_size: int) -> Source:
    """Decode UTF-8 (a BOM is fine); binary, UTF-16, UTF-32 and invalid UTF-8 become DL001 problems."""
    if len(data) > max_size:
        return Source(None, problem=Problem("DL002", f"input is {len(data)} bytes, larger than the limit of {max_size} bytes (max-file-size); not linted"), size=len(data))
    bom = data.startswith(UTF8_BOM)
    if bom:
        data = data[3:]
    wide = _wide_encoding(data)
    if wide is not None:
        return Source(None, problem=Problem("DL001", f"file is {wide} encoded; save it as UTF-8"), size=len(data))
    nul = data.find(b"\x00")
    if nul != -1:
        line, col = _byte_position(data, nul)
        return Source(None, problem=Problem("DL001", "binary content: NUL byte (the file is not a text post)", line, col), size=len(data))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        return Source(None, problem=Problem("DL001", f"not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line}, column {col}", line, col), size=len(data))
    return Source(text, bom=bom, size=len(data))


def _wide_encoding(data: bytes) -> Optional[str]:
    """``"UTF-32"`` / ``"UTF-16"`` for a file that starts with one of their byte order marks.

    The UTF-32 marks are tested first: the little-endian one (``FF FE 00 00``) begins with the
    UTF-16 little-endian mark (``FF FE``)."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    return None


def _byte_position(data: bytes, index: int) -> tuple[int, int]:
    """1-based (line, column) of a byte, lines ending in ``\n``, ``\r\n`` or ``\r`` (as the
    document model counts them), columns in characters."""
    line = data.count(b"\n", 0, index) + data.count(b"\r", 0, index) - data.count(b"\r\n", 0, index) + 1
    if index > 0 and data[index - 1:index + 1] == b"\r\n":
        line -= 1  # the byte is the \n of a \r\n: still on the \r's line
    start = max(data.rfind(b"\n", 0, index), data.rfind(b"\r", 0, index)) + 1
    col = len(data[start:index].decode("utf-8", "replace")) + 1
    return line, col
