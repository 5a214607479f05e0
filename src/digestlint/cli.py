"""The command line: a thin layer over :mod:`digestlint.engine`.

Exit status: 0 when no finding reaches ``--fail-on``, 1 when one does, 2 for a usage or
configuration error (one line on stderr naming what is wrong) or an internal error.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from typing import TYPE_CHECKING, Iterable, Iterator, Optional, Protocol, TextIO, Union

import click

from digestlint import __version__

if TYPE_CHECKING:
    from digestlint.config import ConfigResolver, Overrides
    from digestlint.formats import Group
    from digestlint.quick import Recorder

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_SURROGATE = re.compile("[\ud800-\udfff]")


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return tuple(out)


class _Bar(Protocol):
    """What :class:`Progress` uses of click's progress bar (``click.progressbar``)."""

    max_width: Optional[int]

    def render_progress(self) -> None: ...

    def update(self, n_steps: int, current_item: Optional[int] = None) -> None: ...


class Progress:
    """A progress bar on stderr (click's), only on a terminal, never in CI logs or pipes.

    The engine calls :meth:`advance` as results arrive (per file, or per chunk of files as each
    worker process finishes one), and every call redraws: the bar moves on parallel runs too."""

    MIN_FILES = 20

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.bar: Optional[_Bar] = None

    @staticmethod
    def wanted(stream: TextIO) -> bool:
        try:
            return stream.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
        except (AttributeError, ValueError):
            return False

    def start(self, total: int) -> None:
        if total < self.MIN_FILES:
            return
        bar = click.progressbar(length=total, label="Linting", file=self.stream, show_eta=True,
                                show_pos=True, width=30, update_min_steps=1)
        bar.render_progress()
        self.bar = bar

    def advance(self, n: int = 1) -> None:
        if self.bar is not None and n:
            self.bar.update(n)

    def finish(self) -> None:
        """Remove the bar (the report follows on stdout)."""
        if self.bar is not None:
            width = max(self.bar.max_width or 0, 1)
            self.stream.write("\r" + " " * width + "\r")
            self.stream.flush()
            self.bar = None


def _fail(message: str) -> "click.exceptions.Exit":
    click.echo(f"digestlint: error: {message}", err=True)
    return click.exceptions.Exit(EXIT_ERROR)


def _list_rules() -> str:
    from digestlint import registry

    rows = [("ID", "NAME", "SEVERITY", "FIX", "SUMMARY")]
    for r in registry.all_rules():
        rows.append((r.id, r.name, r.severity, "yes" if r.fixable else "-", r.summary))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4] for row in rows
    ) + "\n"


def _explain(key: str) -> str:
    from digestlint import registry

    rule = registry.lookup(key)
    if rule is None:
        raise _fail(f"--explain: unknown rule {key!r}{registry.suggest_selector(key)} (see --list-rules)")
    head = f"{rule.id} {rule.name} (default severity: {rule.severity}; fixable: {'yes' if rule.fixable else 'no'})"
    body = rule.documentation()
    opts = ""
    if rule.options_schema:
        import json

        lines = ["", "## Options", ""]
        for name, schema in rule.options_schema.items():
            default = rule.defaults().get(name)
            desc = schema.get("description", "")
            lines.append(f"- `{name}` ({schema.get('type', 'any')}, default {json.dumps(default, ensure_ascii=False)}): {desc}")
        opts = "\n".join(lines)
    return f"{head}\n{rule.summary}\n\n{body}\n{opts}\n"


