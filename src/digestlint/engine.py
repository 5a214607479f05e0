"""The engine: finds files, lints each one, runs corpus rules, returns sorted findings.

The CLI and the LSP server are thin layers over :func:`lint_text` and :func:`run`.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional

from digestlint import registry, walk

if TYPE_CHECKING:
    from digestlint import corpus_index
from digestlint.config import ConfigResolver, FileSettings, Overrides, settings_for
from digestlint.document import Document, Suppressions
from digestlint.model import SEVERITY_RANK, CorpusViolation, Finding, FindingEdit, FindingFix, Fix, Violation
from digestlint.registry import CorpusContext, CorpusItem, RuleContext
from digestlint.source import Problem, decode, read_file

MARKDOWN_SUFFIXES = walk.MARKDOWN_SUFFIXES


class InternalError(Exception):
    """A rule broke its contract (crashed or reported an impossible position)."""


def _crash(what: str, exc: BaseException) -> str:
    """An internal error's message: one line, followed by the traceback when DIGESTLINT_DEBUG
    is set (``--verbose``; the command prints the lines after the first only then)."""
    message = f"{what}: {type(exc).__name__}: {exc}"
    if os.environ.get("DIGESTLINT_DEBUG", "").strip().lower() not in ("", "0", "false", "no"):
        import traceback

        message += "\n" + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return message


# ---------------------------------------------------------------------------- discovery
@dataclass(frozen=True)
class Target:
    display: str  # path as shown (as given / relative to the working directory)
    fs_path: str  # the file (standard input is no Target: engine.run lints it with lint_bytes)
    root: Optional[str] = None  # the folder given on the command line it was found in (None: named)


def discover(paths: Iterable[str], resolver: ConfigResolver, *, force_include: bool = False,
             unmatched: Optional[list[tuple[str, int]]] = None) -> list[Target]:
    """The posts under ``paths``: in a folder, the markdown files that match ``include`` (and no
    ``exclude``); a file named explicitly is taken whatever its name or suffix (``exclude`` still
    applies), unless ``force_include`` (the pre-commit hook: a staged README.md is not a post).

    ``unmatched`` (when given) receives ``(folder, markdown files left out by include)`` for every
    folder of ``paths`` in which no post was found (a mistyped CI path must not pass silently)."""
    targets: list[Target] = []
    seen: set[str] = set()

    def add(display: str, fs: str, root: Optional[str] = None) -> None:
        real = os.path.abspath(fs)
        if real in seen:
            return
        seen.add(real)
        targets.append(Target(display, fs, root))

    for given in paths:
        try:
            st = os.stat(given)
        except OSError:
            add(given, given)  # reported as DL001 (no such file ...) when read
            continue
        if not stat.S_ISDIR(st.st_mode):
            config = resolver.for_path(Path(given))
            if config.is_excluded(Path(given)) or (force_include and not config.is_included(Path(given))):
                continue
            add(given, given)
            continue
        found = not_posts = 0
        configs: dict[str, Any] = {}  # folder -> its configuration (the nearest one)

        def config_of(directory: str) -> Any:
            config = configs.get(directory)
            if config is None:
                config = configs[directory] = resolver.for_path(Path(directory) / "_")
            return config

        def skip_dir(path: str) -> bool:
            return config_of(os.path.dirname(path) or ".").is_excluded(Path(path))

        for directory, path in walk.markdown_files(given, skip_dir=skip_dir):
            config = config_of(directory)
            if config.is_excluded(Path(path)):
                continue
            if not config.is_included(Path(path)):
                not_posts += 1
                continue
            found += 1
            add(path, path, given)
        if unmatched is not None and not found:
            unmatched.append((given, not_posts))
    return targets


# ---------------------------------------------------------------------------- one file
@dataclass
class FileResult:
    path: str
    fs_path: Optional[str]
    findings: list[Finding] = field(default_factory=list)
    corpus: dict[str, Any] = field(default_factory=dict)  # rule ID -> summary
    suppressions: Optional[Suppressions] = None
    errors: list[str] = field(default_factory=list)  # internal errors (rule crashes)
    #: DL306's index of the bytes linted (runs with a cache only: it fills the blog index without
    #: reading the file again); never cached
    index: Optional["corpus_index.LintedIndex"] = None


def _position_finding(path: str, rule, severity: str, message: str, line: int, column: int,
                      end_line: Optional[int] = None, end_column: Optional[int] = None) -> Finding:
    return Finding(
        path=path,
        line=line,
        column=column,
        end_line=end_line if end_line is not None else line,
        end_column=end_column if end_column is not None else column,
        rule=rule.id,
        name=rule.name,
        severity=severity,
        message=message,
    )


def _place_fix(doc: Document, fix: Fix) -> FindingFix:
    """A rule's fix (offsets into ``doc.text``) placed in the file: positions and source offsets."""
    edits = []
    for e in sorted(fix.edits, key=lambda e: (e.start, e.end)):
        line, col = doc.position(e.start)
        end_line, end_col = doc.position(e.end)
        edits.append(FindingEdit(line, col, end_line, end_col, doc.source_offset(e.start), doc.source_offset(e.end),
                                 e.replacement))
    return FindingFix(fix.safe, fix.description, tuple(edits))


