"""--fix / --diff: safe, atomic, idempotent fixing (property-based with hypothesis) and the CLI."""

from __future__ import annotations

import os
import re
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GOOD, _settings, lint_text, run_cli
from digestlint import autofix
from digestlint.fixes import apply_edits

GOOD_POST = (GOOD / "2025-10-31-daily-papers-20251031.md").read_text(encoding="utf-8")
TITLE_LINES = [i for i, line in enumerate(GOOD_POST.split("\n")) if line.startswith("# ")]
HYP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _spaced(text: str, gaps: list[int]) -> str:
    """Damage the paper titles: widen some single spaces inside ``[title]`` to runs (DL209)."""
    lines = text.split("\n")
    for k, i in enumerate(TITLE_LINES):
        m = re.match(r"(# \d+\. \[)([^\]]*)(\].*)", lines[i])
        words = m.group(2).split(" ")
        extra = gaps[k % len(gaps)] if gaps else 0
        if len(words) > 1 and extra:
            words[1] = " " * extra + words[1]
        lines[i] = m.group(1) + " ".join(words) + m.group(3)
    return "\n".join(lines)


def _encode(text: str, newline: str, bom: bool) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", newline).encode("utf-8")


# ------------------------------------------------------------------------------ apply_edits
@st.composite
def text_and_edits(draw):
    text = draw(st.text(alphabet=st.sampled_from("ab가나\r\n 𝔸"), max_size=60))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
    pairs = list(zip(cuts[::2], cuts[1::2]))
    edits = [(s, e, draw(st.text(alphabet="xy\n한", max_size=4))) for s, e in pairs]
    return text, edits


@HYP
@given(text_and_edits())
def test_apply_edits_changes_nothing_outside_the_edits(case):
    text, edits = case
    out, n = apply_edits(text, edits)
    assert n == len(edits)
    # rebuild independently: the kept segments are exactly the original text between the edits
    pos, expected = 0, []
    for s, e, r in sorted(edits):
        expected.append(text[pos:s])
        expected.append(r)
        pos = e
    expected.append(text[pos:])
    assert out == "".join(expected)


# ------------------------------------------------------------------------------ atomic writes
@HYP
@given(data=st.binary(max_size=300), mode=st.sampled_from([0o600, 0o644, 0o640, 0o755]))
def test_atomic_write_keeps_mode_and_leaves_no_temporary_file(tmp_path, data, mode):
    path = tmp_path / "post.md"
    path.write_bytes(b"old content")
    os.chmod(path, mode)
    autofix.atomic_write_bytes(str(path), data)
    assert path.read_bytes() == data
    assert stat.S_IMODE(os.stat(path).st_mode) == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


def test_atomic_write_through_a_symbolic_link_keeps_the_link(tmp_path):
    real = tmp_path / "real.md"
    real.write_bytes(b"a")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    autofix.atomic_write_bytes(str(link), b"b")
    assert link.is_symlink() and real.read_bytes() == b"b"


def test_atomic_write_failure_leaves_the_file_untouched(tmp_path, monkeypatch):
    path = tmp_path / "post.md"
    path.write_bytes(b"keep me")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(autofix.os, "replace", boom)
    with pytest.raises(OSError):
        autofix.atomic_write_bytes(str(path), b"new")
    assert path.read_bytes() == b"keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"]


# ------------------------------------------------------------------------------ fixing files
@pytest.mark.slow
@HYP
@given(gaps=st.lists(st.integers(0, 4), min_size=1, max_size=3), newline=st.sampled_from(["\n", "\r\n"]), bom=st.booleans())
def test_fix_restores_exactly_the_damaged_bytes(gaps, newline, bom):
    settings_ = _settings(select=["ALL"])
    good = _encode(GOOD_POST, newline, bom)
    damaged = _encode(_spaced(GOOD_POST, gaps), newline, bom)
    fixed, result, problem = autofix.fix_bytes(damaged, "2025-10-31-daily-papers-20251031.md", settings_)
    assert problem is None
    assert fixed == good  # every other byte (line endings, BOM) kept
    assert not [f for f in result.findings if f.rule == "DL209"]
    again, result2, _ = autofix.fix_bytes(fixed, "2025-10-31-daily-papers-20251031.md", settings_)
    assert again == fixed and result2.applied == 0  # idempotent


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_inserted_lines_use_the_files_line_endings(newline):
    text = GOOD_POST.replace("> [Alphaxiv](https://www.alphaxiv.org/ko/overview/2510.26794)\n", "", 1)
    settings_ = _settings(select=["DL302"])
    before = _encode(text, newline, False)
    fixed, result, _ = autofix.fix_bytes(before, "2025-10-31-daily-papers-20251031.md", settings_)
    if result.applied == 0:
        pytest.skip("DL302 offers no fix for this layout")
    decoded = fixed.decode("utf-8")
    if newline == "\r\n":
        assert "\n" not in decoded.replace("\r\n", "")
    assert "alphaxiv.org/ko/overview/2510.26794" in decoded
    assert not [f for f in lint_text(decoded, select=["DL302"]) if f.fix]


def test_unsafe_fixes_only_on_request():
    text = GOOD_POST.replace("alphaxiv.org/ko/overview/2510.26794", "alphaxiv.org/ko/overview/2510.99999", 1)
    findings = [f for f in lint_text(text, select=["DL303"])]
    if not findings or not findings[0].fix or findings[0].fix.safe:
        pytest.skip("DL303 has no unsafe fix here")
    settings_ = _settings(select=["DL303"])
    data = text.encode("utf-8")
    safe, r1, _ = autofix.fix_bytes(data, "x.md", settings_)
    assert safe == data and r1.applied == 0
    unsafe, r2, _ = autofix.fix_bytes(data, "x.md", settings_, unsafe=True)
    assert unsafe == GOOD_POST.encode("utf-8") and r2.fixed == 1


