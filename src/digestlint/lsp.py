"""``digestlint lsp`` (or ``digestlint server``): a Language Server over stdio (pygls).

- Diagnostics on open, change and save (cleared on close), for the nearest configuration of the
  document (as the command line would find it); only posts get them: a file that ``include``
  does not match (a README.md, an about page) or that is ``exclude``d gets none, as in a
  pre-commit run, which names files.
- Positions in the encoding negotiated with the client (UTF-16 code units unless the client
  offers UTF-8 or UTF-32), converted from digestlint's code-point columns: correct for Korean
  text and for characters outside the Basic Multilingual Plane.
- Severity error/warning/info -> Error/Warning/Information; the rule ID is the diagnostic code,
  with a link to the rule's documentation.
- Code actions: a quick fix per fixable finding in the requested range (unsafe fixes are offered
  but not preferred), and ``source.fixAll.digestlint`` applying every safe fix.
- :class:`DigestlintServer` is a pygls ``LanguageServer`` with one handler per feature. One
  settings resolution (:meth:`Linter.resolve`: nearest configuration, ``include``, ``exclude``,
  ``max-file-size``) serves linting and fixing alike, so fix-all never touches an excluded or
  oversized document. The server only calls the engine.
- Work per document version, not per message: ``didChange`` is debounced (:data:`DEBOUNCE_SECONDS`)
  and only the latest version is linted; findings and the fix-all text are computed once per
  version and reused by every ``codeAction`` request.
- A document that starts with U+FEFF: positions on line 1 count the BOM (one UTF-16 unit) and
  quick fixes land where the finding is.
- Hostile traffic: a message larger than :data:`MAX_MESSAGE_BYTES` (``Content-Length:
  99999999999999``) is refused without allocating it and the stream resynchronised at the next
  header; a crash while handling a message is logged, never fatal.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Optional, cast

from pygls.lsp.server import LanguageServer

from digestlint import __version__
from digestlint.model import FindingFix

if TYPE_CHECKING:
    from lsprotocol import types as lsp_types

    from digestlint.config import FileSettings
    from digestlint.document import Document
    from digestlint.model import Finding

log = logging.getLogger("digestlint.lsp")
_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
SOURCE = "digestlint"
FIX_ALL_KIND = "source.fixAll.digestlint"
#: quiet time after a ``didChange`` before the document is linted (a burst of edits: one lint)
DEBOUNCE_SECONDS = 0.15
#: the largest JSON-RPC message read (a document of many megabytes still fits)
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
#: the longest header line read
MAX_HEADER_BYTES = 64 * 1024
_BOM = "\ufeff"


# ---------------------------------------------------------------------------- positions
def client_units(text: str, encoding: str) -> int:
    """Length of ``text`` in the client's position units."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def to_position(lines: list[str], line: int, column: int, encoding: str, lead: int = 0) -> lsp_types.Position:
    """An LSP position for a 1-based line and 1-based code-point column of ``lines`` (the text
    digestlint linted); ``lead``: client units before line 1 that digestlint does not see (a BOM)."""
    from lsprotocol import types as T

    if not lines:
        return T.Position(line=0, character=lead)
    li = min(max(line, 1), len(lines)) - 1
    text = lines[li]
    col = min(max(column, 1) - 1, len(text))
    return T.Position(line=li, character=client_units(text[:col], encoding) + (lead if li == 0 else 0))


def to_range(lines: list[str], line: int, column: int, end_line: int, end_column: int, encoding: str,
             lead: int = 0) -> lsp_types.Range:
    from lsprotocol import types as T

    start = to_position(lines, line, column, encoding, lead)
    end = to_position(lines, end_line, end_column, encoding, lead)
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return T.Range(start=start, end=end)


def split_lines(text: str) -> list[str]:
    return _LINE_SPLIT.split(text)


# ---------------------------------------------------------------------------- linting
class Resolved:
    """What applies to one document: its settings (None when it is not linted) and why not."""

    __slots__ = ("settings", "display", "error", "skip")

    def __init__(self, settings: Optional[FileSettings], display: str, error: Optional[str] = None, skip: bool = False) -> None:
        self.settings = settings
        self.display = display
        self.error = error  # shown as a diagnostic (a bad configuration, a document too large)
        self.skip = skip  # excluded: no diagnostics, no fixes