_EPILOG = """\b
Other commands:
  digestlint lsp                 the language server (LSP over stdin/stdout; alias: server)
  digestlint sources fetch ...   fetch papers' titles and abstracts into the sources store
  digestlint sources show ...    print what the sources store holds for papers
Run 'digestlint sources --help' for their options."""


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}, epilog=_EPILOG)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", default=None, help="Output format: text (default), json, github, sarif, junit.", metavar="FORMAT")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the output to a file instead of stdout.")
@click.option("--select", multiple=True, help="Rules to check (IDs, ID prefixes like DL4, names, ALL); replaces the configuration's.")
@click.option("--ignore", multiple=True, help="Rules to skip, on top of the configuration's.")
@click.option("--extend-select", multiple=True, help="Rules to check on top of the selection.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None, help="Lowest severity that makes the exit status 1 [default: warning].")
@click.option("--config", "config_file", type=click.Path(), help="Use this configuration file for every path.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--force-include", is_flag=True, help="Lint a file named in PATHS only when it matches 'include' (the pre-commit hook passes it).")
@click.option("--stdin-filename", help="File name of standard input (for positions and configuration lookup).")
@click.option("--list-rules", is_flag=True, help="List every rule and exit.")
@click.option("--explain", metavar="RULE", help="Print a rule's documentation and exit.")
@click.option("--show-layout", is_flag=True, help="Print how each post of PATHS is understood (papers, IDs, links, sections) and exit.")
@click.option("--show-settings", metavar="FILE", help="Print the configuration that applies to FILE (config file, rules, severities, options, language, layout, include) and exit.")
@click.option("--show-files", is_flag=True, help="Print the files that would be linted (one per line, sorted) and exit.")
@click.option("--list-languages", is_flag=True, help="List the target languages digestlint has data for and exit.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule (a table, or JSON with --format json) instead of the findings.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only (no summary line).")
@click.option("--color/--no-color", default=None, help="Colour the text output [default: on a terminal only].")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes for large runs [default: the CPU count].")
@click.option("--cache/--no-cache", "use_cache", default=None, help="Reuse results of unchanged files from .digestlint_cache [default: on].")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None, help="Where the cache lives [default: .digestlint_cache at the config root].")
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files, then report what is left (with -: the fixed text on stdout, the report on stderr).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: apply unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff instead of writing them (exit 1 if any).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), help="Hide the findings recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record the current findings in this baseline file.")
@click.option("--verbose", is_flag=True, help="On an internal error, print the traceback (also DIGESTLINT_DEBUG=1).")
@click.version_option(__version__, "--version", prog_name="digestlint")
def cli(paths: tuple[str, ...], fmt: Optional[str], output_file: Optional[str], select: tuple[str, ...],
        ignore: tuple[str, ...], extend_select: tuple[str, ...], fail_on: Optional[str], config_file: Optional[str],
        isolated: bool, stdin_filename: Optional[str], list_rules: bool, explain: Optional[str], statistics: bool,
        quiet: bool, color: Optional[bool], fix: bool, unsafe_fixes: bool, diff: bool, baseline_file: Optional[str],
        write_baseline: Optional[str], jobs: Optional[int], use_cache: Optional[bool], cache_dir: Optional[str],
        show_layout: bool = False, list_languages: bool = False, verbose: bool = False, force_include: bool = False,
        show_settings: Optional[str] = None, show_files: bool = False) -> None:
    """Lint daily paper digest posts (Jekyll markdown) in PATHS (files or folders; - for stdin)."""
    from digestlint import formats

    if list_languages:
        from digestlint.config import known_languages

        for code, info in known_languages().items():
            click.echo(f"{code:4} {info.get('name', '')} ({info.get('native', '')})")
        return
    if show_layout:
        from digestlint import config as cfg
        from digestlint import show_layout as sl

        try:
            text, errors = sl.show(list(paths) or ["."], cfg.ConfigResolver(config_file, isolated), fmt or "text")
        except cfg.ConfigError as exc:
            raise _fail(str(exc))
        click.echo(text, nl=False)
        for err in errors:
            click.echo(f"digestlint: {err}", err=True)
        raise click.exceptions.Exit(EXIT_ERROR if errors else EXIT_OK)
    if list_rules:
        click.echo(_list_rules(), nl=False)
        return
    if explain:
        click.echo(_explain(explain), nl=False)
        return
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in formats.available() else "text"
    if fmt not in formats.available():
        raise _fail(f"--format: unknown format {fmt!r} (choose from {', '.join(formats.available())})")
    if statistics and fmt not in _STATISTICS_FORMATS:
        raise _fail(f"--statistics prints a table: use it with --format text or json, not {fmt}")
    if unsafe_fixes and not (fix or diff):
        click.echo("digestlint: warning: --unsafe-fixes does nothing without --fix or --diff", err=True)
    if not paths:
        paths = (".",)
    from digestlint import config as cfg
    from digestlint import engine

    use_stdin = "-" in paths
    named = [p for p in paths if p != "-"]
    try:
        resolver = cfg.ConfigResolver(config_file, isolated)
        overrides = cfg.Overrides(
            select=_split(select) or None,
            ignore=_split(ignore),
            extend_select=_split(extend_select),
            fail_on=fail_on,
        )
        from digestlint import registry

        for flag, tokens in (("--select", overrides.select or ()), ("--ignore", overrides.ignore), ("--extend-select", overrides.extend_select)):
            for token in tokens:
                if not registry.resolve_selector(token):
                    raise cfg.ConfigError(f"{flag}: unknown rule selector {token!r}{registry.suggest_selector(token)} (see --list-rules)")
        for flag, out_path in (("--output-file", output_file), ("--write-baseline", write_baseline)):
            if out_path and _is_input(out_path, named, resolver):
                raise cfg.ConfigError(f"{flag} {out_path}: it is one of the files being linted; refusing to overwrite it")
        if show_settings is not None or show_files:
            from digestlint import show_settings as shows

            if show_settings is not None:
                click.echo(shows.render(shows.settings(show_settings, resolver, overrides), as_json=fmt == "json"), nl=False)
            else:
                for name in shows.files(named, resolver, force_include=force_include):
                    click.echo(_safe_text(name))
            raise click.exceptions.Exit(EXIT_OK)
        stdin = None
        if use_stdin:
            name = stdin_filename or "<stdin>"
            stdin = (sys.stdin.buffer.read(), name)
        if (fix or diff) and use_stdin:
            if named:
                raise cfg.ConfigError("--fix/--diff with standard input (-): name no other file")
            assert stdin is not None
            fixed = _fix_stdin(stdin, resolver, overrides, unsafe=unsafe_fixes, diff=diff)
            if diff:
                raise click.exceptions.Exit(EXIT_FINDINGS if fixed != stdin[0] else EXIT_OK)
            stdin = (fixed, stdin[1])
        elif fix or diff:
            from digestlint import autofix

            fix_report = autofix.cli_fix(named, resolver, overrides, stdin=False, unsafe=unsafe_fixes, diff=diff,
                                         force_include=force_include)
            for to_stderr, text in fix_report.output:
                click.echo(text, err=to_stderr, nl=False)
            if fix_report.status is not None:
                raise click.exceptions.Exit(fix_report.status)
        progress = Progress(sys.stderr) if Progress.wanted(sys.stderr) else None
        result = engine.run_streamed(named, resolver, overrides, stdin=stdin, progress=progress,
                                     jobs=jobs, cache=use_cache, cache_dir=cache_dir, force_include=force_include,
                                     freeze_before_fork=_gc_frozen())
        groups = result.groups()
        report_stream = sys.stderr if (fix and use_stdin) else sys.stdout
        stream_is_tty = output_file is None and report_stream.isatty()
        report = formats.Report(
            files=result.files,
            color=_color_wanted(color, stream_is_tty) and output_file is None,
            quiet=quiet,
            statistics=statistics,
            version=__version__,
            rules=registry.all_rules(),
            paths=tuple(result.paths),
        )
        if baseline_file or write_baseline:
            from digestlint import baseline

            says_summary = not quiet and (fmt in _SUMMARY_FORMATS or statistics) and not (statistics and fmt == "json")
            groups = baseline.cli_groups(groups, result.paths, baseline_file, write_baseline, say=_say,
                                         report=report if says_summary else None)
        if fail_on is None:
            from pathlib import Path

            base = resolver.for_path(Path(named[0] if named else (stdin_filename or ".")))
            fail_on = base.get("fail-on", "warning")
    except cfg.ConfigError as exc:
        raise _fail(str(exc))

    for folder, not_posts in result.unmatched:
        _warn_unmatched(folder, not_posts)
    worst = _Worst()
    if statistics:
        from digestlint.formats import statistics as stats_format

        out_fmt = "json" if fmt == "json" else "text"
        pieces = (_safe_text(piece) for piece in stats_format.stream(worst.watch(groups), report, as_json=fmt == "json"))
    else:
        out_fmt = fmt
        pieces = (_safe_text(piece) for piece in formats.stream(fmt, worst.watch(groups), report))
    recorder = _RECORDER if not (use_stdin or fix or diff or baseline_file or write_baseline or output_file) else None
    if recorder is not None:
        pieces = recorder.watch(pieces)
    try:
        if output_file:
            try:
                _write_output(output_file, pieces)
            except OSError as exc:
                raise _fail(f"--output-file {output_file}: {exc.strerror or exc}")
        else:
            # --fix -: the fixed text went to stdout; the report goes to stderr (ruff's convention)
            _write_stdout(pieces, out_fmt, report.color, stream=report_stream)
    except cfg.ConfigError as exc:  # --write-baseline could not write the baseline
        raise _fail(str(exc))
    for err in result.errors:
        _report_internal_error(err)
    if result.errors:
        raise click.exceptions.Exit(EXIT_ERROR)
    status = EXIT_FINDINGS if worst.fails(fail_on) else EXIT_OK
    if recorder is not None and result.files:
        # a later identical run over unchanged files is answered from this (digestlint.quick)
        recorder.save(rc=status, utf8=out_fmt in _UTF8_FORMATS, store_root=result.cache_root, digests=result.digests,
                      folders=result.indexed_folders, rule_packs=result.rule_packs)
    raise click.exceptions.Exit(status)


