"""DL701 number-magnitude and DL702 impossible-percentage end to end (issue 15): the realistic
Korean, Chinese and Japanese posts of tests/fixtures/numbers are reported at their lines, the
unsafe fix rewrites the magnitude, and the real posts of ../shared/samples and examples/ (clean
of these defects without a source) give no finding."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

NUMBERS = ROOT / "tests" / "fixtures" / "numbers"


def lint(folder: Path, *args) -> list[tuple[str, int, int, str, str]]:
    r = run_cli("--no-cache", "--format", "json", "--select", "DL701,DL702", *args, ".", cwd=folder)
    assert r.returncode in (0, 1), r.stderr.decode()
    assert not r.stderr.strip(), r.stderr.decode()
    return [(Path(f["path"]).name, f["line"], f["column"], f["rule"], f["message"]) for f in json.loads(r.stdout)]


@pytest.mark.slow
def test_korean_post_with_the_reviewers_numbers(tmp_path):
    blog = tmp_path / "ko"
    shutil.copytree(NUMBERS / "ko", blog)
    got = [(line, col, rule, msg.split(": ")[-1]) for _f, line, col, rule, msg in lint(blog)]
    assert got == [
        (15, 15, "DL701", "14B = 140억"),  # '14억 매개변수 규모의 … rStar2-Agent' beside rStar2-Agent-14B
        (21, 85, "DL701", "1.5B = 15억"),  # '1.5억 규모의 증류 모델 DeepSeek-R1-Distill-Qwen-1.5B'
        (43, 23, "DL701", "10.8B = 108억"),  # '10.8억 파라미터 모델' beside '10.8B 모델'
        (67, 15, "DL701", "0.5B = 5억"),  # '0.5억에서 72억 파라미터' beside Qwen2.5-0.5B …
        (67, 22, "DL701", "72B = 720억"),  # … and Qwen2.5-72B
        (77, 15, "DL702", "a lost decimal point? probably 90.91%"),  # '9091%의 정확도'
    ]
    # the message names the other writing and its line
    msgs = [m for *_x, m in lint(blog)]
    assert msgs[0] == "'14억' is 1.4B, but this paper also writes 14B (rStar2-Agent-14B, line 21): 14B = 140억"


@pytest.mark.slow
def test_chinese_and_japanese_posts(tmp_path):
    zh = tmp_path / "zh"
    shutil.copytree(NUMBERS / "zh", zh)
    assert [(line, col, rule) for _f, line, col, rule, _m in lint(zh)] == [
        (15, 18, "DL701"),  # '1.3亿参数模型phi-1.5' beside 'phi-1.5（1.3B）'
        (25, 37, "DL702"),  # '准确率达到9091%'
    ]
    ja = tmp_path / "ja"
    shutil.copytree(NUMBERS / "ja", ja)
    found = lint(ja)
    assert [(line, col, rule) for _f, line, col, rule, _m in found] == [
        (17, 31, "DL701"),  # '70億パラメータのLlama-3-70B'
        (25, 10, "DL702"),  # '正解率は915%'
    ]
    assert found[0][4].endswith("70B = 700億")


@pytest.mark.slow
def test_unsafe_fix_rewrites_the_magnitude(tmp_path):
    blog = tmp_path / "ko"
    shutil.copytree(NUMBERS / "ko", blog)
    post = blog / "2025-09-01-daily-papers-20250901.md"
    before = post.read_text(encoding="utf-8")
    r = run_cli("--no-cache", "--select", "DL701", "--fix", ".", cwd=blog)
    assert r.returncode == 1
    assert post.read_text(encoding="utf-8") == before, "the fix is unsafe: --fix alone leaves it"
    r = run_cli("--no-cache", "--select", "DL701", "--fix", "--unsafe-fixes", ".", cwd=blog)
    assert r.returncode == 0, r.stdout.decode() + r.stderr.decode()
    after = post.read_text(encoding="utf-8")
    assert "140억 매개변수 규모의" in after and "15억 규모의 증류 모델" in after
    assert "108억 파라미터 모델까지" in after and "5억에서 720억 파라미터" in after
    assert "6710억 파라미터" in after  # a right number is left alone
    assert lint(blog) == [(post.name, 77, 15, "DL702", lint(blog)[0][4])]


@pytest.mark.slow
def test_real_posts_have_no_number_findings(tmp_path, samples):
    """The real posts: nothing in them contradicts itself within a paper, and no accuracy is
    over 100% ('최대 127% 처리량 향상' is a gain, '정확도를 각각 18.21%, 11.86% 이상 향상' are shares)."""
    folder = tmp_path / "samples"
    shutil.copytree(samples, folder)
    for p in folder.rglob("*.md"):
        p.chmod(0o644)
    assert lint(folder) == []
    for blog in ("ko-idheadings", "zh-titleheadings"):
        copy = tmp_path / blog
        shutil.copytree(ROOT / "examples" / blog, copy)
        assert lint(copy) == [], blog


@pytest.mark.slow
def test_explain_says_how_numbers_are_matched():
    r = run_cli("--explain", "DL701")
    assert r.returncode == 0
    text = r.stdout.decode()
    assert "How numbers are matched" in text and "rules/numbers.yaml" in text
    r = run_cli("--explain", "impossible-percentage")
    assert "change-words" in r.stdout.decode()


@pytest.mark.parametrize("language", ["en", "de"])
def test_languages_without_magnitudes_are_silent(language):
    from conftest import FRONT_MATTER, lint_text

    text = FRONT_MATTER + "\n# 1. [P](https://arxiv.org/abs/2510.26794)\n\n## Results\n\nThe 14B model reached 9091% accuracy.\n"
    rules = [f.rule for f in lint_text(text, select=["DL701", "DL702"], language=language)]
    assert rules == ["DL702"]  # English metric words are known in every language; magnitudes are not
