"""Linting many files: serially, or in worker processes for a large cold run.

Results come back in the order of the input, whatever the number of processes, so a run with
``--jobs 4`` prints exactly what ``--jobs 1`` prints. Work is sent in chunks (one pickled task per
chunk, not per file) to keep inter-process traffic small. A worker that dies (killed, out of
memory, a crash in a C extension) breaks a ``ProcessPoolExecutor`` and makes it raise instead of
hanging; the chunks without a result are then linted in this process, so no file is lost.
"""

from __future__ import annotations

import os
import sys
from typing import Optional

#: fewer files to lint than this: one process (starting workers would cost more than it saves)
MIN_PARALLEL_FILES = 50
#: at most this many files per task
MAX_CHUNK = 64
#: a run of at most this many files hands the content digests of its cache hits to ``emit``
SMALL_RUN = 16


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def lint_one(target, settings, data: Optional[bytes] = None, want_index: bool = False):
    """Lint one file; returns ``(FileResult, sha256 of the bytes linted or None)``.

    ``want_index``: also index the bytes for DL306 (``FileResult.index``, with the file's stat
    taken before reading), so a run with a cache fills the blog index without reading twice."""
    from digestlint import cache, engine, source

    st = None
    if data is None:
        if want_index:
            data, problem, st = source.read_file_stat(target.fs_path, settings.max_file_size)
        else:
            data, problem = source.read_file(target.fs_path, settings.max_file_size)
        if problem is not None:
            return engine.problem_result(target.display, target.fs_path, problem, settings), None
        assert data is not None  # bytes or a problem
    result = engine.lint_bytes(data, target.display, target.fs_path, settings)
    if want_index and st is not None:
        result.index = _index_of(data, target.fs_path, st, settings.max_file_size)
    return result, (cache.content_digest(data) if normalise(result) else None)


def _index_of(data: bytes, fs_path: str, st, max_size: int):
    """A ``corpus_index.LintedIndex``: the stat and what ``corpus_index.index_file(fs_path,
    max_size)`` returns for these bytes (None for binary or non-UTF-8 content)."""
    from digestlint import corpus_index

    value = None
    if len(data) <= max_size and b"\x00" not in data:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            value = corpus_index.index_text(text, os.path.basename(fs_path))
    return corpus_index.LintedIndex(st.st_size, st.st_mtime_ns, st.st_ino, max_size, value)


def _lint_chunk(chunk) -> list:
    return [lint_one(*item) for item in chunk]