def _validate_violation(doc: Document, rule, v: Any) -> None:
    n = len(doc.text)
    if not isinstance(v, Violation):
        raise InternalError(f"rule {rule.id} reported {type(v).__name__}, not a Violation")
    if not (isinstance(v.start, int) and isinstance(v.end, int) and 0 <= v.start <= v.end <= n):
        raise InternalError(f"rule {rule.id} reported an offset outside the file ({v.start}..{v.end} of {n})")
    if not isinstance(v.message, str) or not v.message.strip():
        raise InternalError(f"rule {rule.id} reported an empty message")
    if v.fix is not None:
        last = -1
        for e in sorted(v.fix.edits, key=lambda e: (e.start, e.end)):
            if not (0 <= e.start <= e.end <= n) or e.start < last:
                raise InternalError(f"rule {rule.id} reported a fix with an invalid or overlapping edit")
            last = e.end


def lint_document(doc: Document, settings: FileSettings, *, collect_corpus: bool = True) -> FileResult:
    """Run every enabled rule on a parsed document (suppressions applied)."""
    if doc.layout != settings.layout:  # a document parsed without the file's layout: parse it again
        doc = Document(doc.source, doc.path, bom=doc.bom, layout=settings.layout)
    result = FileResult(path=doc.path, fs_path=None)
    table = registry.by_key()
    findings = result.findings
    spans: list[tuple[int, int, int, int]] = []  # per finding: its span and the span it covers
    for rule_id in settings.rules:
        rule = table[rule_id]
        if rule.file_level or rule.engine_reported:
            continue
        deferred = frozenset(r for r in rule.defers_to if r in settings.rules) if rule.defers_to else frozenset()
        ctx = RuleContext(options=settings.options.get(rule_id, {}), language=settings.language, settings=settings,
                          deferred=deferred)
        try:
            if isinstance(rule, registry.CorpusRule):
                if collect_corpus:
                    summary = rule.collect(doc, ctx)
                    if summary is not None:
                        result.corpus[rule_id] = summary
                continue
            severity = settings.severities.get(rule_id, rule.severity)
            for v in rule.check(doc, ctx):
                _validate_violation(doc, rule, v)
                line, col = doc.position(v.start)
                end_line, end_col = doc.position(v.end)
                sev = v.severity if v.severity and severity == rule.severity else severity
                f = _position_finding(doc.path, rule, sev, v.message, line, col, end_line, end_col)
                if v.fix is not None:
                    f.fix = _place_fix(doc, v.fix)
                f.text = doc.text[v.start:v.end][:200]
                findings.append(f)
                cs, ce = v.covers if v.covers else (-1, -1) if v.covers == () else (v.start, v.end)
                spans.append((v.start, v.end, cs, ce))
        except InternalError as exc:
            result.errors.append(f"{doc.path}: {exc}")
        except Exception as exc:  # a rule crashed: report it, keep linting
            result.errors.append(_crash(f"{doc.path}: rule {rule.id} ({rule.name}) crashed", exc))
    if spans:
        result.findings = findings = root_causes(findings, spans, table)
    sup = doc.suppressions
    if not sup.is_empty():
        # a copy per run: ``used`` (for DL006) depends on the rules this run checked
        result.suppressions = sup = Suppressions(entries=sup.entries, directives=sup.directives)
        kept = []
        for f in findings:
            hits = sup.matching(f.line, (f.rule, f.name))
            if hits:
                sup.used.update(hits)
            else:
                kept.append(f)
        result.findings = kept
    _attach_papers(doc, result.findings)
    return result


