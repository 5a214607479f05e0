"""Layouts: presets, validation, --show-layout, --list-languages, TOML/JSON front matter,
fenced answers (end to end through the command where it is command behaviour)."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, run_cli

KO = ROOT / "examples" / "ko-idheadings"
ZH = ROOT / "examples" / "zh-titleheadings"


def test_every_preset_is_valid_against_the_schema():
    from digestlint import layout

    names = layout.preset_names()
    assert {"default", "one-paper-per-file", "id-headings", "title-headings"} <= set(names)
    for name in names:
        import yaml

        raw = yaml.safe_load((ROOT / "rules" / "layouts" / f"{name}.yaml").read_text(encoding="utf-8"))
        assert layout.validation_errors(raw) == [], name
        assert layout.resolve(name).name == name


def test_default_layout_is_the_fast_path_and_presets_are_not():
    from digestlint import layout

    assert layout.default_layout().classic
    assert layout.resolve({"front-matter": "optional"}).classic  # front matter does not change the shape
    for name in ("id-headings", "title-headings", "one-paper-per-file"):
        assert not layout.resolve(name).classic


@pytest.mark.slow
@pytest.mark.parametrize(
    "toml,needle",
    [
        ('[layout]\npapers = { levles = [2] }\n', "unknown key 'layout.papers.levles'"),
        ('[layout]\nfront-matter = "sometimes"\n', "key 'layout.front-matter'"),
        ('[layout]\nsections = { names = "Summary" }\n', "key 'layout.sections.names': expected array"),
        ('layout = "no-such-preset"\n', "unknown layout preset 'no-such-preset'"),
        ('layout = 3\n', "key 'layout'"),
        ('[layout]\npapers = { pattern = "(?P<name>.+)" }\n', "unknown named group 'name'"),
        ('[layout]\npapers = { pattern = "([" }\n', "key 'layout.papers.pattern': invalid regular expression"),
        # layouts are user configuration: their regexes run on RE2 (linear time); what it cannot run is refused
        ('[layout]\npapers = { pattern = "(?P<title>.+)(?<!x)" }\n', "key 'layout.papers.pattern': a negative lookbehind"),
        ('[layout]\npapers = { not-papers = ["(a)\\\\1"] }\n', "key 'layout.papers.not-papers': a backreference"),
        ("[layout.links.kinds.gh]\nlabel = 'GH'\npattern = '^https://x(?=y)'\n", "key 'layout.links.kinds.gh.pattern': a lookahead"),
        ('[layout]\nlinks = { required = ["gitlab"] }\n', "unknown link kind 'gitlab'"),
        ('language = "kr"\n', "unknown language 'kr'"),
    ],
)
def test_bad_layout_or_language_is_exit_2_naming_the_key(tmp_path, toml, needle):
    (tmp_path / ".digestlint.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "2025-05-08.md").write_text("# x\n", encoding="utf-8")
    r = run_cli(tmp_path, cwd=tmp_path)
    assert r.returncode == 2, r.stdout
    assert needle in r.stderr.decode(), r.stderr.decode()


def test_list_languages():
    r = run_cli("--list-languages")
    assert r.returncode == 0
    out = r.stdout.decode()
    codes = [line.split()[0] for line in out.splitlines()]
    assert {"ko", "zh", "ja", "en"} <= set(codes)


def test_show_layout_text_on_the_id_heading_blog():
    r = run_cli("--show-layout", KO / "2025-05-09.md", cwd=ROOT)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert "layout 'id-headings'" in out
    assert "date: 2025-05-09" in out
    assert "fenced answer: line 7 (closed on line 47), read as markdown" in out
    assert "1. line 3  id 2505.02847 (from heading)" in out
    assert "link: line 4 https://huggingface.co/papers/2505.02847" in out
    assert "section: line 6-9 'Summary' (bold-line)" in out
    assert "section: line 10-13 '1. 핵심 동기와 문제 정의' (heading)" in out  # inside the fence
    assert "section: line 58-61 '1. 핵심 동기와 문제 정의' (bold-line)" in out


def test_show_layout_json_on_the_title_heading_blog():
    r = run_cli("--show-layout", "--format", "json", ZH / "20230911-hf-daily-papers.md", cwd=ROOT)
    assert r.returncode == 0, r.stderr
    [info] = json.loads(r.stdout)
    assert info["layout"] == "title-headings" and info["date"] == "2023-09-11" and info["front_matter"] is None
    papers = info["papers"]
    assert [p["heading_line"] for p in papers] == [10, 49, 86, 125, 164]
    assert [p["id"] for p in papers] == ["2309.03926", "2309.04269", "2309.04354", "2309.04247", "2309.03907"]
    assert papers[1]["title"] == "From Sparse to Dense: GPT-4 Summarization with Chain of Density  Prompting"
    assert papers[1]["links"] == [{"text": "到 Huggingface 论文主页查看详情", "url": "https://huggingface.co/papers/2309.04269", "line": 85}]
    # the four parts written three ways: bold lines, ### headings, numbered bold list items
    assert [(s["name"], s["style"], s["line"]) for s in papers[0]["sections"]] == [
        ("1. 主要工作", "bold-line", 12), ("2. 主要亮点", "bold-line", 16), ("3. 核心关键词", "bold-line", 26), ("4. 评分", "bold-line", 38)]
    assert [(s["style"], s["line"]) for s in papers[1]["sections"]] == [("heading", 51), ("heading", 55), ("heading", 59), ("heading", 71)]
    assert [(s["name"], s["style"]) for s in papers[2]["sections"]] == [
        ("本文的主要工作", "bold-list-item"), ("本文工作的主要亮点", "bold-list-item"), ("核心关键词", "bold-list-item"), ("评分", "bold-list-item")]


def test_show_layout_default_post(samples):
    post = sorted(samples.glob("*.md"))[0]
    r = run_cli("--show-layout", "--isolated", "--format", "json", post)
    assert r.returncode == 0
    [info] = json.loads(r.stdout)
    assert info["layout"] == "default" and info["front_matter"]["format"] == "yaml"
    assert info["papers"] and all(p["id"] and p["id_source"] == "heading" for p in info["papers"])
    assert [s["name"] for s in info["papers"][0]["sections"]][:2] == ["Introduction", "Method"]


@pytest.mark.slow
def test_layout_regex_runs_in_linear_time(tmp_path):
    # a polynomial shape a backtracking engine takes minutes on, against a long heading
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "hostile"))
    from test_hostile_linear import assert_linear

    from digestlint import layout

    lay = layout.resolve({"preset": "default", "papers": {"not-papers": [r"\S*\S*\S*\S*\S*\S*\S*#"]}}, "test")
    rx = lay.not_papers[0]

    def run(n: int) -> None:
        for _ in range(20):
            assert rx.match("ab" * n) is None
    assert_linear(run, 20000)
