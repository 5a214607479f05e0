"""Hostile bytes: invalid UTF-8, UTF-16, binary, BOM, CRLF/CR/mixed endings, NUL, invisible characters."""

from __future__ import annotations

import os

import pytest

from hostile_helpers import (
    CANARY,
    GOOD_POST,
    assert_canary_linted,
    assert_in_bounds,
    lint_bytes,
    lint_cli,
    write_canary,
)

GOOD_LINES = GOOD_POST.split("\n")
# a body line with Korean text, to check that columns count characters, not bytes
KO_LINE = next(i for i, line in enumerate(GOOD_LINES) if line.startswith("- Goal: "))


def _inject(raw: bytes, line_index: int, char_col: int) -> bytes:
    """Insert ``raw`` before character ``char_col`` (0-based) of line ``line_index`` (0-based)."""
    lines = GOOD_POST.split("\n")
    line = lines[line_index]
    before = "\n".join(lines[:line_index] + [line[:char_col]]).encode("utf-8")
    after = "\n".join([line[char_col:]] + lines[line_index + 1 :]).encode("utf-8")
    return before + raw + after


BYTE_CASES = [
    # name, bytes, expected DL001 (line, column) or None when any position is right
    ("invalid-utf8-mid-file", _inject(b"\xff", KO_LINE, 20), (KO_LINE + 1, 21)),
    ("cp1252-e-acute", _inject(b"caf\xe9 ", KO_LINE, 8), (KO_LINE + 1, 12)),
    ("truncated-multibyte", _inject("가".encode()[:2] + b" ", KO_LINE, 30), (KO_LINE + 1, 31)),
    ("lone-continuation-byte", _inject(b"\x80", 0, 0), (1, 1)),
    ("encoded-surrogate", _inject(b"\xed\xa0\x80", KO_LINE, 5), (KO_LINE + 1, 6)),
    ("overlong-slash", _inject(b"\xc0\xaf", 2, 3), (3, 4)),
    ("nul-byte-mid-file", _inject(b"\x00", KO_LINE, 12), (KO_LINE + 1, 13)),
    ("nul-byte-first", b"\x00" + GOOD_POST.encode(), (1, 1)),
    ("utf16-le-bom", b"\xff\xfe" + GOOD_POST.encode("utf-16-le"), (1, 1)),
    ("utf16-be-bom", b"\xfe\xff" + GOOD_POST.encode("utf-16-be"), (1, 1)),
    ("utf16-le-no-bom", GOOD_POST.encode("utf-16-le"), None),
    ("utf32-bom", GOOD_POST.encode("utf-32"), None),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, None),
    ("random-binary", bytes((i * 73 + 41) % 256 for i in range(5000)), None),
    ("latin1-no-nul", "---\ntitle: Caf\u00e9 r\u00e9sum\u00e9\n---\n".encode("latin-1"), (2, 11)),
    ("gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 50, None),
]


@pytest.mark.parametrize("name,data,position", BYTE_CASES, ids=[c[0] for c in BYTE_CASES])
def test_unreadable_bytes_are_dl001_in_process(name, data, position):
    result, findings = lint_bytes(data)
    assert [f.rule for f in findings] == ["DL001"], [(f.rule, f.message) for f in findings]
    if position is not None:
        assert (findings[0].line, findings[0].column) == position, findings[0].message
    assert "\n" not in findings[0].message


