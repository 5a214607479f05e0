"""``digestlint lsp`` (or ``digestlint server``): a Language Server over stdio (pygls).

- Diagnostics on open, change and save (cleared on close), for the nearest configuration of the
  document (as the command line would find it); excluded files get none.
- Positions in the encoding negotiated with the client (UTF-16 code units unless the client
  offers UTF-8 or UTF-32), converted from digestlint's code-point columns: correct for Korean
  text and for characters outside the Basic Multilingual Plane.
- Severity error/warning/info -> Error/Warning/Information; the rule ID is the diagnostic code,
  with a link to the rule's documentation.
- Code actions: a quick fix per fixable finding in the requested range (unsafe fixes are offered
  but not preferred), and ``source.fixAll.digestlint`` applying every safe fix.
- The server only calls the engine; a crash while handling a message is logged, never fatal.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path
from typing import Optional

from digestlint import __version__

log = logging.getLogger("digestlint.lsp")
_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
SOURCE = "digestlint"
FIX_ALL_KIND = "source.fixAll.digestlint"


# ---------------------------------------------------------------------------- positions
def client_units(text: str, encoding: str) -> int:
    """Length of ``text`` in the client's position units."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def to_position(lines: list[str], line: int, column: int, encoding: str):
    """An LSP position for a 1-based line and 1-based code-point column."""
    from lsprotocol import types as T

    if not lines:
        return T.Position(line=0, character=0)
    li = min(max(line, 1), len(lines)) - 1
    text = lines[li]
    col = min(max(column, 1) - 1, len(text))
    return T.Position(line=li, character=client_units(text[:col], encoding))


def to_range(lines: list[str], line: int, column: int, end_line: int, end_column: int, encoding: str):
    from lsprotocol import types as T

    start = to_position(lines, line, column, encoding)
    end = to_position(lines, end_line, end_column, encoding)
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return T.Range(start=start, end=end)


def split_lines(text: str) -> list[str]:
    return _LINE_SPLIT.split(text)


