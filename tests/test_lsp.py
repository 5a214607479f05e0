"""The language server end to end: a real LSP client (pytest-lsp) talking to `digestlint lsp` over stdio."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import FRONT_MATTER, ROOT
from digestlint import lsp as server_mod

HEAD = FRONT_MATTER + """
"""
# Line 9 (0-based 8): a title with Korean text, an astral character and a double space (DL209).
TITLE = "# 1. [한국어 𝔸 Title  Words](https://arxiv.org/abs/2510.26794)\n"
BODY = """
> [Alphaxiv](https://www.alphaxiv.org/ko/overview/2510.26794)

## Introduction
본 논문은 새로운 방법을 제안한다.

## Method
제안 방법은 단순하다.

## Results
성능이 향상되었다.

## Limitations
정보 부족.

## Conclusion
결론적으로 유용하다.
"""
POST = HEAD + TITLE + BODY
TITLE_LINE = 8
PLACEHOLDER_LINE = POST.split("\n").index("정보 부족.")


def utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def apply_text_edits(text: str, edits: list[T.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) the way an editor does."""
    lines = text.split("\n")

    def offset(pos: T.Position) -> int:
        before = sum(len(l) + 1 for l in lines[: pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        units, i = 0, 0
        while i < len(line) and units < pos.character:
            units += utf16(line[i])
            i += 1
        return before + i

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        s, t = offset(e.range.start), offset(e.range.end)
        text = text[:s] + e.new_text + text[t:]
    return text


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "digestlint", "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path):
    params = T.InitializeParams(
        capabilities=T.ClientCapabilities(general=T.GeneralClientCapabilities(position_encodings=[T.PositionEncodingKind.Utf16])),
        root_uri=tmp_path.as_uri(),
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, path: Path, text: str, version: int = 1) -> list[T.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_open(T.DidOpenTextDocumentParams(
        text_document=T.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)))
    await client.wait_for_notification(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


@pytest.mark.slow
@pytest.mark.asyncio
async def test_diagnostics_ranges_codes_and_quick_fix(client: LanguageClient, tmp_path):
    path = tmp_path / "2025-10-31-daily-papers-20251031.md"
    path.write_text(POST, encoding="utf-8")
    uri = path.as_uri()
    diags = await _open(client, path, POST)
    by_code = {d.code: d for d in diags}

    # the placeholder
    d = by_code["DL501"]
    assert d.range.start == T.Position(line=PLACEHOLDER_LINE, character=0)
    assert d.range.end.line == PLACEHOLDER_LINE and d.range.end.character >= utf16("정보 부족")
    assert d.severity == T.DiagnosticSeverity.Error
    assert d.code_description.href.endswith("#dl501")
    assert "정보 부족" in d.message

    # the double space in the title: columns in UTF-16 units (Korean = 1 unit, 𝔸 = 2 units)
    d = by_code["DL209"]
    line = TITLE.rstrip("\n")
    gap = line.index("  ")
    assert d.range.start == T.Position(line=TITLE_LINE, character=utf16(line[:gap]))
    assert d.range.start.character == gap + 1  # one more than the code-point column: the astral 𝔸
    assert d.severity == T.DiagnosticSeverity.Warning
    assert d.source == "digestlint"
    assert d.code_description.href.endswith("#dl209")

    # code actions for the diagnostic's range: a preferred quick fix
    actions = await client.text_document_code_action_async(T.CodeActionParams(
        text_document=T.TextDocumentIdentifier(uri=uri), range=d.range,
        context=T.CodeActionContext(diagnostics=[d], only=[T.CodeActionKind.QuickFix])))
    fixes = [a for a in actions if a.kind == T.CodeActionKind.QuickFix and a.diagnostics and a.diagnostics[0].code == "DL209"]
    assert fixes and fixes[0].is_preferred
    edits = fixes[0].edit.changes[uri]
    fixed = apply_text_edits(POST, edits)
    assert "[한국어 𝔸 Title Words]" in fixed
    assert fixed.replace("[한국어 𝔸 Title Words]", "[한국어 𝔸 Title  Words]") == POST  # nothing else changed

    # the editor applies it: the change is linted again and DL209 is gone
    client.text_document_did_change(T.DidChangeTextDocumentParams(
        text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[T.TextDocumentContentChangeWholeDocument(text=fixed)]))
    await client.wait_for_notification(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "DL209" not in {d.code for d in client.diagnostics[uri]}

    # save and close
    client.text_document_did_save(T.DidSaveTextDocumentParams(text_document=T.TextDocumentIdentifier(uri=uri)))
    await client.wait_for_notification(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "DL209" not in {d.code for d in client.diagnostics[uri]}
    client.text_document_did_close(T.DidCloseTextDocumentParams(text_document=T.TextDocumentIdentifier(uri=uri)))
    await client.wait_for_notification(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []


@pytest.mark.slow
@pytest.mark.asyncio
async def test_fix_all_source_action(client: LanguageClient, tmp_path):
    path = tmp_path / "2025-10-31-daily-papers-20251031.md"
    text = POST.replace("\n", "\r\n")
    await _open(client, path, text)
    actions = await client.text_document_code_action_async(T.CodeActionParams(
        text_document=T.TextDocumentIdentifier(uri=path.as_uri()),
        range=T.Range(start=T.Position(line=0, character=0), end=T.Position(line=0, character=0)),
        context=T.CodeActionContext(diagnostics=[], only=[T.CodeActionKind.Source])))
    assert [a.kind for a in actions] == [server_mod.FIX_ALL_KIND]
    (edit,) = actions[0].edit.changes[path.as_uri()]
    assert edit.new_text == text.replace("Title  Words", "Title Words")  # CRLF kept


@pytest.mark.slow
@pytest.mark.asyncio
async def test_nearest_configuration_is_honoured(client: LanguageClient, tmp_path):
    blog = tmp_path / "blog" / "_posts"
    blog.mkdir(parents=True)
    (tmp_path / "blog" / ".digestlint.toml").write_text('ignore = ["title-whitespace"]\n', encoding="utf-8")
    diags = await _open(client, blog / "2025-10-31-daily-papers-20251031.md", POST)
    assert "DL209" not in {d.code for d in diags}
    other = await _open(client, tmp_path / "2025-10-31-daily-papers-20251031.md", POST)
    assert "DL209" in {d.code for d in other}


@pytest.mark.slow
@pytest.mark.asyncio
async def test_survives_bad_configuration_and_hostile_documents(client: LanguageClient, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / ".digestlint.toml").write_text("selectt = 1\n", encoding="utf-8")
    diags = await _open(client, bad / "p.md", POST)
    assert len(diags) == 1 and "unknown key 'selectt'" in diags[0].message
    for i, text in enumerate(["", "\x00\x01 binary", "---\n" * 500, "\r\r\n\n\ufeff---\n&a [x]\n---\n", "𝔸" * 5000]):
        diags = await _open(client, tmp_path / f"2025-10-31-h{i}.md", text)
        assert all(d.range.start.line >= 0 for d in diags)
    # a code action for a document that was never opened, and an unknown request
    none = await client.text_document_code_action_async(T.CodeActionParams(
        text_document=T.TextDocumentIdentifier(uri=(tmp_path / "never.md").as_uri()),
        range=T.Range(start=T.Position(line=0, character=0), end=T.Position(line=0, character=0)),
        context=T.CodeActionContext(diagnostics=[])))
    assert not none
    with pytest.raises(Exception):
        await client.protocol.send_request_async("digestlint/noSuchMethod", {"x": 1})
    # still alive
    diags = await _open(client, tmp_path / "2025-10-31-daily-papers-20251031.md", POST)
    assert "DL209" in {d.code for d in diags}


def test_position_conversion_units():
    lines = ["가𝔸b"]
    assert server_mod.to_position(lines, 1, 3, "utf-16").character == 3
    assert server_mod.to_position(lines, 1, 3, "utf-8").character == 7
    assert server_mod.to_position(lines, 1, 3, "utf-32").character == 2
    assert server_mod.to_position(lines, 5, 99, "utf-16") == T.Position(line=0, character=4)  # clamped


def test_fix_all_parses_with_the_layout_of_the_document(tmp_path, monkeypatch):
    """Fix-all of a post of a non-default layout parses each pass once, with that layout (it was
    parsed with the default layout first, and then again by the engine)."""
    from digestlint import document, lsp

    blog = tmp_path / "blog"
    shutil.copytree(ROOT / "examples" / "ko-idheadings", blog)
    post = blog / "2025-05-08.md"
    text = post.read_text(encoding="utf-8")
    layouts = []
    real_init = document.Document.__init__

    def counting_init(self, *args, **kwargs):
        layouts.append(kwargs.get("layout"))
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(document.Document, "__init__", counting_init)
    linter = lsp.Linter()
    fixed = linter.fix_all(post.as_uri(), text)
    from digestlint.layout import default_layout

    assert layouts, "fix-all parsed nothing"
    assert all(lay is not None and lay != default_layout() for lay in layouts), layouts
    assert fixed is None or fixed != text


def test_only_posts_are_linted_as_on_the_command_line(tmp_path):
    """``include`` decides what is a post, in the editor as in a pre-commit run: a README.md or an
    about page beside the posts gets no diagnostics and no fixes; a post does; an ``include`` of
    the configuration replaces the default."""
    text = POST
    linter = server_mod.Linter()
    post = tmp_path / "2025-10-31-daily-papers-20251031.md"
    for name in ("README.md", "about.md", "notes/2025-10-31.md"):
        r = linter.resolve((tmp_path / name).as_uri(), text)
        assert r.settings is None and r.skip and r.error is None, name
        assert linter.lint((tmp_path / name).as_uri(), text) == ([], None)
        assert linter.fix_all((tmp_path / name).as_uri(), text) is None
    findings, error = linter.lint(post.as_uri(), text)
    assert error is None and "DL209" in {f.rule for f in findings}
    assert linter.fix_all(post.as_uri(), text) is not None
    assert "DL209" in {f.rule for f in linter.lint("untitled:Untitled-1", text)[0]}  # no path: linted

    (tmp_path / ".digestlint.toml").write_text('include = ["notes/*.md"]\n', encoding="utf-8")
    linter.reset()
    assert "DL209" in {f.rule for f in linter.lint((tmp_path / "notes" / "2025-10-31.md").as_uri(), text)[0]}
    assert linter.lint(post.as_uri(), text) == ([], None)