def _warn_unmatched(folder: str, not_posts: int) -> None:
    """A folder given on the command line in which no post was found: a warning on stderr (a
    mistyped CI path or an ``include`` that matches nothing must not pass silently)."""
    left_out = f"{not_posts} markdown file{'s' if not_posts != 1 else ''} not matching 'include'" if not_posts else "no markdown file"
    click.echo(
        f"digestlint: warning: {folder}: no post found ({left_out}; 'include' defaults to Jekyll post names "
        "like 2025-09-13-title.md and files under _posts/; a file named on the command line is always linted)",
        err=True,
    )


class _Worst:
    """The highest severity of the findings reported (as they stream past), for the exit status."""

    def __init__(self) -> None:
        self.rank = 0

    def watch(self, groups: Iterable[Group]) -> Iterator[Group]:
        from digestlint.model import SEVERITY_RANK

        for path, findings in groups:
            for f in findings:
                rank = SEVERITY_RANK.get(f.severity, 0)
                if rank > self.rank:
                    self.rank = rank
            yield path, findings

    def fails(self, fail_on: str) -> bool:
        from digestlint.model import SEVERITY_RANK

        return fail_on != "never" and self.rank >= SEVERITY_RANK[fail_on]


def _safe_text(text: str) -> str:
    """Undecodable bytes of a file name (surrogate escapes) become U+FFFD: the output stays valid UTF-8."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _say(message: str) -> None:
    """A message of a library module (``baseline.cli_groups``) on stderr."""
    click.echo(message, err=True)


def _write_output(path: str, pieces: Union[str, Iterable[str]]) -> None:
    """Write ``--output-file`` whole or not at all: the pieces of the report (a string, or an
    iterable of them, written as they come) go to a temporary file beside it, then a rename (a
    crash or a full disk never leaves half a report where a CI step expects a whole one)."""
    from digestlint.atomicio import replacing

    if isinstance(pieces, str):
        pieces = (pieces,)
    with replacing(os.path.abspath(path), prefix=".digestlint-") as fh:
        for piece in pieces:
            fh.write(_safe_text(piece))


def debug_wanted() -> bool:
    """Tracebacks of internal errors wanted (``--verbose`` or ``DIGESTLINT_DEBUG=1``)."""
    return os.environ.get("DIGESTLINT_DEBUG", "").strip().lower() not in ("", "0", "false", "no")


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _report_internal_error(message: str, traceback_text: str = "") -> None:
    """``digestlint: internal error: ...; please report it`` on stderr, the traceback only when
    asked for (the first line of ``message`` is the summary; later lines are a traceback)."""
    first, _, rest = str(message).partition("\n")
    hint = "" if debug_wanted() else " (--verbose shows the traceback)"
    click.echo(f"digestlint: internal error: {_one_line(first)}{hint}; please report it", err=True)
    detail = (rest.strip("\n") + "\n" + traceback_text).strip("\n")
    if debug_wanted() and detail:
        click.echo(detail, err=True)


def _is_input(out_path: str, paths: list[str], resolver: ConfigResolver) -> bool:
    """True when the file ``out_path`` (an output file) is a post this run lints: named on the
    command line (the same file under any name, hard links included) or found in a given folder."""
    try:
        out_st = os.stat(out_path)
    except OSError:
        return False  # not there yet: it cannot be an input
    from digestlint import engine

    for given in paths:
        try:
            if os.path.samefile(given, out_path):
                return True
        except OSError:
            continue
    if not out_path.lower().endswith(engine.MARKDOWN_SUFFIXES):
        return False
    for target in engine.discover([p for p in paths if os.path.isdir(p)], resolver):
        try:
            st = os.stat(target.fs_path)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (out_st.st_dev, out_st.st_ino):
            return True
    return False


#: formats whose text is UTF-8 by definition (JSON, SARIF, JUnit XML): written as UTF-8 bytes
#: whatever the locale (PYTHONIOENCODING=latin-1 must not make them unencodable or invalid)
_UTF8_FORMATS = frozenset({"json", "sarif", "junit"})


def _write_stdout(pieces: Union[str, Iterable[str]], fmt: str, color: bool, stream: Optional[TextIO] = None) -> None:
    """Print the report (a string, or an iterable of pieces, each printed as it comes) on stdout
    (or ``stream``): machine formats as UTF-8 bytes; text for people in the stream's encoding,
    characters it cannot encode written as ``\\uXXXX`` escapes (never a UnicodeEncodeError)."""
    if isinstance(pieces, str):
        pieces = (pieces,)
    if stream is None:
        stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if fmt in _UTF8_FORMATS and buffer is not None:
        stream.flush()
        for piece in pieces:
            buffer.write(_safe_text(piece).encode("utf-8"))
        buffer.flush()
        return
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        # an ASCII stream is taken by click for a misconfigured locale and written as UTF-8
        check = codecs.lookup(encoding).name != "ascii"
    except LookupError:
        check = False
    for piece in pieces:
        text = _safe_text(piece)
        if check:
            try:
                text.encode(encoding)
            except UnicodeEncodeError:
                text = text.encode(encoding, "backslashreplace").decode(encoding)
        # click's own streams (err=True for stderr): an ASCII locale's stream is written as UTF-8
        click.echo(text, nl=False, color=color, err=stream is sys.stderr)


#: formats that end with the human summary line (formats.summary)
_SUMMARY_FORMATS = frozenset({"text", "github"})
#: --statistics prints its table as text (text, github: a log) or as JSON
_STATISTICS_FORMATS = frozenset({"text", "github", "json"})


def _color_wanted(flag: Optional[bool], is_tty: bool) -> bool:
    """Colour: ``--color/--no-color`` wins; else ``NO_COLOR`` (non-empty) disables it, then
    ``FORCE_COLOR`` (non-empty) forces it even in a pipe; else only on a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return is_tty


