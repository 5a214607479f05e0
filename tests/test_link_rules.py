"""The link rules (DL301-DL308) on the real samples, the good fixtures, across posts (DL306) and
the helpers of ``digestlint.corpus_index``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import GOOD, lint_text, run_cli

FM = "---\nlayout: post\ntitle: \"Daily Papers — {date}\"\ndate: {date} 08:15:00\ntags: [papers]\ncategories: []\n---\n\n"


def _run(paths, cwd=None, config: str | None = None):
    """In-process run of the DL3 rules over ``paths`` (no cache, one process)."""
    from digestlint import engine
    from digestlint.config import ConfigResolver, Overrides

    resolver = ConfigResolver(config_file=config, isolated=config is None)
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        shown = [os.path.relpath(p, cwd) if cwd is not None else str(p) for p in paths]
        res = engine.run(shown, resolver, Overrides(select=("DL3",)), jobs=1, cache=False)
    finally:
        os.chdir(old)
    assert not res.errors, res.errors
    return res.findings


def _post(date: str, *papers: str, alphaxiv: bool = True) -> str:
    out = FM.format(date=date)
    for n, pid in enumerate(papers, 1):
        out += f"# {n}. [Paper {pid}](https://arxiv.org/abs/{pid})\n\n"
        if alphaxiv:
            out += f"> [Alphaxiv](https://www.alphaxiv.org/ko/overview/{pid})\n\n"
        out += "## Introduction\n\n- 내용이다.\n\n"
    return out


# ---------------------------------------------------------------------------- the real samples
# Every DL3xx finding the samples give: the 2025-09-13 post has no Alphaxiv links at all (one DL302
# for the post, at the first paper's heading); every other link of the samples is well-formed, matching and Korean,
# no paper repeats within or across the samples, and no identifier is later than its post.
EXPECTED_SAMPLE_FINDINGS = {
    "2025-09-13-daily-papers-20250913.md": [(9, 1, "DL302")],
    "2025-09-22-daily-papers-20250922.md": [],
    "2025-10-09-daily-papers-20251009.md": [],
    "2025-10-29-daily-papers-20251029.md": [],
    "2025-10-31-daily-papers-20251031.md": [],
}


def test_samples_give_exactly_the_known_link_findings(samples):
    findings = _run([samples])
    got = {p.name: [] for p in samples.glob("*.md")}
    for f in findings:
        got[Path(f.path).name].append((f.line, f.column, f.rule))
    assert got == EXPECTED_SAMPLE_FINDINGS


def test_each_sample_linted_alone_gives_the_same(samples):
    """One-file mode (pre-commit): the other samples are indexed for DL306, nothing changes."""
    for name, expected in EXPECTED_SAMPLE_FINDINGS.items():
        got = [(f.line, f.column, f.rule) for f in _run([samples / name])]
        assert got == expected, name


def test_sample_missing_alphaxiv_message_and_fix(samples):
    from digestlint.fixes import apply_edits, finding_edits

    text = (samples / "2025-09-13-daily-papers-20250913.md").read_text(encoding="utf-8")
    path = "2025-09-13-daily-papers-20250913.md"
    findings = [f for f in lint_text(text, select=["DL302"], path=path)]
    assert [f.message for f in findings] == [
        "none of the 4 papers of this post has an Alphaxiv link; the fix inserts '> [Alphaxiv](...)' under 4 paper heading(s)"
    ]
    fixed, n = apply_edits(text, finding_edits(findings))
    assert n == 4
    assert "\n\n> [Alphaxiv](https://www.alphaxiv.org/ko/overview/2509.09114)\n\n## Introduction" in fixed
    assert lint_text(fixed, select=["DL3"], path=path) == []


def test_good_fixtures_have_no_link_findings():
    assert _run([GOOD]) == []
    for p in sorted(GOOD.glob("*.md")):
        assert _run([p]) == [], p.name


# ---------------------------------------------------------------------------- DL306 across posts
def _three_days(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    days = [
        ("2025-10-29", ["2510.24717", "2510.24992"]),
        ("2025-10-30", ["2510.11111", "2510.24992"]),
        ("2025-10-31", ["2510.24992", "2510.26794"]),
    ]
    paths = []
    for date, ids in days:
        p = folder / f"{date}-daily-papers-{date.replace('-', '')}.md"
        p.write_text(_post(date, *ids), encoding="utf-8")
        paths.append(p)
    return paths


def test_three_consecutive_days_report_the_2nd_and_3rd_naming_the_1st(tmp_path):
    paths = _three_days(tmp_path / "_posts")
    findings = _run([tmp_path / "_posts"], cwd=tmp_path)
    got = [(Path(f.path).name, f.line, f.column, f.rule, f.severity, f.message) for f in findings]
    first = "_posts/2025-10-29-daily-papers-20251029.md"
    assert got == [
        (paths[1].name, 17, 47, "DL306", "warning", f"2510.24992 was already published in {first}:17 (2025-10-29)"),
        (paths[2].name, 9, 47, "DL306", "warning", f"2510.24992 was already published in {first}:17 (2025-10-29)"),
    ]


def test_a_post_that_repeats_an_earlier_post_is_one_finding(tmp_path):
    # issue 14: a post repeating a whole earlier post got one warning per paper
    folder = tmp_path / "_posts"
    folder.mkdir()
    ids = ["2510.24717", "2510.24992", "2510.26794", "2510.11111"]
    (folder / "2025-10-29-daily-papers-20251029.md").write_text(_post("2025-10-29", *ids), encoding="utf-8")
    (folder / "2025-10-30-daily-papers-20251030.md").write_text(_post("2025-10-30", *ids), encoding="utf-8")
    (folder / "2025-10-31-daily-papers-20251031.md").write_text(_post("2025-10-31", "2510.22222", ids[0], ids[1], "2510.33333", "2510.44444"), encoding="utf-8")
    first = "_posts/2025-10-29-daily-papers-20251029.md"
    for paths in ([folder], [folder / "2025-10-30-daily-papers-20251030.md"]):  # all posts, or one file (indexed)
        got = [(Path(f.path).name, f.line, f.rule, f.message) for f in _run(paths, cwd=tmp_path)
               if "20251030" in f.path]
        assert got == [("2025-10-30-daily-papers-20251030.md", 9, "DL306",
                        f"this post repeats all 4 papers of {first}:9 (2025-10-29; 4 of this post's 4, from line 9): "
                        "drop them or link to the earlier post")], paths
    # a partial overlap (2 of 5) is reported paper by paper
    partial = [(f.line, f.message) for f in _run([folder], cwd=tmp_path) if "20251031" in f.path]
    assert [m.split(" was")[0] for _line, m in partial] == [ids[0], ids[1]]


def test_one_file_mode_indexes_the_folder(tmp_path):
    paths = _three_days(tmp_path / "_posts")
    last = _run([paths[2]], cwd=tmp_path)
    assert [(f.line, f.rule, f.message) for f in last] == [
        (9, "DL306", "2510.24992 was already published in _posts/2025-10-29-daily-papers-20251029.md:17 (2025-10-29)")
    ]
    # the earliest post is never reported, even when linted alone
    assert _run([paths[0]], cwd=tmp_path) == []


def test_one_file_mode_through_the_cli(tmp_path):
    paths = _three_days(tmp_path / "_posts")
    res = run_cli("--isolated", "--no-cache", "--select", "DL306", "--format", "json", str(paths[1].relative_to(tmp_path)), cwd=tmp_path)
    out = json.loads(res.stdout)
    findings = out["findings"] if isinstance(out, dict) else out
    assert [(f["line"], f["column"], f["rule"]) for f in findings] == [(17, 47, "DL306")]
    assert "_posts/2025-10-29-daily-papers-20251029.md:17" in findings[0]["message"]
    assert res.returncode == 1  # a warning reaches the default fail threshold


def test_order_is_by_front_matter_date_then_path(tmp_path):
    folder = tmp_path / "_posts"  # c.md and d.md are posts because they are under _posts/
    folder.mkdir()
    # the file names lie: the front matter dates decide which post is earlier
    (folder / "2025-10-01-a.md").write_text(_post("2025-10-30", "2510.24992"), encoding="utf-8")
    (folder / "2025-10-02-b.md").write_text(_post("2025-10-29", "2510.24992"), encoding="utf-8")
    # same date: ordered by path (c before d)
    (folder / "c.md").write_text(_post("2025-10-31", "2510.26794"), encoding="utf-8")
    (folder / "d.md").write_text(_post("2025-10-31", "2510.26794"), encoding="utf-8")
    got = [(Path(f.path).name, f.message) for f in _run([folder], cwd=tmp_path)]
    assert got == [
        ("2025-10-01-a.md", "2510.24992 was already published in _posts/2025-10-02-b.md:9 (2025-10-29)"),
        ("d.md", "2510.26794 was already published in _posts/c.md:9 (the same day)"),
    ]


def test_post_roots_are_indexed_recursively(tmp_path):
    (tmp_path / ".digestlint.toml").write_text('post-roots = ["_posts"]\n', encoding="utf-8")
    old = tmp_path / "_posts" / "2025" / "10"
    old.mkdir(parents=True)
    (old / "2025-10-29-daily.md").write_text(_post("2025-10-29", "2510.24992"), encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    draft = tmp_path / "drafts" / "2025-10-31-daily.md"
    draft.write_text(_post("2025-10-31", "2510.26794", "2510.24992"), encoding="utf-8")
    findings = _run([draft], cwd=tmp_path, config=str(tmp_path / ".digestlint.toml"))
    assert [(f.line, f.message) for f in findings] == [
        (17, "2510.24992 was already published in _posts/2025/10/2025-10-29-daily.md:9 (2025-10-29)")
    ]


def test_index_folders_off_and_suppression(tmp_path):
    paths = _three_days(tmp_path / "_posts")
    (tmp_path / "off.toml").write_text("[rules.republished-paper]\nindex-folders = false\n", encoding="utf-8")
    assert _run([paths[2]], cwd=tmp_path, config=str(tmp_path / "off.toml")) == []
    text = paths[2].read_text(encoding="utf-8") + "<!-- digestlint-disable-file DL306 -->\n"
    paths[2].write_text(text, encoding="utf-8")
    assert _run([paths[2]], cwd=tmp_path) == []


def test_unreadable_and_undated_neighbours_are_skipped(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "binary.md").write_bytes(b"\x00\x01# 1. [x](https://arxiv.org/abs/2510.24992)\n")
    (folder / "latin1.md").write_bytes("---\ndate: 2025-01-01\n---\n# 1. [é](https://arxiv.org/abs/2510.24992)\xe9\n".encode("latin-1"))
    (folder / "undated.md").write_text("# 1. [x](https://arxiv.org/abs/2510.24992)\n", encoding="utf-8")
    post = folder / "2025-10-31-daily.md"
    post.write_text(_post("2025-10-31", "2510.24992"), encoding="utf-8")
    assert [f for f in _run([post], cwd=tmp_path) if f.rule == "DL306"] == []


# ---------------------------------------------------------------------------- corpus_index
def test_index_matches_the_parsed_documents(samples):
    """The cheap regex index agrees with DL306's collect() on every real post."""
    from digestlint.corpus_index import index_file
    from digestlint.document import Document
    from digestlint.registry import RuleContext, lookup

    rule = lookup("DL306")
    for p in sorted(samples.glob("*.md")) + sorted(GOOD.glob("*.md")):
        index = index_file(str(p))
        assert json.loads(json.dumps(index)) == index  # JSON-serialisable, unchanged by a round trip
        doc = Document(p.read_text(encoding="utf-8"), p.name)
        summary = rule.collect(doc, RuleContext(options={}))
        assert index["date"] == summary["date"]
        assert index["papers"] == [x[:3] for x in summary["papers"]], p.name
        assert len(index["papers"]) == len(doc.papers)


