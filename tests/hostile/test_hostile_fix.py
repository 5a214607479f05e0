"""--fix on hostile trees: never writes a file it could not fully parse, never truncates, and two
runs fixing the same tree at once leave every file either original or completely fixed."""

from __future__ import annotations

import hashlib
import subprocess

import pytest

from conftest import digestlint_exe, run_cli
from hostile_helpers import CANARY, GOOD_POST

# a fixable defect (DL209 title whitespace / DL203 numbering) in an otherwise good post
FIXABLE = GOOD_POST.replace("The Quest for", "The  Quest   for", 1)

UNPARSEABLE = {
    "2025-01-01-invalid-utf8.md": FIXABLE.encode()[:200] + b"\xff" + FIXABLE.encode()[200:],
    "2025-01-01-nul.md": FIXABLE.encode() + b"\x00",
    "2025-01-01-utf16.md": b"\xff\xfe" + FIXABLE.encode("utf-16-le"),
    "2025-01-01-no-front-matter.md": FIXABLE.split("\n---\n", 1)[1].encode(),
    "2025-01-01-unterminated.md": FIXABLE.replace("\n---\n", "\n", 1).encode(),
    "2025-01-01-invalid-yaml.md": CANARY.replace("The Quest for", "The  Quest   for", 1).encode(),
    "2025-01-01-alias.md": FIXABLE.replace("layout: post", "layout: &a post\nx: *a", 1).encode(),
}


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_fix_never_writes_unparseable_files(tmp_path):
    for name, data in UNPARSEABLE.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "2025-01-01-fixable.md").write_text(FIXABLE, encoding="utf-8")
    before = {name: _digest(tmp_path / name) for name in UNPARSEABLE}
    proc = run_cli("--isolated", "--fix", "--unsafe-fixes", "--no-cache", ".", cwd=tmp_path, timeout=60)
    assert b"Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stderr
    for name in UNPARSEABLE:
        assert _digest(tmp_path / name) == before[name], f"{name} was written"
    assert (tmp_path / "2025-01-01-fixable.md").read_text(encoding="utf-8") != FIXABLE  # the good one was fixed
    assert not [p.name for p in tmp_path.iterdir() if p.name not in UNPARSEABLE and p.name != "2025-01-01-fixable.md" and not p.name.startswith(".")]


def test_fix_crash_mid_write_leaves_the_original(tmp_path, monkeypatch):
    from digestlint import autofix

    path = tmp_path / "post.md"
    path.write_text(FIXABLE, encoding="utf-8")

    def exploding_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(autofix.os, "fsync", exploding_fsync)
    with pytest.raises(OSError):
        autofix.atomic_write_bytes(str(path), b"x")
    assert path.read_text(encoding="utf-8") == FIXABLE
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"]  # no temporary file left behind


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(subprocess, "Popen"), reason="needs subprocesses")
def test_two_concurrent_fix_runs(tmp_path):
    for i in range(30):
        (tmp_path / f"2025-10-31-p{i:02d}.md").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "2025-01-01-bad.md").write_bytes(UNPARSEABLE["2025-01-01-invalid-yaml.md"])
    bad_before = _digest(tmp_path / "2025-01-01-bad.md")
    procs = [
        subprocess.Popen([*digestlint_exe(), "--isolated", "--fix", "--no-cache", "-j", "1", "."], cwd=tmp_path,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert b"Traceback" not in err, err
        assert p.returncode in (0, 1), err
    fixed = None
    for i in range(30):
        text = (tmp_path / f"2025-10-31-p{i:02d}.md").read_text(encoding="utf-8")
        assert len(text) >= len(FIXABLE) - 10, "truncated"
        fixed = fixed or text
        assert text == fixed, "a file is neither the original nor the fixed version"
    assert fixed != FIXABLE
    assert _digest(tmp_path / "2025-01-01-bad.md") == bad_before
    # a third run finds nothing left to fix
    proc = run_cli("--isolated", "--fix", "--no-cache", ".", cwd=tmp_path, timeout=60)
    assert b"Traceback" not in proc.stderr
    for i in range(30):
        assert (tmp_path / f"2025-10-31-p{i:02d}.md").read_text(encoding="utf-8") == fixed