class Linter:
    """The engine side of the server: one settings resolution, linting and fixing of in-memory text."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        from digestlint.config import ConfigResolver

        self.resolver = ConfigResolver()

    def resolve(self, uri: str, text: str) -> Resolved:
        """The settings of ``uri`` (nearest configuration, ``include``, ``exclude``,
        ``max-file-size``): the one resolution both :meth:`lint` and :meth:`fix_all` use. A
        document that is not a file (an untitled buffer) has no path to match: it is linted."""
        from digestlint.config import ConfigError, Overrides, settings_for

        fs_path = fs_path_of(uri)
        path = Path(fs_path) if fs_path else Path(os.getcwd()) / _name_of(uri)
        display = fs_path or _name_of(uri)
        try:
            config = self.resolver.for_path(path)
            if fs_path and (config.is_excluded(path) or not config.is_included(path)):
                # not a post of the blog (``include``; a README.md, an about page) or excluded:
                # as the pre-commit hook, which names files, leaves them alone
                return Resolved(None, display, skip=True)
            settings = settings_for(config, Overrides(), path)
        except ConfigError as exc:
            return Resolved(None, display, error=str(exc))
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > settings.max_file_size:
            return Resolved(None, display, error=f"the document is {size} bytes, larger than max-file-size ({settings.max_file_size} bytes); not linted")
        return Resolved(settings, display)

    def lint(self, uri: str, text: str, resolved: Optional[Resolved] = None) -> tuple[list, Optional[str]]:
        """Findings of a document (or ``[]`` and an error message)."""
        from digestlint import engine

        resolved = resolved or self.resolve(uri, text)
        if resolved.settings is None:
            return [], resolved.error
        return engine.lint_text(text, resolved.display, resolved.settings), None

    def fix_all(self, uri: str, text: str, resolved: Optional[Resolved] = None) -> Optional[str]:
        """The text with every safe fix applied (in passes), or None when nothing changes (also
        for an excluded document, one over max-file-size or under a broken configuration)."""
        from digestlint import autofix, engine
        from digestlint.document import Document

        resolved = resolved or self.resolve(uri, text)
        if resolved.settings is None:
            return None
        settings = resolved.settings
        bom = text.startswith(_BOM)
        body = text[1:] if bom else text

        def lint(t: str) -> tuple[Document, list[Finding]]:
            doc = Document(t, resolved.display, bom=bom, layout=settings.layout)
            return doc, engine.lint_document(doc, settings, collect_corpus=False).findings

        result = autofix.fix_text(body, lint)
        if result.applied == 0 or result.text == body:
            return None
        return (_BOM if bom else "") + result.text


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


# ---------------------------------------------------------------------------- one version of a document
class Analysis:
    """Everything computed for one version of a document, once: the text as the client has it,
    the lines digestlint positions refer to (without a leading BOM), the findings, and the
    fix-all text (computed on first request)."""

    def __init__(self, linter: Linter, uri: str, version: Optional[int], text: str):
        self.uri = uri
        self.version = version
        self.text = text
        self.bom = text.startswith(_BOM)
        self.body = text[1:] if self.bom else text
        self.lines = split_lines(self.body)
        self.resolved = linter.resolve(uri, text)
        self.findings, self.error = linter.lint(uri, text, self.resolved)
        self._linter = linter
        self._fix_all: Optional[tuple[Optional[str]]] = None

    def lead(self, encoding: str) -> int:
        return client_units(_BOM, encoding) if self.bom else 0

    def fix_all(self) -> Optional[str]:
        if self._fix_all is None:
            wanted = any(f.fix is not None and f.fix.safe for f in self.findings)
            self._fix_all = (self._linter.fix_all(self.uri, self.text, self.resolved) if wanted else None,)
        return self._fix_all[0]


# ---------------------------------------------------------------------------- conversion
_SEVERITY = {"error": 1, "warning": 2, "info": 3}


def diagnostic(f: Finding, lines: list[str], encoding: str, lead: int = 0) -> lsp_types.Diagnostic:
    from lsprotocol import types as T

    from digestlint.formats import rule_url

    return T.Diagnostic(
        range=to_range(lines, f.line, f.column, f.end_line, f.end_column, encoding, lead),
        severity=T.DiagnosticSeverity(_SEVERITY.get(f.severity, 2)),
        code=f.rule,
        code_description=T.CodeDescription(href=rule_url(f.rule)),
        source=SOURCE,
        message=f"{f.message} ({f.name})",
        data={"fixable": f.fix is not None},
    )


def text_edits(fix: FindingFix, text: str, lines: list[str], encoding: str, lead: int = 0) -> list:
    from lsprotocol import types as T

    from digestlint.autofix import newline_of, restyle

    newline = newline_of(text)
    return [
        T.TextEdit(
            range=to_range(lines, e.line, e.column, e.end_line, e.end_column, encoding, lead),
            new_text=restyle(e.text, newline),
        )
        for e in fix.edits
    ]


def _overlaps(a: lsp_types.Range, b: lsp_types.Range) -> bool:
    """Two LSP ranges overlap or touch."""
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)


# ---------------------------------------------------------------------------- the server
class DigestlintServer(LanguageServer):
    """The digestlint language server: documents' analyses per version, debounced linting."""

    def __init__(self, debounce: float = DEBOUNCE_SECONDS) -> None:
        from lsprotocol import types as T

        super().__init__("digestlint", __version__, text_document_sync_kind=T.TextDocumentSyncKind.Incremental)
        self.linter = Linter()
        self.debounce = debounce
        self._analyses: dict[str, Analysis] = {}
        self._timers: dict[str, Any] = {}

    # -------------------------------------------------------------- state
    @property
    def encoding(self) -> str:
        enc = self.workspace.position_encoding
        return str(getattr(enc, "value", enc) or "utf-16")

    def analysis(self, uri: str) -> Optional[Analysis]:
        """The analysis of the open document's current version (computed now if needed)."""
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None
        text = doc.source
        known = self._analyses.get(uri)
        if known is not None and known.version == doc.version and known.text == text:
            return known
        known = Analysis(self.linter, uri, doc.version, text)
        self._analyses[uri] = known
        return known

    def forget(self, uri: str) -> None:
        self._analyses.pop(uri, None)
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def reset(self) -> None:
        """The configuration changed: every analysis is stale."""
        self.linter.reset()
        self._analyses.clear()

    # -------------------------------------------------------------- publishing
    def publish(self, uri: str) -> None:
        from lsprotocol import types as T

        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()  # linted now: a pending debounced lint is not needed (harmless when it is this one)
        try:
            a = self.analysis(uri)
            if a is None:
                return
            enc = self.encoding
            lead = a.lead(enc)
            diags = [diagnostic(f, a.lines, enc, lead) for f in a.findings]
            if a.error:
                diags.insert(0, T.Diagnostic(
                    range=T.Range(start=T.Position(line=0, character=0), end=T.Position(line=0, character=0)),
                    severity=T.DiagnosticSeverity.Error, source=SOURCE, message=f"digestlint: {a.error}"))
            self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, version=a.version, diagnostics=diags))
        except Exception as exc:  # never let one document take the server down
            log.exception("linting %s failed", uri)
            self.window_log_message(T.LogMessageParams(type=T.MessageType.Error, message=f"digestlint: linting {uri} failed: {type(exc).__name__}: {exc}"))

    def publish_later(self, uri: str) -> None:
        """Lint ``uri`` once no change has arrived for :attr:`debounce` seconds (only the version
        current then is linted; the changes of a burst cost one lint)."""
        import asyncio

        old = self._timers.pop(uri, None)
        if old is not None:
            old.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not inside the event loop (a direct call): lint now
            self.publish(uri)
            return
        self._timers[uri] = loop.call_later(self.debounce, self.publish, uri)

    def publish_all(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.publish(uri)

    # -------------------------------------------------------------- code actions
    def code_actions(self, params: lsp_types.CodeActionParams) -> list[lsp_types.CodeAction]:
        from lsprotocol import types as T

        uri = params.text_document.uri
        a = self.analysis(uri)
        if a is None or a.resolved.settings is None:
            return []
        only = [str(getattr(k, "value", k)) for k in (params.context.only or [])]
        # "only" holds kinds or their parents ("source" covers "source.fixAll.digestlint")
        wants_quickfix = not only or any(k == "quickfix" or k.startswith("quickfix.") for k in only)
        wants_fix_all = not only or any(k == FIX_ALL_KIND or FIX_ALL_KIND.startswith(k + ".") for k in only)
        enc = self.encoding
        lead = a.lead(enc)
        actions: list = []
        if wants_quickfix:
            for f in a.findings:
                if f.fix is None:
                    continue
                diag = diagnostic(f, a.lines, enc, lead)
                if not _overlaps(diag.range, params.range):
                    continue
                related = [d for d in params.context.diagnostics if d.code == f.rule and d.range == diag.range] or [diag]
                what = f.fix.description or "apply the fix"
                actions.append(T.CodeAction(
                    title=f"{f.rule}: {what}" + ("" if f.fix.safe else " (unsafe)"),
                    kind=T.CodeActionKind.QuickFix,
                    diagnostics=related,
                    is_preferred=f.fix.safe,
                    edit=T.WorkspaceEdit(changes={uri: text_edits(f.fix, a.body, a.lines, enc, lead)}),
                ))
        if wants_fix_all:
            fixed = a.fix_all()
            if fixed is not None:
                whole = split_lines(a.text)
                end = T.Position(line=len(whole) - 1, character=client_units(whole[-1], enc))
                actions.append(T.CodeAction(
                    title="digestlint: fix all safe problems",
                    kind=FIX_ALL_KIND,
                    edit=T.WorkspaceEdit(changes={uri: [T.TextEdit(range=T.Range(start=T.Position(line=0, character=0), end=end), new_text=fixed)]}),
                ))
        return actions


# ---------------------------------------------------------------------------- handlers (one per feature)
def did_open(ls: DigestlintServer, params) -> None:
    ls.publish(params.text_document.uri)


def did_change(ls: DigestlintServer, params) -> None:
    ls.publish_later(params.text_document.uri)


def did_save(ls: DigestlintServer, params) -> None:
    uri = params.text_document.uri
    if uri.endswith(("/.digestlint.toml", "/pyproject.toml")):
        ls.reset()
        ls.publish_all()
        return
    ls.publish(uri)


def did_close(ls: DigestlintServer, params) -> None:
    from lsprotocol import types as T

    uri = params.text_document.uri
    ls.forget(uri)
    ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def did_change_configuration(ls: DigestlintServer, params) -> None:
    ls.reset()
    ls.publish_all()


def code_action(ls: DigestlintServer, params) -> list:
    from lsprotocol import types as T

    try:
        return ls.code_actions(params)
    except Exception as exc:
        log.exception("code actions failed")
        ls.window_log_message(T.LogMessageParams(type=T.MessageType.Error, message=f"digestlint: code actions failed: {type(exc).__name__}: {exc}"))
        return []


def create_server(debounce: float = DEBOUNCE_SECONDS) -> DigestlintServer:
    from lsprotocol import types as T

    server = DigestlintServer(debounce)
    server.feature(T.TEXT_DOCUMENT_DID_OPEN)(did_open)
    server.feature(T.TEXT_DOCUMENT_DID_CHANGE)(did_change)
    server.feature(T.TEXT_DOCUMENT_DID_SAVE)(did_save)
    server.feature(T.TEXT_DOCUMENT_DID_CLOSE)(did_close)
    server.feature(T.WORKSPACE_DID_CHANGE_CONFIGURATION)(did_change_configuration)
    server.feature(
        T.TEXT_DOCUMENT_CODE_ACTION,
        T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False),
    )(code_action)
    return server


