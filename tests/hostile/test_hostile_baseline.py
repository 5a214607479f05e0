"""Threat: a baseline path that is not a plain file, or a baseline file built to crash or hang.

`--write-baseline PATH` must only ever create or atomically replace a regular file: a symbolic
link (`link.json -> victim.txt`), a FIFO, a device (`/dev/full`, even when run as root) or one of
the posts being linted is refused with exit 2, and neither it nor its target changes.
`--baseline PATH` reads regular files only and a bounded number of bytes (a FIFO or `/dev/zero`
is an error, not a hang or unbounded memory) and a file of 100,000 nested `[` is a clear error,
not a RecursionError. File names that are not UTF-8 (`\\xff.md`) round-trip through a baseline.
"""

from __future__ import annotations

import json
import os
import stat

import pytest

from hostile_helpers import CANARY_NAME, assert_canary_linted, assert_one_line_error, is_root, lint_cli, write_canary

posix_only = pytest.mark.skipif(os.name != "posix", reason="symbolic links, FIFOs, devices")


@pytest.mark.slow
@posix_only
def test_write_baseline_refuses_a_symlink_and_leaves_its_target(tmp_path):
    write_canary(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    os.symlink("victim.txt", tmp_path / "link.json")
    run = lint_cli(CANARY_NAME, "--write-baseline", "link.json", cwd=tmp_path)
    assert_one_line_error(run, "--write-baseline link.json", "symbolic link")
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert os.path.islink(tmp_path / "link.json")


@posix_only
def test_write_baseline_refuses_a_fifo(tmp_path):
    write_canary(tmp_path)
    os.mkfifo(tmp_path / "b.json")
    run = lint_cli(CANARY_NAME, "--write-baseline", "b.json", cwd=tmp_path, timeout=20)
    assert_one_line_error(run, "FIFO")
    assert stat.S_ISFIFO(os.lstat(tmp_path / "b.json").st_mode)


@pytest.mark.slow
@posix_only
@pytest.mark.skipif(not is_root(), reason="creating a device node needs root")
def test_write_baseline_refuses_a_device_even_as_root(tmp_path):
    write_canary(tmp_path)
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # a private /dev/full
    run = lint_cli(CANARY_NAME, "--write-baseline", str(full), cwd=tmp_path)
    assert_one_line_error(run, "device")
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_write_baseline_refuses_an_input_post(tmp_path):
    post = write_canary(tmp_path)
    before = post.read_bytes()
    run = lint_cli(CANARY_NAME, "--write-baseline", CANARY_NAME, cwd=tmp_path)
    assert_one_line_error(run, "one of the files being linted")
    assert post.read_bytes() == before


@pytest.mark.slow
@posix_only
@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_baseline_that_is_not_a_regular_file_is_an_error_not_a_hang(tmp_path, kind):
    write_canary(tmp_path)
    if kind == "fifo":
        os.mkfifo(tmp_path / "b.json")
        path = "b.json"
    else:
        path = "/dev/zero"
    run = lint_cli(CANARY_NAME, "--baseline", path, cwd=tmp_path, timeout=20)
    assert_one_line_error(run, f"--baseline {path}", "not a regular file")


def test_oversized_baseline_is_an_error(tmp_path, monkeypatch):
    from digestlint import baseline

    path = tmp_path / "b.json"
    path.write_text(json.dumps({"version": 1, "entries": [], "pad": "x" * 5000}), encoding="utf-8")
    assert baseline.load(str(path)).counts == {}
    monkeypatch.setattr(baseline, "MAX_BASELINE_BYTES", 4096)
    with pytest.raises(baseline.BaselineError, match="larger than the limit"):
        baseline.load(str(path))


@pytest.mark.slow
def test_deeply_nested_baseline_is_a_clear_error(tmp_path):
    write_canary(tmp_path)
    (tmp_path / "b.json").write_text("[" * 100_000, encoding="utf-8")
    run = lint_cli(CANARY_NAME, "--baseline", "b.json", cwd=tmp_path)
    assert_one_line_error(run, "--baseline b.json", "nested too deeply")


@pytest.mark.slow
@posix_only
def test_baseline_round_trips_a_file_name_that_is_not_utf8(tmp_path):
    write_canary(tmp_path)
    bad = os.path.join(os.fsencode(tmp_path), b"2025-01-01-\xff.md")
    with open(bad, "wb") as fh:
        fh.write((tmp_path / CANARY_NAME).read_bytes())
    run = lint_cli(".", "--write-baseline", "b.json", cwd=tmp_path)
    assert run.rc == 0, run.stderr
    raw = (tmp_path / "b.json").read_bytes()
    raw.decode("utf-8")  # the file is valid UTF-8 (the undecodable byte is a \udcff escape)
    assert {e["path"] for e in json.loads(raw)["entries"]} == {"2025-01-01-\udcff.md", CANARY_NAME}
    run = lint_cli(".", "--baseline", "b.json", cwd=tmp_path)
    assert run.rc == 0 and run.findings == [], (run.stderr, run.findings)
    assert "no longer match" not in run.stderr
    (tmp_path / CANARY_NAME).unlink()
    os.unlink(bad)
    write_canary(tmp_path)
    assert_canary_linted(lint_cli(CANARY_NAME, cwd=tmp_path))