def test_a_file_that_does_not_parse_is_never_written(tmp_path):
    path = tmp_path / "broken.md"
    original = b'---\ntitle: [oops\n---\n# 1. [A  B](https://arxiv.org/abs/2510.26794)\n'
    path.write_bytes(original)
    out = autofix.fix_file(str(path), str(path), _settings(select=["ALL"]))
    assert out.skipped and "does not parse" in out.skipped and not out.written
    assert path.read_bytes() == original


def test_a_file_changed_on_disk_is_not_overwritten(tmp_path, monkeypatch):
    path = tmp_path / "2025-10-31-daily-papers-20251031.md"
    damaged = _spaced(GOOD_POST, [2]).encode("utf-8")
    path.write_bytes(damaged)
    real_read = autofix.read_file_stat
    calls = []

    def read_then_someone_edits(p, limit, **kwargs):
        calls.append(p)
        got = real_read(p, limit, **kwargs)
        if len(calls) == 1:
            path.write_bytes(damaged + b"\nedited meanwhile\n")
        return got

    monkeypatch.setattr(autofix, "read_file_stat", read_then_someone_edits)
    out = autofix.fix_file(str(path), str(path), _settings(select=["ALL"]))
    assert not out.written and "changed on disk" in out.skipped
    assert path.read_bytes().endswith(b"edited meanwhile\n")


# ------------------------------------------------------------------------------ the command line
@pytest.fixture
def damaged_post(tmp_path):
    path = tmp_path / "2025-10-31-daily-papers-20251031.md"
    path.write_bytes(_encode(_spaced(GOOD_POST, [3]), "\r\n", True))
    os.chmod(path, 0o640)
    return path


def test_cli_diff_shows_and_does_not_write(damaged_post):
    before = damaged_post.read_bytes()
    res = run_cli("--diff", damaged_post.name, cwd=damaged_post.parent)
    assert res.returncode == 1, res.stderr
    out = res.stdout.decode()
    assert out.startswith(f"--- a/{damaged_post.name}\n+++ b/{damaged_post.name}\n")
    assert "-# 1. [The    Quest" in out and "+# 1. [The Quest" in out
    assert "Would fix" in res.stderr.decode()
    assert damaged_post.read_bytes() == before


@pytest.mark.slow
def test_cli_fix_writes_keeps_mode_and_reports_what_is_left(damaged_post):
    res = run_cli("--fix", damaged_post.name, cwd=damaged_post.parent)
    assert res.returncode == 0, (res.stdout, res.stderr)
    assert damaged_post.read_bytes() == _encode(GOOD_POST, "\r\n", True)
    assert stat.S_IMODE(os.stat(damaged_post).st_mode) == 0o640
    assert "Fixed" in res.stderr.decode()
    assert "All good" in res.stdout.decode()
    # idempotent: nothing left to fix, nothing to show
    again = run_cli("--diff", damaged_post.name, cwd=damaged_post.parent)
    assert again.returncode == 0 and again.stdout == b""


def test_cli_fix_skips_unparseable_files_and_says_so(tmp_path):
    path = tmp_path / "broken.md"
    path.write_bytes(b"no front matter\n# 1. [A   B](https://arxiv.org/abs/2510.26794)\n")
    res = run_cli("--fix", "broken.md", cwd=tmp_path)
    assert res.returncode == 1
    assert "broken.md: the file does not parse" in res.stderr.decode()
    assert "DL003" in res.stdout.decode()
    assert path.read_bytes().startswith(b"no front matter")


def test_cli_fix_standard_input_writes_the_fixed_text_to_stdout(tmp_path):
    """``--fix -`` (ruff's convention): the fixed text, byte for byte (CRLF and BOM kept), on
    stdout; what is left and the summary on stderr; the exit status from what is left."""
    damaged = _encode(_spaced(GOOD_POST, [3]), "\r\n", True)
    name = "2025-10-31-daily-papers-20251031.md"
    res = run_cli("--fix", "-", "--stdin-filename", name, cwd=tmp_path, input=damaged)
    assert res.returncode == 0, res.stderr
    assert res.stdout == _encode(GOOD_POST, "\r\n", True)
    err = res.stderr.decode()
    assert re.search(r"^Fixed [1-9][0-9]* problems? in 1 file\.$", err, re.M), err
    assert "All good: 1 file checked, no problems." in err
    # what cannot be fixed stays in the text and is reported on stderr (exit 1)
    broken = b"no front matter\n"
    res = run_cli("--fix", "-", "--select", "DL003", cwd=tmp_path, input=broken)
    assert res.returncode == 1 and res.stdout == broken
    assert "<stdin>:1:1: DL003" in res.stderr.decode()
    # --diff -: the diff on stdout, nothing else
    res = run_cli("--diff", "-", "--stdin-filename", name, cwd=tmp_path, input=damaged)
    assert res.returncode == 1 and res.stdout.decode().startswith(f"--- a/{name}\n+++ b/{name}\n")
    # standard input is fixed alone
    res = run_cli("--fix", "-", name, cwd=tmp_path, input=damaged)
    assert res.returncode == 2 and b"standard input" in res.stderr and b"Traceback" not in res.stderr