def _fix_stdin(stdin: tuple[bytes, str], resolver: ConfigResolver, overrides: Overrides, *, unsafe: bool, diff: bool) -> bytes:
    """``--fix -`` / ``--diff -``: fix standard input; the fixed text (every byte, fixed or not)
    or the diff goes to stdout, messages to stderr. Returns the fixed bytes."""
    from pathlib import Path

    from digestlint import autofix
    from digestlint.config import settings_for

    data, name = stdin
    settings = settings_for(resolver.for_path(Path(name)), overrides, Path(name))
    fixed, result, note = autofix.fix_bytes(data, name, settings, unsafe=unsafe)
    if note:
        click.echo(f"digestlint: {name}: {note}", err=True)
    if fixed is None or result is None or (result.applied == 0 and note and "does not parse" in note):
        fixed = data
    n = result.fixed if result is not None and fixed != data else 0
    if diff:
        outcome = autofix.FileFix(path=name, fs_path=name, original=data, fixed=fixed)
        text = outcome.diff()
        if text:
            click.echo(text, nl=False)
    else:
        out = sys.stdout.buffer
        out.write(fixed)
        out.flush()
    verb = "Would fix" if diff else "Fixed"
    click.echo(f"{verb} {n} problem{'s' if n != 1 else ''} in {1 if n else 0} file{'' if n else 's'}.", err=True)
    return fixed