def _overlaps(start: int, end: int, cs: int, ce: int) -> bool:
    if start == end or cs == ce:  # an empty span: inside or at the edge of the other
        return cs <= start <= ce or start <= cs <= end
    return start < ce and cs < end


def root_causes(findings: list[Finding], spans: list[tuple[int, int, int, int]], table) -> list[Finding]:
    """The findings without the consequences of another finding (one defect, one finding).

    A finding of rule S is a consequence when S ``defers_to`` a rule R and a finding of R covers
    (``Violation.covers``, by default its own span) a span overlapping S's finding: R's finding
    names the root cause at that place (a malformed link explains the missing link kind and the
    stray lead line; a duplicated section explains its repeated sentences). Every finding of R
    counts, also one that is itself a consequence of a third rule's. Suppressions apply after
    this: suppressing the root cause accepts the defect."""
    import bisect

    deferring = any(table[f.rule].defers_to for f in findings)
    if not deferring:
        return findings
    by_rule: dict[str, list[tuple[int, int]]] = {}
    for f, (_s, _e, cs, ce) in zip(findings, spans):
        if cs >= 0:
            by_rule.setdefault(f.rule, []).append((cs, ce))
    # per root rule: its spans sorted by start, the starts, and the running maximum of the ends
    # (a hostile post can have thousands of findings: no pairwise comparison)
    roots = {}
    for rule, lst in by_rule.items():
        lst.sort()
        run, top = [], -1
        for _cs, ce in lst:
            top = max(top, ce)
            run.append(top)
        roots[rule] = (lst, [cs for cs, _ce in lst], run)

    def explained(s: int, e: int, owner: str) -> bool:
        entry = roots.get(owner)
        if entry is None:
            return False
        lst, starts, run = entry
        n = bisect.bisect_right(starts, e)  # the spans starting at or before this one's end
        if n == 0 or run[n - 1] < s:
            return False
        return any(_overlaps(s, e, *lst[k]) for k in range(n - 1, -1, -1) if lst[k][1] >= s)

    kept = []
    for f, (s, e, _cs, _ce) in zip(findings, spans):
        owners = table[f.rule].defers_to
        if owners and any(explained(s, e, r) for r in owners):
            continue
        kept.append(f)
    return kept


def _attach_papers(doc: Document, findings: list[Finding]) -> None:
    """Record the arXiv identifier of the paper each finding belongs to (for baselines)."""
    if not findings:
        return
    import bisect

    papers = doc.papers
    if not papers:
        return
    starts = [p.heading_line for p in papers]  # papers are in file order and do not overlap
    for f in findings:
        i = bisect.bisect_right(starts, f.line) - 1
        if i >= 0 and f.line <= papers[i].end_line:
            f.paper = papers[i].url or papers[i].heading_text


def problem_result(path: str, fs_path: Optional[str], problem: Problem, settings: FileSettings) -> FileResult:
    result = FileResult(path=path, fs_path=fs_path)
    if problem.rule in settings.rules:
        rule = registry.by_key()[problem.rule]
        result.findings.append(
            _position_finding(path, rule, settings.severities.get(rule.id, rule.severity), problem.message, problem.line, problem.column)
        )
    return result