def _chunks(items: list, jobs: int) -> list[list]:
    size = max(4, min(MAX_CHUNK, -(-len(items) // (jobs * 8))))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _mp_context():
    import multiprocessing

    # fork: workers inherit the imported rules, the parser and every loaded data file (a
    # worker started with spawn would pay the start-up and the lazy loads again).
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def lint_many(items: list, jobs: int, progress=None, emit=None, freeze_before_fork: bool = False) -> Optional[list]:
    """Lint ``items`` (``(Target, FileSettings, bytes or None)``); ``[(FileResult, digest)]`` in order.

    With ``emit``, each result is handed to ``emit(j, result, digest)`` (``j`` its index in
    ``items``) as soon as its chunk is back, in any order, and nothing is kept (returns None).
    ``freeze_before_fork``: ``gc.freeze()`` before starting workers (the command line asks for
    it): forked workers then do not touch, and so do not copy, the pages of the objects this
    process loaded."""
    out: list = [None] * len(items)

    def give(j: int, pair) -> None:
        if emit is None:
            out[j] = pair
        else:
            emit(j, *pair)

    if jobs <= 1 or len(items) < MIN_PARALLEL_FILES:
        for j, item in enumerate(items):
            give(j, lint_one(*item))
            if progress is not None:
                progress.advance()
        return out if emit is None else None
    # Lint the first file here: this loads every lazily imported library and data file once,
    # before the workers are forked, so they start warm.
    give(0, lint_one(*items[0]))
    if progress is not None:
        progress.advance()
    rest = [(t, s, None, *more) for t, s, _, *more in items[1:]]  # workers read the files themselves
    if freeze_before_fork:
        import gc

        gc.freeze()
    chunks = _chunks(rest, jobs)
    starts = [1 + sum(len(c) for c in chunks[:i]) for i in range(len(chunks))]
    done = [False] * len(chunks)
    failed: list[BaseException] = []  # ``emit`` raised: not a pool failure, re-raised below
    try:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=_mp_context()) as pool:
            futures = {pool.submit(_lint_chunk, chunk): i for i, chunk in enumerate(chunks)}
            for fut in as_completed(futures):
                i = futures.pop(fut)  # a finished future keeps its result: hold none of them
                try:
                    pairs = fut.result()
                except Exception:  # BrokenProcessPool, an unpicklable value ...: linted here below
                    continue
                done[i] = True
                try:
                    for k, pair in enumerate(pairs):
                        give(starts[i] + k, pair)
                except BaseException as exc:
                    failed.append(exc)
                    raise
                del pairs
                if progress is not None:
                    progress.advance(len(chunks[i]))
    except Exception:  # a failed fork, a pool that cannot start ...
        if failed:
            raise
    for i, chunk in enumerate(chunks):
        if not done[i]:  # lost with a broken pool: lint it here
            for k, item in enumerate(chunk):
                give(starts[i] + k, lint_one(*item))
            if progress is not None:
                progress.advance(len(chunk))
    return out if emit is None else None


def normalise(result) -> bool:
    """Pass corpus summaries through JSON (as the cache would): a cold and a warm run then give
    corpus rules identical values. False when a summary is not JSON-serialisable (not cacheable)."""
    if not result.corpus:
        return True
    from digestlint.cache import json_roundtrip

    try:
        result.corpus = json_roundtrip(result.corpus)
    except (TypeError, ValueError, RecursionError):
        return False
    return True


def lint_all(jobs: list, n_jobs: int, store=None, progress=None, emit=None,
             freeze_before_fork: bool = False) -> Optional[list]:
    """Lint ``jobs`` (``(Target, FileSettings)``) through the cache ``store`` (or None):
    results from the cache where the file is unchanged, the rest linted (in processes when
    there are many); the fresh ones are stored. Returns the FileResults in the order of
    ``jobs``, or, with ``emit``, hands each to ``emit(i, result, digest)`` (any order; ``digest``
    the SHA-256 of the bytes linted, or None; given for hits only in runs of at most
    :data:`SMALL_RUN` files) and keeps none. ``freeze_before_fork``: see :func:`lint_many`."""
    from digestlint import engine
    from digestlint.cache import content_digest
    from digestlint.source import read_file

    results: list = [None] * len(jobs)

    def give(i: int, result, digest=None) -> None:
        if emit is None:
            results[i] = result
        else:
            emit(i, result, digest)

    todo: list[int] = []
    if store is not None and not store.is_empty():
        wanted = []
        for i, (target, settings) in enumerate(jobs):
            data, problem = read_file(target.fs_path, settings.max_file_size)
            if problem is not None:
                give(i, engine.problem_result(target.display, target.fs_path, problem, settings))
                if progress is not None:
                    progress.advance()
            else:
                assert data is not None  # bytes or a problem
                digest = content_digest(data)
                wanted.append((i, store.key(settings, target.display, digest), target.display, target.fs_path, digest))
            del data
        digests = {item[0]: item[4] for item in wanted} if len(wanted) <= SMALL_RUN else {}
        # one shard in memory at a time
        for i, result in store.get_many([item[:4] for item in wanted]):
            if result is None:
                todo.append(i)
                continue
            give(i, result, digests.get(i))
            if progress is not None:
                progress.advance()
        todo.sort()
    else:
        todo = list(range(len(jobs)))
    want_index = store is not None  # fills DL306's blog index (corpus_index.CorpusIndex.fresh) without a second read
    extra = (True,) if want_index else ()

    def fresh(j: int, result, digest) -> None:
        i = todo[j]
        target, settings = jobs[i]
        if store is not None and digest is not None and not result.errors:
            store.put(store.key(settings, target.display, digest), result)
        give(i, result, digest)

    lint_many([(jobs[i][0], jobs[i][1], None, *extra) for i in todo], n_jobs, progress, emit=fresh,
              freeze_before_fork=freeze_before_fork)
    return results if emit is None else None