def test_index_text_skips_code_and_front_matter_and_normalises_lines():
    from digestlint.corpus_index import index_text

    text = (
        "\ufeff---\r\ntitle: x\r\ndate: '2025-10-31'\r\n---\r\n"
        "```markdown\r\n# 1. [in code](https://arxiv.org/abs/2510.00001)\r\n```\r\n"
        "# 1. [real](https://arxiv.org/abs/2510.24992v2)\r\n"
        "## 2. [bad id](https://arxiv.org/abs/2510.2499)\r\n"
        "~~~~\r\n## x [y](https://arxiv.org/abs/2510.00002)\r\n~~~\r\n"
    )
    assert index_text(text, "whatever.md") == {"date": "2025-10-31", "papers": [["2510.24992", 8, 35]]}
    assert index_text("# 1. [x](https://arxiv.org/abs/2510.24992)\n", "2025-10-30-post.md")["date"] == "2025-10-30"
    assert index_text("---\ndate: 2025-02-30\n---\n", "post.md")["date"] is None


@pytest.mark.parametrize(
    "text,base",
    [
        ("2510.24992", "2510.24992"),
        ("2510.24992v12", "2510.24992"),
        ("0704.0001", "0704.0001"),
        ("1412.6980v9", "1412.6980"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("cond-mat/0703001", "cond-mat/0703001"),
    ],
)
def test_valid_arxiv_ids(text, base):
    from digestlint.corpus_index import parse_arxiv_id

    aid, why = parse_arxiv_id(text)
    assert aid is not None and aid.base == base and why == ""


@pytest.mark.parametrize(
    "text,why",
    [
        ("2509.0851", "5"),
        ("1501.1234", "from 2015 on have 5"),
        ("1412.69801", "before 2015 have 4"),
        ("0703.1234", "April 2007"),
        ("2500.12345", "month 00"),
        ("2510.12345v0", "v0"),
        ("hep-th/0704001", "1991-08 to 2007-03"),
        ("hep-th/99010011", "3"),
        ("2510_12345", "not an arXiv identifier"),
        ("", "not an arXiv identifier"),
    ],
)
def test_invalid_arxiv_ids(text, why):
    from digestlint.corpus_index import parse_arxiv_id

    aid, reason = parse_arxiv_id(text)
    assert aid is None and why in reason
