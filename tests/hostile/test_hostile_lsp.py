"""The language server survives malformed requests and hostile documents (raw JSON-RPC over stdio)."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time

import pytest

from conftest import digestlint_exe
from hostile_helpers import CANARY, GOOD_POST

pytestmark = pytest.mark.slow  # see docs/DEVELOPING.md, "Test tiers"

pytest.importorskip("pygls")


class RawClient:
    def __init__(self, cwd):
        self.proc = subprocess.Popen([*digestlint_exe(), "lsp"], cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: "queue.Queue[dict]" = queue.Queue()
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.decode("ascii", "replace").partition(":")
                headers[k.lower()] = v.strip()
            body = out.read(int(headers.get("content-length", 0)))
            try:
                self.messages.put(json.loads(body))
            except ValueError:
                pass

    def raw(self, data: bytes):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, payload):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def wait_for(self, pred, timeout=30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                msg = self.messages.get(timeout=max(0.05, end - time.monotonic()))
            except queue.Empty:
                break
            if pred(msg):
                return msg
        raise AssertionError("no matching message from the server")

    def close(self):
        try:
            self.send({"jsonrpc": "2.0", "id": 999, "method": "shutdown"})
            self.send({"jsonrpc": "2.0", "method": "exit"})
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        return self.proc.stderr.read().decode("utf-8", "replace")


def _open(client, uri, text, version=1):
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": version, "text": text}}})


def _diagnostics_for(client, uri):
    return client.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)


def test_lsp_survives_malformed_requests_and_documents(tmp_path):
    client = RawClient(tmp_path)
    try:
        client.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                     "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}})
        client.wait_for(lambda m: m.get("id") == 1)
        client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        # malformed traffic
        client.send(b"{this is not json")
        client.send(b"[]")
        client.send(b'"a string"')
        client.send({"jsonrpc": "2.0", "id": 2, "method": "no/such/method", "params": {}})
        client.send({"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params": {"bogus": True}})
        client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": 42}})
        client.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": "file:///never/opened.md", "version": 2}, "contentChanges": [{"text": "x"}]}})
        client.send({"jsonrpc": "2.0", "id": 4, "method": "textDocument/codeAction", "params": {
            "textDocument": {"uri": "file:///never/opened.md"},
            "range": {"start": {"line": -5, "character": 10**9}, "end": {"line": 10**9, "character": 0}},
            "context": {"diagnostics": []}}})
        # hostile documents
        hostile = {
            "nul": "---\ntitle: x\n---\n\x00\x01",
            "alias": "---\na: &a [1]\nb: *a\n---\n",
            "brackets": GOOD_POST + "[" * 100_000,
            "surrogate-free-astral": GOOD_POST.replace("본 논문", "𝔸\u200b\u202e", 1),
            "crlf": GOOD_POST.replace("\n", "\r\n"),
            "empty": "",
            "huge": GOOD_POST + "가" * 2_000_000,
        }
        for name, text in hostile.items():
            _open(client, (tmp_path / f"2025-10-31-{name}.md").as_uri(), text)
        for name in hostile:
            _diagnostics_for(client, (tmp_path / f"2025-10-31-{name}.md").as_uri())
        # still alive and right: a canary gets its DL004
        canary = (tmp_path / "2025-10-31-canary.md").as_uri()
        _open(client, canary, CANARY)
        msg = _diagnostics_for(client, canary)
        assert any(str(d.get("code")) == "DL004" for d in msg["params"]["diagnostics"]), msg
        assert client.proc.poll() is None
        # the invalid requests got error responses, not silence
        client.send({"jsonrpc": "2.0", "id": 5, "method": "shutdown"})
        client.wait_for(lambda m: m.get("id") == 5)
    finally:
        stderr = client.close()
    # pygls logs the malformed messages it rejected (with their parse traceback) on stderr; what
    # matters is that the server kept serving and shut down cleanly
    assert client.proc.returncode == 0, stderr[-3000:]
    assert "internal error" not in stderr, stderr[-3000:]