def lint_bytes(data: bytes, path: str, fs_path: Optional[str], settings: FileSettings) -> FileResult:
    src = decode(data, settings.max_file_size)
    if src.problem is not None:
        return problem_result(path, fs_path, src.problem, settings)
    assert src.text is not None  # decoded without a problem
    doc = Document(src.text, path, bom=src.bom, layout=settings.layout)
    result = lint_document(doc, settings)
    result.fs_path = fs_path
    return result


def lint_file(target: Target, settings: FileSettings) -> FileResult:
    data, problem = read_file(target.fs_path, settings.max_file_size)
    if problem is not None:
        return problem_result(target.display, target.fs_path, problem, settings)
    assert data is not None  # read_file gives bytes or a problem
    return lint_bytes(data, target.display, target.fs_path, settings)


def lint_text(text: str, path: str, settings: FileSettings) -> list[Finding]:
    """Lint an in-memory text (the editor server). Corpus rules are not run."""
    doc = Document(text[1:] if text.startswith("\ufeff") else text, path, bom=text.startswith("\ufeff"),
                   layout=settings.layout)
    result = lint_document(doc, settings, collect_corpus=False)
    result.findings.extend(unused_suppressions(result, settings, corpus_ran=False))
    return sorted(result.findings, key=Finding.sort_key)


def unused_suppressions(result: Any, settings: FileSettings, corpus_used: Iterable[int] = (),
                        corpus_ran: bool = True) -> list[Finding]:
    """DL006 findings of a linted file: one per suppression comment that suppressed nothing (or
    whose named rules, some of them, suppressed nothing). ``corpus_used``: entries that hid a
    corpus rule's finding; ``corpus_ran`` False (the editor): suppressions that could be for a
    corpus rule are never reported. Only rules enabled for the file are considered."""
    sup = result.suppressions
    if sup is None or "DL006" not in settings.rules:
        return []
    rule = registry.by_key()["DL006"]
    severity = settings.severities.get(rule.id, rule.severity)
    used = set(sup.used) | set(corpus_used)
    corpus_ids = {r.id for r in registry.all_rules() if r.corpus}
    enabled = set(settings.rules)
    unused: dict[int, list[str]] = {}
    own: list[int] = []  # entries naming DL006 itself: they may hide the findings made here
    for i, (name, _first, _last, directive) in enumerate(sup.entries):
        if name == "DL006":
            own.append(i)
            continue
        if i in used or (name != "*" and name not in enabled):
            continue
        if not corpus_ran and (name == "*" or name in corpus_ids):
            continue
        unused.setdefault(directive, []).append(name)

    def finding(directive: int, names: list[str]) -> Finding:
        line, col, end_line, end_col = sup.directives[directive]
        if names == ["*"]:
            what = "this suppression (all rules) suppressed no finding"
        else:
            table = registry.by_key()
            listed = ", ".join(f"{n} ({table[n].name})" if n in table else n for n in names)
            what = f"suppression of {listed} suppressed no finding"
        return _position_finding(result.path, rule, severity, f"unused suppression: {what}; remove it",
                                 line, col, end_line, end_col)

    out = []
    for directive, names in sorted(unused.items()):
        f = finding(directive, names)
        hits = [i for i in own if sup.entries[i][1] <= f.line <= sup.entries[i][2]]
        if hits:
            used.update(hits)
        else:
            out.append(f)
    leftover: dict[int, list[str]] = {}
    for i in own:
        if i not in used:
            leftover.setdefault(sup.entries[i][3], []).append("DL006")
    out.extend(finding(d, names) for d, names in sorted(leftover.items()))
    return out


# ---------------------------------------------------------------------------- a run
@dataclass
class RunResult:
    findings: list[Finding]
    files: int
    errors: list[str]
    paths: list[str] = field(default_factory=list)  # display paths of every linted file, in order
    #: folders given in which no post was found, with the markdown files ``include`` left out
    unmatched: list[tuple[str, int]] = field(default_factory=list)


