"""digestlint.atomicio: the one atomic-write helper every writer uses."""

from __future__ import annotations

import os
import stat

import pytest

from digestlint.atomicio import rename_into_place, replacing, temp_beside


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_replacing_writes_whole_file(tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("old\n", encoding="utf-8")
    with replacing(str(target), prefix=".digestlint-") as fh:
        fh.write("새 보고서\n")
        assert target.read_text(encoding="utf-8") == "old\n"  # nothing visible before the body ends
    assert target.read_text(encoding="utf-8") == "새 보고서\n"
    assert _leftovers(tmp_path) == []


def test_a_failing_body_leaves_the_target_and_no_temporary_file(tmp_path):
    target = tmp_path / "report.txt"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with replacing(str(target), binary=True) as fh:
            fh.write(b"half")
            raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_mode_and_newline(tmp_path):
    target = tmp_path / "store.jsonl"
    with replacing(str(target), newline="\n", mode=0o644, fsync=True) as fh:
        fh.write("a\nb\n")
    assert target.read_bytes() == b"a\nb\n"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o644


def test_temp_beside_then_rename(tmp_path):
    target = tmp_path / "post.md"
    target.write_bytes(b"before")
    tmp = temp_beside(str(target), lambda fh: fh.write(b"after"), mode=0o600)
    assert os.path.dirname(tmp) == str(tmp_path) and target.read_bytes() == b"before"
    rename_into_place(tmp, str(target), sync_dir=True)
    assert target.read_bytes() == b"after" and _leftovers(tmp_path) == []


def test_temp_beside_failure_removes_the_temporary_file(tmp_path):
    def boom(fh):
        fh.write(b"x")
        raise OSError("no space left")

    with pytest.raises(OSError):
        temp_beside(str(tmp_path / "post.md"), boom)
    assert list(tmp_path.iterdir()) == []


def test_rename_failure_removes_the_temporary_file(tmp_path):
    tmp = temp_beside(str(tmp_path / "x"), lambda fh: fh.write(b"x"))
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "inside").write_text("keep")  # a non-empty folder cannot be renamed over
    with pytest.raises(OSError):
        rename_into_place(tmp, str(tmp_path / "dir"))
    assert _leftovers(tmp_path) == []
    assert (tmp_path / "dir" / "inside").read_text() == "keep"


def test_no_folder_is_an_oserror(tmp_path):
    with pytest.raises(OSError):
        with replacing(str(tmp_path / "missing" / "report.txt")) as fh:
            fh.write("x")
