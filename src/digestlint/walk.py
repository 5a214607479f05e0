"""The one directory walker: the markdown files under a folder, for discovery and for DL306's index.

One skip list (:data:`SKIP_DIRS`, hidden entries), one suffix list (:data:`MARKDOWN_SUFFIXES`),
one order (each folder's entries by name; a folder's files before its subfolders), each folder
visited once (by device and inode, so a link loop ends). The caller says which folders to leave
out (``skip_dir``: ``exclude``) and filters the files it is given.

Two link policies, because the two walks trust different things:

- ``contained=False`` (:func:`digestlint.engine.discover`, the folders named on the command
  line): a link to a folder is not entered; a link to a file is listed when it resolves to a
  file (a dangling link or a link to a folder is not); any other entry with a markdown suffix is
  listed (reading it reports a FIFO or a device as DL001).
- ``contained=True`` (:func:`digestlint.corpus_index.post_files`, the blog's other posts, which
  nobody named): the walk stays inside the top folder: a link (to a post or to a folder) is
  followed only when its target resolves inside it (``_posts/root -> /`` is skipped), folders
  on another file system are not entered (``/proc`` and other mounts), only regular files are
  listed, and at most :data:`MAX_FILES` files in :data:`MAX_DIRS` folders.
"""

from __future__ import annotations

import os
from typing import Callable, Iterator, Optional

MARKDOWN_SUFFIXES = (".md", ".markdown")
#: folders never walked (build output and dependencies), in both walks
SKIP_DIRS = frozenset({"_site", "node_modules", "__pycache__", "vendor"})

#: bounds of a contained walk: a post root holding more than this is listed partially (the walk
#: stops; DL306 then sees the first posts in walk order), never a walk of a whole file system
MAX_FILES = 100_000
MAX_DIRS = 20_000


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def markdown_files(top: str, *, recursive: bool = True, contained: bool = False,
                   skip_dir: Optional[Callable[[str], bool]] = None) -> Iterator[tuple[str, str]]:
    """``(folder, path)`` for every markdown file under ``top`` (see the module documentation).
    Paths are ``top`` joined with the names below it (``top`` ``"."``: the bare names);
    ``skip_dir(path)`` True leaves a folder (and everything below it) out."""
    bounded = contained
    top_real = top_dev = None
    if contained:
        try:
            top_real = os.path.realpath(top)
            top_dev = os.stat(top).st_dev
        except OSError:
            return
    stack = [top]
    seen: set = set()
    files = 0
    while stack:
        if bounded and (len(seen) >= MAX_DIRS or files >= MAX_FILES):
            return
        directory = stack.pop()
        try:
            st = os.stat(directory)
            ident = (st.st_dev, st.st_ino)
            if ident in seen or (top_dev is not None and st.st_dev != top_dev):
                continue
            seen.add(ident)
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            path = os.path.join(directory, name) if directory != "." else name
            try:
                is_link = entry.is_symlink()
                if contained:
                    if is_link and top_real is not None and not _inside(os.path.realpath(path), top_real):
                        continue  # a link out of the root: neither walked nor listed
                    is_dir = entry.is_dir()
                else:
                    is_dir = entry.is_dir(follow_symlinks=False)
                if is_dir:
                    if recursive and name not in SKIP_DIRS and not (skip_dir is not None and skip_dir(path)):
                        subdirs.append(path)
                    continue
                if not name.lower().endswith(MARKDOWN_SUFFIXES):
                    continue
                if contained:
                    if not entry.is_file():
                        continue
                elif is_link and not os.path.isfile(path):
                    continue  # a link to a folder, a dangling link or a loop
            except OSError:
                continue
            yield directory, path
            files += 1
            if bounded and files >= MAX_FILES:
                return
        stack.extend(reversed(subdirs))