def _summary(result: Any, rule_id: str) -> Any:
    """A file's corpus summary for ``rule_id`` (a :class:`FileResult` holds it as a value, a
    :class:`_Kept` record as compact JSON text)."""
    value = result.corpus[rule_id]
    return json.loads(value) if isinstance(result, _Kept) else value


def run_corpus(results: list, settings_of: dict[str, FileSettings], ctx: Optional[CorpusContext] = None,
               index: Optional["corpus_index.CorpusIndex"] = None,
               used: Optional[dict[str, set]] = None) -> tuple[list[Finding], list[str]]:
    """Run the corpus rules over ``results``; ``index``: the run's index of the blog's posts
    (None: one without a cache); ``used`` (when given) receives, per path, the suppression
    entries that hid a corpus finding (for DL006). The summaries of one rule are decoded while
    that rule runs (a streamed run keeps them as compact JSON text)."""
    findings: list[Finding] = []
    errors: list[str] = []
    table = registry.by_key()
    if ctx is None:
        from digestlint.corpus_index import CorpusIndex

        ctx = CorpusContext(linted_fs_paths=frozenset(os.path.abspath(r.fs_path) for r in results if r.fs_path),
                            index=index if index is not None else CorpusIndex())
    by_path = {r.path: r for r in results}
    for rule in registry.all_rules():
        if not isinstance(rule, registry.CorpusRule):
            continue
        items = [
            CorpusItem(r.path, r.fs_path, _summary(r, rule.id), settings_of[r.path].options.get(rule.id, {}), settings_of[r.path])
            for r in results
            if rule.id in r.corpus
        ]
        if not items:
            continue
        try:
            for cv in rule.check_corpus(items, ctx):
                if not isinstance(cv, CorpusViolation) or cv.path not in by_path:
                    raise InternalError(f"rule {rule.id} reported a finding for a file that was not linted")
                p = cv.position
                settings = settings_of[cv.path]
                f = _position_finding(cv.path, table[rule.id], settings.severities.get(rule.id, rule.severity), cv.message, p.line, p.column, p.end_line, p.end_column)
                if cv.paper:
                    f.paper = cv.paper
                sup = by_path[cv.path].suppressions
                hits = sup.matching(f.line, (f.rule, f.name)) if sup is not None else None
                if hits:
                    if used is not None:
                        used.setdefault(cv.path, set()).update(hits)
                    continue
                findings.append(f)
        except InternalError as exc:
            errors.append(str(exc))
        except Exception as exc:
            errors.append(_crash(f"rule {rule.id} ({rule.name}) crashed", exc))
        del items
    return findings, errors


def sort_findings(findings: list[Finding]) -> list[Finding]:
    unique: dict[tuple, Finding] = {}
    for f in findings:
        unique.setdefault((f.sort_key(), f.end_line, f.end_column), f)
    return sorted(unique.values(), key=Finding.sort_key)


class _Spool:
    """The findings of the files linted so far, in an unnamed temporary file until the output is
    written: a run's memory does not grow with its findings. A file without findings costs
    nothing; rows are plain tuples (this process wrote them, this process reads them back)."""

    def __init__(self) -> None:
        self._fh: Any = None
        self._end = 0

    def put(self, findings: list[Finding]) -> Optional[tuple[int, int]]:
        if not findings:
            return None
        import pickle

        data = pickle.dumps([(f.line, f.column, f.end_line, f.end_column, f.rule, f.name, f.severity, f.message,
                              f.fix, f.text, f.paper) for f in findings], protocol=pickle.HIGHEST_PROTOCOL)
        if self._fh is None:
            import tempfile

            self._fh = tempfile.TemporaryFile(prefix="digestlint-")
        self._fh.seek(self._end)
        self._fh.write(data)
        where = (self._end, len(data))
        self._end += len(data)
        return where

    def get(self, path: str, where: Optional[tuple[int, int]]) -> list[Finding]:
        if where is None:
            return []
        import pickle

        self._fh.seek(where[0])
        return [Finding(path, *row) for row in pickle.loads(self._fh.read(where[1]))]

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