#: the run of the command being recorded (digestlint.quick), set by main()
_RECORDER: Optional[Recorder] = None


def _gc_frozen() -> bool:
    """True when :func:`_tune_gc` froze the start-up objects: the run freezes again before forking."""
    import gc

    return gc.get_freeze_count() > 0


def _tune_gc() -> None:
    """A command-line run allocates millions of short-lived, acyclic objects (markdown-it tokens,
    regex matches) and almost no cyclic garbage: collect the young generation 14x less often,
    and keep what is alive at start-up (and, before forking workers, the loaded rules and data)
    out of every collection. Only for the command (``main()`` without arguments), never for a
    library caller or the language server."""
    import gc

    gc.set_threshold(10000, 50, 1000)
    gc.freeze()


def main(argv: Optional[list[str]] = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    if args and args[0] in ("lsp", "server") and not os.path.exists(args[0]):
        from digestlint import lsp

        sys.exit(lsp.main(args[1:]))
    if args and args[0] == "sources" and (args[1:2] and args[1] in ("fetch", "show", "--help", "-h") or not os.path.exists(args[0])):
        # `digestlint sources fetch …`; a blog's `sources` folder (the store) is linted as a path
        # only when no sources command follows
        from digestlint import sources_cli

        sys.exit(sources_cli.main(args[1:]))
    if "--verbose" in args[: args.index("--") if "--" in args else len(args)]:
        os.environ["DIGESTLINT_DEBUG"] = "1"  # worker processes inherit it (rule crash tracebacks)
    if argv is None:
        _tune_gc()
        from digestlint import quick

        global _RECORDER
        _RECORDER = quick.Recorder.start(args)
    try:
        cli.main(args=argv, prog_name="digestlint", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.exit(130)
    except Exception as exc:  # a bug in digestlint: exit 2 (not 1, "findings"), one line
        import traceback

        _report_internal_error(_one_line(f"{type(exc).__name__}: {exc}"), traceback.format_exc())
        sys.exit(EXIT_ERROR)
