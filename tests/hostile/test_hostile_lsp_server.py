"""Threat: editor traffic that kills, floods or misleads the language server.

- `Content-Length: 99999999999999` must not kill the server (MemoryError): the message is
  refused without allocating it and the stream resynchronised at the next header.
- 200 rapid `didChange` notifications must not cost 200 lint runs: changes are debounced and
  only the latest version is linted (its diagnostics carry that version).
- `codeAction` requests must not re-run the fix path each time: findings and the fix-all text
  are computed once per document version; fix-all honours `exclude` and `max-file-size` (one
  settings resolution for lint and fix).
- A document that starts with U+FEFF: ranges on line 1 count the BOM, so quick fixes land where
  the finding is (`[Anothe  Paper` corruption).
"""

from __future__ import annotations

import pytest

pytest.importorskip("pygls")

from lsprotocol import types as T  # noqa: E402
from pygls.workspace import Workspace  # noqa: E402

from hostile_helpers import CANARY, GOOD_POST  # noqa: E402
from test_hostile_lsp import RawClient, _open  # noqa: E402

FIXABLE = GOOD_POST.replace("The Quest for", "The  Quest   for", 1)


def _initialize(client, root):
    client.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}})
    client.wait_for(lambda m: m.get("id") == 1)
    client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})


def _is_publish(uri):
    return lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri


@pytest.mark.slow
def test_content_length_bomb_does_not_kill_the_server(tmp_path):
    client = RawClient(tmp_path)
    try:
        _initialize(client, tmp_path)
        client.raw(b"Content-Length: 99999999999999\r\n\r\n" + b'{"jsonrpc": "2.0", "method": "x"}' * 10 + b"\r\n")
        canary = (tmp_path / "2025-10-31-canary.md").as_uri()
        _open(client, canary, CANARY)
        msg = client.wait_for(_is_publish(canary), timeout=60)
        assert "DL004" in {d["code"] for d in msg["params"]["diagnostics"]}
        assert client.proc.poll() is None, "the server died"
    finally:
        stderr = client.close()
    assert "MemoryError" not in stderr and "Traceback" not in stderr, stderr


def test_bounded_input_resynchronises_at_the_next_header():
    import io

    from digestlint.lsp import BoundedInput

    body = b'{"jsonrpc": "2.0", "method": "initialized", "params": {}}'
    raw = io.BytesIO(b"Content-Length: 99999999999999\r\n\r\ngarbage\r\nmore garbage\r\n"
                     + b"Content-Length: %d\r\n\r\n" % len(body) + body)
    inp = BoundedInput(raw, max_message=1000)
    assert inp.readline() == b"Content-Length: 99999999999999\r\n"
    assert inp.readline() == b"\r\n"
    assert b"droppedMessage" in inp.read(99999999999999)
    assert inp.readline() == b"Content-Length: %d\r\n" % len(body)  # the garbage was skipped
    assert inp.readline() == b"\r\n"
    assert inp.read(len(body)) == body


@pytest.mark.slow
def test_rapid_changes_are_debounced_and_the_latest_version_is_linted(tmp_path):
    client = RawClient(tmp_path)
    try:
        _initialize(client, tmp_path)
        uri = (tmp_path / "2025-10-31-daily-papers-20251031.md").as_uri()
        _open(client, uri, GOOD_POST)
        client.wait_for(_is_publish(uri))
        n = 200
        for v in range(2, n + 2):
            text = FIXABLE if v == n + 1 else GOOD_POST + f"\nEdit number {v}.\n"
            client.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": text}]}})
        publishes = []
        last = client.wait_for(lambda m: _is_publish(uri)(m) and (publishes.append(m) or m["params"].get("version") == n + 1), timeout=120)
        assert len(publishes) <= 10, f"{len(publishes)} lint runs for {n} changes"
        assert "DL209" in {d["code"] for d in last["params"]["diagnostics"]}  # the latest text was linted
        assert client.proc.poll() is None
    finally:
        client.close()


# ------------------------------------------------------------------------------ in process
def _server(tmp_path, text, name="2025-10-31-daily-papers-20251031.md", encoding=T.PositionEncodingKind.Utf16):
    from digestlint import lsp

    server = lsp.create_server()
    server.protocol._workspace = Workspace(tmp_path.as_uri(), position_encoding=encoding)
    uri = (tmp_path / name).as_uri()
    server.workspace.put_text_document(T.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text))
    return server, uri