class _Kept:
    """What a streamed run keeps of a linted file until the output is written: where its findings
    are in the spool, its corpus summaries as compact JSON text (what the corpus rules need), its
    suppressions (only when it has some: corpus findings and DL006 need them)."""

    __slots__ = ("path", "fs_path", "corpus", "suppressions", "where", "errors")

    def __init__(self, result: FileResult, spool: _Spool) -> None:
        self.path = result.path
        self.fs_path = result.fs_path
        self.corpus = {rid: json.dumps(v, ensure_ascii=False, separators=(",", ":")) for rid, v in result.corpus.items()}
        self.suppressions = result.suppressions
        self.where = spool.put(result.findings)
        self.errors = result.errors or None


class StreamedRun:
    """A run whose per-file linting and corpus rules are done and whose findings wait in a spool:
    :meth:`groups` hands them over one file at a time, sorted by path (then line, column, rule),
    corpus-rule and DL006 findings merged in. ``files``, ``paths`` and ``errors`` are final."""

    def __init__(self, kept: list[_Kept], spool: _Spool, settings_of: dict[str, FileSettings],
                 corpus_findings: list[Finding], corpus_used: dict[str, set], errors: list[str]) -> None:
        self._kept = kept
        self._spool = spool
        self._settings_of = settings_of
        self._corpus: dict[str, list[Finding]] = {}
        for f in corpus_findings:
            self._corpus.setdefault(f.path, []).append(f)
        self._used = corpus_used
        self.errors = errors
        self.files = len(kept)
        self.paths = [k.path for k in kept]
        #: folders given in which no post was found, with the markdown files ``include`` left out
        self.unmatched: list[tuple[str, int]] = []
        #: the content digest of each linted file as linted (runs of at most 16 files; None:
        #: unknown, e.g. an unreadable file), the run's cache folder (None: no cache), the folders
        #: DL306 indexed, and whether a rule pack applied: what digestlint.quick records
        self.digests: dict[str, Optional[str]] = {}
        self.cache_root: Optional[str] = None
        self.indexed_folders: list[tuple[str, bool]] = []
        self.rule_packs = any(s.rule_packs for s in settings_of.values())

    def groups(self) -> Iterator[tuple[str, list[Finding]]]:
        """``(path, findings)`` for every linted path once (a file without findings: an empty
        list), in path order. Reads the spool: iterate once."""
        order = sorted(range(len(self._kept)), key=lambda i: self._kept[i].path)
        try:
            i = 0
            while i < len(order):
                path = self._kept[order[i]].path
                findings: list[Finding] = []
                while i < len(order) and self._kept[order[i]].path == path:
                    k = self._kept[order[i]]
                    findings.extend(self._spool.get(path, k.where))
                    if k.suppressions is not None:
                        findings.extend(unused_suppressions(k, self._settings_of[path], self._used.get(path, ())))
                    i += 1
                findings.extend(self._corpus.pop(path, ()))
                yield path, sort_findings(findings)
        finally:
            self._spool.close()

    def findings(self) -> list[Finding]:
        """Every finding, sorted (what :func:`run` returns)."""
        return [f for _path, group in self.groups() for f in group]