@pytest.mark.slow
@pytest.mark.parametrize(
    "name,data,position",
    [c for c in BYTE_CASES if c[0] in ("invalid-utf8-mid-file", "utf16-le-bom", "png", "nul-byte-mid-file")],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_unreadable_bytes_cli_other_files_still_linted(tmp_path, name, data, position):
    (tmp_path / "2025-01-01-hostile.md").write_bytes(data)
    write_canary(tmp_path)
    run = lint_cli(".", cwd=tmp_path)
    assert_canary_linted(run)
    assert run.rules_for("2025-01-01-hostile.md") == ["DL001"]
    if position is not None:
        assert run.at("2025-01-01-hostile.md", "DL001") == [position]


def _same_positions(a, b):
    key = lambda f: (f.rule, f.line, f.column, f.end_line, f.end_column, f.message)  # noqa: E731
    assert [key(f) for f in a] == [key(f) for f in b]


@pytest.mark.parametrize("post", ["good", "canary"])
def test_bom_is_fine_and_does_not_shift_columns(post):
    text = GOOD_POST if post == "good" else CANARY
    _, plain = lint_bytes(text.encode())
    _, with_bom = lint_bytes(b"\xef\xbb\xbf" + text.encode())
    assert not [f for f in with_bom if f.rule in ("DL001", "DL003")]
    _same_positions(plain, with_bom)


def _mixed_endings(text: str) -> str:
    out = []
    for i, line in enumerate(text.split("\n")):
        out.append(line + ("\r\n", "\n", "\r")[i % 3])
    return "".join(out)[:-1]


@pytest.mark.parametrize("ending", ["crlf", "cr", "mixed"])
@pytest.mark.parametrize("post", ["good", "canary", "broken-yaml"])
def test_line_endings_keep_positions(ending, post):
    text = {"good": GOOD_POST, "canary": CANARY, "broken-yaml": GOOD_POST.replace('title: "', 'title: "\t: [', 1)}[post]
    converted = {"crlf": text.replace("\n", "\r\n"), "cr": text.replace("\n", "\r"), "mixed": _mixed_endings(text)}[ending]
    _, lf = lint_bytes(text.encode())
    _, other = lint_bytes(converted.encode())
    _same_positions(lf, other)
    assert not [f for f in other if f.rule == "DL001"]
    # edits of fixes point at the same characters of the file as it is on disk
    by_key = {(f.rule, f.line, f.column): f for f in lf}
    for f in other:
        if f.fix is None:
            continue
        twin = by_key[(f.rule, f.line, f.column)]
        for e, e_lf in zip(f.fix.edits, twin.fix.edits):
            assert converted[e.offset:e.end_offset].replace("\r\n", "\n").replace("\r", "\n") == text[e_lf.offset:e_lf.end_offset]


@pytest.mark.slow
def test_crlf_dl004_position_cli(tmp_path):
    broken = GOOD_POST.replace("categories: []", "categories: [x", 1)
    (tmp_path / "2025-01-01-lf.md").write_bytes(broken.encode())
    (tmp_path / "2025-01-01-crlf.md").write_bytes(broken.replace("\n", "\r\n").encode())
    run = lint_cli(".", cwd=tmp_path)
    assert run.at("2025-01-01-lf.md", "DL004") and run.at("2025-01-01-lf.md", "DL004") == run.at("2025-01-01-crlf.md", "DL004")


INVISIBLES = [
    "\u200b",  # zero width space
    "\u200c\u200d",  # zero width (non-)joiner
    "\u2060",  # word joiner
    "\ufeff",  # BOM in the middle of the file
    "\u202e",  # right-to-left override
    "\u2066\u2069",  # isolates
    "\u00ad",  # soft hyphen
    "\u3164",  # hangul filler
    "\u2028",  # line separator (a line break for YAML, not for markdown)
    "\u0085",  # next line
    "\x0b\x0c",  # vertical tab, form feed
    "\x1b[31m",  # an ANSI escape
    "\x7f",  # DEL
    "\U000e0041",  # tag character
    "\ud7ff\ue000\uffff",  # edges of the BMP
]


@pytest.mark.parametrize("chars", INVISIBLES, ids=[f"U+{ord(c[0]):04X}" for c in INVISIBLES])
@pytest.mark.parametrize("where", ["body", "title", "heading", "front-matter-line"])
def test_invisible_characters_never_crash(chars, where):
    if where == "body":
        text = GOOD_POST.replace("본 논문은", f"본{chars}논문은", 1)
    elif where == "title":
        text = GOOD_POST.replace("The Quest", f"The{chars}Quest", 1)
    elif where == "heading":
        text = GOOD_POST.replace("## Method", f"## Met{chars}hod", 1)
    else:
        text = GOOD_POST.replace("layout: post", f"layout: post{chars}", 1)
    assert text != GOOD_POST
    _, findings = lint_bytes(text.encode("utf-8", "surrogatepass"))
    assert not [f for f in findings if f.rule in ("DL001", "DL003")]
    assert_in_bounds(text, findings)


def test_invisible_in_front_matter_reports_dl004_at_the_character():
    text = GOOD_POST.replace("layout: post", "layout: po\x01st", 1)
    _, findings = lint_bytes(text.encode())
    dl004 = [f for f in findings if f.rule == "DL004"]
    assert [(f.line, f.column) for f in dl004] == [(2, 11)], [(f.line, f.column, f.message) for f in dl004]


def test_yaml_line_separators_do_not_shift_dl004():
    # YAML counts U+2028 and U+0085 as line breaks; the reported line must still be the file's line.
    text = "---\ntitle: a\u2028b\u0085c\nlayout: post\n---\n"
    _, findings = lint_bytes(text.encode())
    # YAML stops at the 'c' after U+0085: line 2, column 12 of the file
    assert [(f.line, f.column) for f in findings if f.rule == "DL004"] == [(2, 12)]
    text = '---\ntitle: "a\u2028b\u0085c"\nlayout: post\ntags: [x, : y]\n---\n'
    _, findings = lint_bytes(text.encode())
    dl004 = [f for f in findings if f.rule == "DL004"]
    assert len(dl004) == 1 and dl004[0].line == 4, [(f.line, f.column, f.message) for f in dl004]
    assert_in_bounds(text, findings)


@pytest.mark.slow
def test_stdin_binary_and_invalid_utf8(tmp_path):
    run = lint_cli("-", "--stdin-filename", "post.md", cwd=tmp_path, input=b"---\nx: \xff\n---\n")
    assert run.rc == 1 and run.at("post.md", "DL001") == [(2, 4)]
    run = lint_cli("-", cwd=tmp_path, input=os.urandom(0) + b"\x00\x01\x02")
    assert run.rc == 1 and run.rules_for("<stdin>") == ["DL001"]