def _actions(server, uri, only=None, line=0):
    params = T.CodeActionParams(
        text_document=T.TextDocumentIdentifier(uri=uri),
        range=T.Range(start=T.Position(line=line, character=0), end=T.Position(line=line + 1, character=0)),
        context=T.CodeActionContext(diagnostics=[], only=only))
    return server.code_actions(params)


def _apply(text, edits):
    """Apply LSP edits (UTF-16 positions) to ``text``."""
    lines = text.split("\n")

    def offset(pos):
        before = sum(len(line) + 1 for line in lines[:pos.line])
        units = lines[pos.line].encode("utf-16-le")[: pos.character * 2].decode("utf-16-le")
        return before + len(units)

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
    return text


def test_code_actions_compute_fixes_once_per_version(tmp_path, monkeypatch):
    from digestlint import autofix, engine

    server, uri = _server(tmp_path, FIXABLE)
    calls = {"fix": 0, "lint": 0}
    real_fix, real_lint = autofix.fix_text, engine.lint_text

    def counting_fix(*a, **k):
        calls["fix"] += 1
        return real_fix(*a, **k)

    def counting_lint(*a, **k):
        calls["lint"] += 1
        return real_lint(*a, **k)

    monkeypatch.setattr(autofix, "fix_text", counting_fix)
    monkeypatch.setattr(engine, "lint_text", counting_lint)
    for _ in range(5):
        kinds = [a.kind for a in _actions(server, uri, line=7)]
        assert "source.fixAll.digestlint" in kinds
    assert calls == {"fix": 1, "lint": 1}, calls
    # a new version is analysed again, once
    doc = server.workspace.get_text_document(uri)
    server.workspace.update_text_document(
        T.VersionedTextDocumentIdentifier(uri=uri, version=2),
        T.TextDocumentContentChangeWholeDocument(text=FIXABLE + "\n"))
    assert doc.version == 2 or server.workspace.get_text_document(uri).version == 2
    for _ in range(3):
        _actions(server, uri)
    assert calls == {"fix": 2, "lint": 2}, calls


def test_fix_all_honours_exclude(tmp_path):
    (tmp_path / ".digestlint.toml").write_text('exclude = ["drafts/"]\n', encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    server, uri = _server(tmp_path, FIXABLE, name="drafts/2025-10-31-daily-papers-20251031.md")
    assert _actions(server, uri, only=[T.CodeActionKind.Source]) == []
    assert _actions(server, uri) == []


def test_fix_all_honours_max_file_size(tmp_path):
    (tmp_path / ".digestlint.toml").write_text("max-file-size = 4000\n", encoding="utf-8")
    big = FIXABLE + "\n" + ("Padding sentence.  " * 400)
    assert len(big.encode()) > 4000
    server, uri = _server(tmp_path, big)
    assert _actions(server, uri, only=[T.CodeActionKind.Source]) == []
    a = server.analysis(uri)
    assert a.findings == [] and "max-file-size" in a.error


@pytest.mark.parametrize("encoding", [T.PositionEncodingKind.Utf16, T.PositionEncodingKind.Utf32])
def test_bom_document_line_one_ranges_and_quick_fix(tmp_path, encoding):
    text = "\ufeff# 1. [Another  Paper](https://arxiv.org/abs/2510.26794)\n\nText.\n"
    server, uri = _server(tmp_path, text, name="2025-10-31-a.md", encoding=encoding)
    a = server.analysis(uri)
    (f,) = [f for f in a.findings if f.rule == "DL209"]
    from digestlint.lsp import diagnostic

    d = diagnostic(f, a.lines, str(encoding.value), a.lead(str(encoding.value)))
    # the double space is at client character 14 (the BOM is character 0)
    assert (d.range.start.line, d.range.start.character, d.range.end.character) == (0, 14, 16)
    assert text[d.range.start.character:d.range.end.character] == "  "
    (quick,) = [x for x in _actions(server, uri) if x.title.startswith("DL209")]
    fixed = _apply(text, quick.edit.changes[uri])
    assert fixed == text.replace("Another  Paper", "Another Paper")


def test_bom_document_fix_all_keeps_the_bom(tmp_path):
    text = "\ufeff" + FIXABLE
    server, uri = _server(tmp_path, text)
    (fix_all,) = [x for x in _actions(server, uri, only=[T.CodeActionKind.Source])]
    (edit,) = fix_all.edit.changes[uri]
    assert edit.new_text == "\ufeff" + GOOD_POST