def run(paths: list[str], resolver: ConfigResolver, overrides: Overrides, *, stdin: Optional[tuple[bytes, str]] = None,
        progress=None, jobs: Optional[int] = None, cache: Optional[bool] = None, cache_dir: Optional[str] = None,
        force_include: bool = False, freeze_before_fork: bool = False) -> RunResult:
    """Lint ``paths`` (and standard input when ``stdin`` is ``(data, name)``).

    ``jobs``: worker processes (None: the CPU count); ``cache``: False to skip the content-hash
    cache, None to follow the configuration (on by default); ``cache_dir``: where it lives;
    ``force_include``: files named in ``paths`` must match ``include`` too (see :func:`discover`);
    ``freeze_before_fork``: ``gc.freeze()`` before forking workers (:func:`parallel.lint_many`).
    Every finding is returned at once; :func:`run_streamed` hands them over a file at a time.
    """
    streamed = run_streamed(paths, resolver, overrides, stdin=stdin, progress=progress, jobs=jobs, cache=cache,
                            cache_dir=cache_dir, force_include=force_include, freeze_before_fork=freeze_before_fork)
    return RunResult(findings=streamed.findings(), files=streamed.files, errors=streamed.errors, paths=streamed.paths,
                     unmatched=streamed.unmatched)


def run_streamed(paths: list[str], resolver: ConfigResolver, overrides: Overrides, *,
                 stdin: Optional[tuple[bytes, str]] = None, progress=None, jobs: Optional[int] = None,
                 cache: Optional[bool] = None, cache_dir: Optional[str] = None,
                 force_include: bool = False, freeze_before_fork: bool = False) -> StreamedRun:
    """:func:`run` in flat memory: each file's findings go to a spool as soon as the file is
    linted (or read from the cache), only what the corpus rules need is kept, and the returned
    :class:`StreamedRun` gives the findings back a file at a time."""
    from digestlint import cache as cache_mod, parallel
    from digestlint.corpus_index import CorpusIndex

    n_jobs = parallel.default_jobs() if jobs is None else max(1, jobs)

    spool = _Spool()
    kept: list[Optional[_Kept]] = []
    settings_of: dict[str, FileSettings] = {}
    todo: list[tuple[Target, FileSettings]] = []
    if stdin is not None:
        data, name = stdin
        settings = settings_for(resolver.for_path(Path(name)), overrides, Path(name))
        settings_of[name] = settings
        result = lint_bytes(data, name, None, settings)
        parallel.normalise(result)
        kept.append(_Kept(result, spool))
    unmatched: list[tuple[str, int]] = []
    for target in discover(paths, resolver, force_include=force_include, unmatched=unmatched):
        settings = settings_for(resolver.for_path(Path(target.fs_path)), overrides, Path(target.fs_path))
        settings_of[target.display] = settings
        todo.append((target, settings))
    if progress is not None:
        progress.start(len(todo))
    store = cache_mod.open_for_run(paths, resolver, cache, cache_dir)
    base = len(kept)
    kept.extend([None] * len(todo))

    small = len(todo) <= parallel.SMALL_RUN
    digests: dict[str, Optional[str]] = {}
    index = CorpusIndex(store)  # the blog's posts for DL306, filled with the linted ones as they come

    def take(i: int, result: FileResult, digest: Optional[str] = None) -> None:
        if small:
            digests[result.path] = digest
        if result.index is not None and result.fs_path:
            index.fresh[os.path.abspath(result.fs_path)] = result.index
        kept[base + i] = _Kept(result, spool)

    try:
        parallel.lint_all(todo, n_jobs, store, progress, emit=take, freeze_before_fork=freeze_before_fork)
        if progress is not None:
            progress.finish()
        records: list[_Kept] = [k for k in kept if k is not None]
        errors = [e for k in records if k.errors for e in k.errors]
        corpus_used: dict[str, set] = {}
        corpus_findings, corpus_errors = run_corpus(records, settings_of, index=index, used=corpus_used)
        errors.extend(corpus_errors)
        if store is not None:
            for conf in resolver.configs():
                store.mark_valid(conf.valid_marker)
            store.save()
    except BaseException:
        spool.close()
        raise
    streamed = StreamedRun(records, spool, settings_of, corpus_findings, corpus_used, errors)
    streamed.unmatched = unmatched
    if small and stdin is None:
        streamed.digests = digests
    if store is not None:
        streamed.cache_root = str(store.root)
        streamed.indexed_folders = list(index.folders)
    return streamed


def fails(findings: list[Finding], fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[f.severity] >= threshold for f in findings)
