"""Every finding about a paper carries its arXiv ID: DL306 (a corpus rule) findings about
different papers get different SARIF fingerprints and separate baseline entries."""

from __future__ import annotations

import json

import pytest

from conftest import FRONT_MATTER, run_cli

IDS = ["2510.26794", "2510.11111", "2510.22222", "2510.23333", "2510.24444"]


def _post(date: str, ids: list[str]) -> str:
    body = "".join(f"\n# {i}. [Paper {i}](https://arxiv.org/abs/{aid})\n" for i, aid in enumerate(ids, 1))
    return FRONT_MATTER.replace("2025-10-31", date) + body


def _blog(tmp_path):
    (tmp_path / "2025-10-30-a.md").write_text(_post("2025-10-30", IDS[:2]), encoding="utf-8")
    (tmp_path / "2025-10-31-b.md").write_text(_post("2025-10-31", [IDS[0], IDS[2], IDS[1], IDS[3], IDS[4]]), encoding="utf-8")
    return tmp_path


def test_sarif_fingerprints_differ_per_paper(tmp_path):
    blog = _blog(tmp_path)
    res = run_cli(".", "--isolated", "--no-cache", "--select", "DL306", "--format", "sarif", cwd=blog)
    results = json.loads(res.stdout)["runs"][0]["results"]
    assert len(results) == 2
    prints = {r["partialFingerprints"]["digestlint/v1"] for r in results}
    assert len(prints) == 2


@pytest.mark.slow
def test_baseline_entries_per_paper(tmp_path):
    blog = _blog(tmp_path)
    res = run_cli(".", "--isolated", "--no-cache", "--select", "DL306", "--write-baseline", "base.json", cwd=blog)
    assert res.returncode == 0, res.stderr
    entries = json.loads((blog / "base.json").read_text(encoding="utf-8"))["entries"]
    assert sorted((e["paper"], e["count"]) for e in entries) == sorted([(IDS[0], 1), (IDS[1], 1)])
    # the baseline hides exactly those papers: another republished paper is new
    (blog / "2025-10-29-c.md").write_text(_post("2025-10-29", [IDS[3]]), encoding="utf-8")
    res = run_cli(".", "--isolated", "--no-cache", "--select", "DL306", "--baseline", "base.json",
                  "--format", "json", cwd=blog)
    found = json.loads(res.stdout)
    assert [f["message"].split()[0] for f in found] == [IDS[3]]