# ---------------------------------------------------------------------------- the transport
class BoundedInput:
    """Standard input for pygls with bounds: a header line is at most :data:`MAX_HEADER_BYTES`, a
    message body at most :data:`MAX_MESSAGE_BYTES`. A larger ``Content-Length`` is refused before
    anything is allocated: the body is replaced by an ignorable notification and the bytes that
    follow are skipped up to the next ``Content-Length`` header (the stream is resynchronised)."""

    _DROPPED = b'{"jsonrpc": "2.0", "method": "$/digestlint/droppedMessage", "params": {}}'

    def __init__(self, raw: BinaryIO, max_message: int = MAX_MESSAGE_BYTES, max_header: int = MAX_HEADER_BYTES) -> None:
        self.raw = raw
        self.max_message = max_message
        self.max_header = max_header
        self._resync = False

    def readline(self) -> bytes:
        while True:
            line = self.raw.readline(self.max_header)
            if not self._resync or not line:
                return line
            if line.lower().startswith(b"content-length:"):
                self._resync = False
                return line

    def read(self, n: int) -> bytes:
        if n > self.max_message:
            log.error("a message of %d bytes is larger than the limit of %d bytes: skipped", n, self.max_message)
            self._resync = True
            return self._DROPPED
        return self.raw.read(n)


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
    server.start_io(stdin=cast(BinaryIO, BoundedInput(sys.stdin.buffer)))  # a BinaryIO for what pygls calls
    return 0