# ---------------------------------------------------------------------------- linting
class Linter:
    """The engine side of the server: configuration lookup and linting of in-memory text."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        from digestlint.config import ConfigResolver

        self.resolver = ConfigResolver()

    def lint(self, uri: str, text: str) -> tuple[list, Optional[str]]:
        """Findings of a document (or ``[]`` and an error message)."""
        from digestlint import engine
        from digestlint.config import ConfigError, Overrides, settings_for

        fs_path = fs_path_of(uri)
        path = Path(fs_path) if fs_path else Path(os.getcwd()) / _name_of(uri)
        try:
            config = self.resolver.for_path(path)
            if fs_path and config.is_excluded(path):
                return [], None
            settings = settings_for(config, Overrides(), path)
        except ConfigError as exc:
            return [], str(exc)
        if len(text.encode("utf-8", "surrogatepass")) > settings.max_file_size:
            return [], f"the document is larger than max-file-size ({settings.max_file_size} bytes); not linted"
        display = fs_path or _name_of(uri)
        return engine.lint_text(text, display, settings), None

    def fix_all(self, uri: str, text: str) -> Optional[str]:
        """The text with every safe fix applied (in passes), or None when nothing changes."""
        from digestlint import autofix, engine
        from digestlint.config import ConfigError, Overrides, settings_for
        from digestlint.document import Document

        fs_path = fs_path_of(uri)
        path = Path(fs_path) if fs_path else Path(os.getcwd()) / _name_of(uri)
        try:
            settings = settings_for(self.resolver.for_path(path), Overrides(), path)
        except ConfigError:
            return None
        bom = text.startswith("\ufeff")
        body = text[1:] if bom else text

        def lint(t: str):
            doc = Document(t, fs_path or _name_of(uri), bom=bom)
            return doc, engine.lint_document(doc, settings, collect_corpus=False).findings

        result = autofix.fix_text(body, lint)
        if result.applied == 0 or result.text == body:
            return None
        return ("\ufeff" if bom else "") + result.text


def fs_path_of(uri: str) -> Optional[str]:
    if not uri.startswith("file:"):
        return None
    from pygls.uris import to_fs_path

    try:
        return to_fs_path(uri)
    except Exception:  # a malformed URI
        return None


def _name_of(uri: str) -> str:
    name = uri.rstrip("/").rsplit("/", 1)[-1] or "untitled.md"
    return re.sub(r"[^\w.\-]", "_", name)[:200] or "untitled.md"


# ---------------------------------------------------------------------------- conversion
_SEVERITY = {"error": 1, "warning": 2, "info": 3}


def diagnostic(f, lines: list[str], encoding: str):
    from lsprotocol import types as T

    from digestlint.formats import rule_url

    return T.Diagnostic(
        range=to_range(lines, f.line, f.column, f.end_line, f.end_column, encoding),
        severity=T.DiagnosticSeverity(_SEVERITY.get(f.severity, 2)),
        code=f.rule,
        code_description=T.CodeDescription(href=rule_url(f.rule)),
        source=SOURCE,
        message=f"{f.message} ({f.name})",
        data={"fixable": f.fix is not None},
    )


def text_edits(fix: dict, text: str, lines: list[str], encoding: str) -> list:
    from lsprotocol import types as T

    from digestlint.autofix import restyle, newline_of

    newline = newline_of(text)
    return [
        T.TextEdit(
            range=to_range(lines, e["line"], e["column"], e["end_line"], e["end_column"], encoding),
            new_text=restyle(e["text"], newline),
        )
        for e in fix["edits"]
    ]


def _overlaps(a, b) -> bool:
    """Two LSP ranges overlap or touch."""
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)


# ---------------------------------------------------------------------------- the server
def create_server():
    from lsprotocol import types as T
    from pygls.lsp.server import LanguageServer

    server = LanguageServer("digestlint", __version__, text_document_sync_kind=T.TextDocumentSyncKind.Incremental)
    linter = Linter()

    def encoding(ls) -> str:
        enc = ls.workspace.position_encoding
        return str(getattr(enc, "value", enc) or "utf-16")

    def document(ls, uri: str):
        return ls.workspace.text_documents.get(uri)

    def publish(ls, uri: str) -> None:
        try:
            doc = document(ls, uri)
            if doc is None:
                return
            text = doc.source
            findings, error = linter.lint(uri, text)
            lines = split_lines(text)
            enc = encoding(ls)
            diags = [diagnostic(f, lines, enc) for f in findings]
            if error:
                diags.insert(
                    0,
                    T.Diagnostic(
                        range=T.Range(start=T.Position(line=0, character=0), end=T.Position(line=0, character=0)),
                        severity=T.DiagnosticSeverity.Error,
                        source=SOURCE,
                        message=f"digestlint: {error}",
                    ),
                )
            ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, version=doc.version, diagnostics=diags))
        except Exception as exc:  # never let one document take the server down
            log.exception("linting %s failed", uri)
            ls.window_log_message(T.LogMessageParams(type=T.MessageType.Error, message=f"digestlint: linting {uri} failed: {type(exc).__name__}: {exc}"))

    @server.feature(T.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params: T.DidOpenTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params: T.DidChangeTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls, params: T.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.endswith(("/.digestlint.toml", "/pyproject.toml")):
            linter.reset()
            for other in list(ls.workspace.text_documents):
                publish(ls, other)
            return
        publish(ls, uri)

    @server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params: T.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(T.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls, params: T.DidChangeConfigurationParams) -> None:
        linter.reset()
        for uri in list(ls.workspace.text_documents):
            publish(ls, uri)

    @server.feature(
        T.TEXT_DOCUMENT_CODE_ACTION,
        T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False),
    )
    def code_action(ls, params: T.CodeActionParams) -> list:
        try:
            return _code_actions(ls, params)
        except Exception as exc:
            log.exception("code actions failed")
            ls.window_log_message(T.LogMessageParams(type=T.MessageType.Error, message=f"digestlint: code actions failed: {type(exc).__name__}: {exc}"))
            return []

    def _code_actions(ls, params: T.CodeActionParams) -> list:
        uri = params.text_document.uri
        doc = document(ls, uri)
        if doc is None:
            return []
        text = doc.source
        only = [str(getattr(k, "value", k)) for k in (params.context.only or [])]
        # "only" holds kinds or their parents ("source" covers "source.fixAll.digestlint")
        wants_quickfix = not only or any(k == "quickfix" or k.startswith("quickfix.") for k in only)
        wants_fix_all = not only or any(k == FIX_ALL_KIND or FIX_ALL_KIND.startswith(k + ".") for k in only)
        actions: list = []
        if wants_quickfix:
            findings, _ = linter.lint(uri, text)
            lines = split_lines(text)
            enc = encoding(ls)
            for f in findings:
                if not f.fix:
                    continue
                diag = diagnostic(f, lines, enc)
                if not _overlaps(diag.range, params.range):
                    continue
                related = [d for d in params.context.diagnostics if d.code == f.rule and d.range == diag.range] or [diag]
                what = f.fix.get("description") or "apply the fix"
                actions.append(
                    T.CodeAction(
                        title=f"{f.rule}: {what}" + ("" if f.fix.get("safe") else " (unsafe)"),
                        kind=T.CodeActionKind.QuickFix,
                        diagnostics=related,
                        is_preferred=bool(f.fix.get("safe")),
                        edit=T.WorkspaceEdit(changes={uri: text_edits(f.fix, text, lines, enc)}),
                    )
                )
        if wants_fix_all:
            fixed = linter.fix_all(uri, text)
            if fixed is not None:
                lines = split_lines(text)
                enc = encoding(ls)
                end = T.Position(line=len(lines) - 1, character=client_units(lines[-1], enc))
                actions.append(
                    T.CodeAction(
                        title="digestlint: fix all safe problems",
                        kind=FIX_ALL_KIND,
                        edit=T.WorkspaceEdit(changes={uri: [T.TextEdit(range=T.Range(start=T.Position(line=0, character=0), end=end), new_text=fixed)]}),
                    )
                )
        return actions

    return server


def main(argv: Optional[list[str]] = None) -> int:
    """Run the server on stdin/stdout until the client says ``exit``."""
    args = list(argv or [])
    if any(a in ("-h", "--help") for a in args):
        print("usage: digestlint lsp [--stdio]\n\nRun digestlint as a Language Server over standard input/output.")
        return 0
    unknown = [a for a in args if a != "--stdio"]
    if unknown:
        print(f"digestlint: error: lsp: unknown argument {unknown[0]!r} (the server speaks LSP over stdio)", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="digestlint-lsp: %(levelname)s: %(message)s")
    server = create_server()
    server.start_io()
    return 0
