"""The language rules DL401-DL406 on the real samples, the good fixtures, and lang.py itself."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import GOOD, lint_text

LANG_RULES = ["DL401", "DL402", "DL403", "DL404", "DL405", "DL406"]

# What a careful reader lists in ../shared/samples (line, column of each finding). The samples have
# no untranslated text, no foreign script, no odd register and no translated title; the
# Introduction labels are missing in some papers; a few compounds are spaced two ways.
EXPECTED = {
    "2025-09-13-daily-papers-20250913.md": {"DL405": [(89, 3)]},  # paper 4 unlabelled
    "2025-09-22-daily-papers-20250922.md": {
        "DL405": [(15, 3)],  # paper 1 unlabelled, papers 2-6 labelled
        "DL406": [(45, 48), (105, 34)],  # 표현학습 / 표현 학습; 대형 언어 모델 / 대형언어모델
    },
    "2025-10-09-daily-papers-20251009.md": {
        # papers 1, 2, 4, 8, 9 unlabelled, 3, 5, 6, 7, 10 labelled: a tie counts as labelled
        "DL405": [(15, 3), (38, 3), (82, 3), (170, 3), (193, 3)],
        "DL406": [(214, 71), (216, 122), (219, 105)],  # 언어모델, 평가지표, 금융 지식
    },
    "2025-10-29-daily-papers-20251029.md": {"DL405": [(36, 3)]},  # paper 2 unlabelled
    "2025-10-31-daily-papers-20251031.md": {},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_samples_give_exactly_the_real_defects(samples, name):
    text = (samples / name).read_text(encoding="utf-8")
    findings = lint_text(text, select=LANG_RULES, path=name)
    got: dict = {}
    for f in findings:
        got.setdefault(f.rule, []).append((f.line, f.column))
    assert got == EXPECTED[name], [(f.rule, f.line, f.column, f.message) for f in findings]


def test_samples_are_decided_without_langdetect(samples, monkeypatch):
    from digestlint import lang

    calls = {"identify": 0, "detect": 0}
    real_identify, real_detect = lang.identify, lang.detect

    def identify(*args, **kw):
        calls["identify"] += 1
        return real_identify(*args, **kw)

    def detect(*args, **kw):
        calls["detect"] += 1
        return real_detect(*args, **kw)

    monkeypatch.setattr(lang, "identify", identify)
    monkeypatch.setattr(lang, "detect", detect)
    for path in sorted(samples.glob("*.md")):
        lint_text(path.read_text(encoding="utf-8"), select=["DL401"], path=path.name)
    assert calls["identify"] > 0
    assert calls["detect"] == 0


@pytest.mark.parametrize("path", sorted(GOOD.glob("*.md")), ids=lambda p: p.name)
def test_good_fixtures_are_clean(path):
    findings = lint_text(path.read_text(encoding="utf-8"), select=LANG_RULES, path=path.name)
    assert findings == []


POST = """---
title: "x"
---
# 1. [Paper](https://arxiv.org/abs/2509.08519)

## Method
{body}
"""


def test_target_language_en_reports_korean():
    body = "제안한 방법은 세 벤치마크에서 모든 기준 모델을 능가하였다.\n"
    findings = lint_text(POST.format(body=body), select=["DL401"], language="en")
    assert [(f.line, f.column) for f in findings] == [(7, 1)]
    assert "Korean" in findings[0].message and "English" in findings[0].message
    ok = lint_text(POST.format(body="The method outperforms all baselines on three benchmarks.\n"),
                   select=["DL401", "DL402", "DL404", "DL406"], language="en")
    assert ok == []


def test_untranslated_other_languages_are_named():
    body = "Это очень хорошая модель для генерации видео и изображений.\n"
    findings = lint_text(POST.format(body=body), select=["DL401"])
    assert len(findings) == 1 and "Russian" in findings[0].message


def test_suppression_comment_silences_dl402():
    body = "<!-- digestlint-disable-next-line foreign-script -->\n모델은 평가를 масштаб화하며 발전한다.\n"
    assert lint_text(POST.format(body=body), select=["DL402"]) == []


@pytest.mark.parametrize(
    "ch,script",
    [("가", "Hangul"), ("a", "Latin"), ("é", "Latin"), ("δ", "Greek"), ("м", "Cyrillic"), ("模", "Han"),
     ("レ", "Katakana"), ("ー", "Katakana"), ("の", "Hiragana"), ("1", None), ("×", None), ("ℓ", None),
     ("·", None), ("µ", "Greek")],
)
def test_script_of(ch, script):
    from digestlint import lang

    assert lang.script_of(ch) == script


@pytest.mark.parametrize(
    "text,expected",
    [
        ("본 논문은 새로운 방법을 제안한다.", "ko"),
        ("This paper proposes a novel method for video generation.", "en"),
        ("flow matching Anchor points latent zoning network", None),  # terms, not prose
        ("GPT-4o ViMoGen-228K LoRA Whisper-LLaDA", None),
        ("これは新しいモデルです。とても良い結果でした", "ja"),
        ("Это очень хорошая модель для генерации", "ru"),
        ("Das Modell übertrifft alle bisherigen Methoden deutlich und zuverlässig", "de"),
    ],
)
def test_identify(text, expected):
    from digestlint import lang

    assert lang.identify(text, "ko") == expected


def test_identify_is_deterministic():
    from digestlint import lang

    text = "Ein Modell für die Erzeugung von Videos aus Text, schnell und genau"
    assert len({lang.identify(text, "ko") for _ in range(5)}) == 1


def test_masking_keeps_offsets():
    from digestlint.analysis import prose as prose_lib

    raw = "- Goal: `code` see [link](https://x.org/a) and $\\alpha$ https://y.org 본문."
    m = prose_lib.mask_region(raw, 100)
    assert len(m.text) == len(raw) and m.start == 100
    assert "Goal" not in m.text and "code" not in m.text and "https" not in m.text and "alpha" not in m.text
    assert "link" in m.text and "본문" in m.text


def test_importing_the_rules_does_not_import_langdetect():
    code = (
        "import sys; from digestlint import registry; registry.all_rules(); "
        "print('langdetect' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_term_variant_is_opt_in_end_to_end(samples, tmp_path):
    """DL406 is not in the default selection (spacing variants are accepted Korean); it runs when
    selected (the 2025-10-09 sample has three variants)."""
    from conftest import run_cli

    post = samples / "2025-10-09-daily-papers-20251009.md"
    default = run_cli("--isolated", "--no-cache", "--format", "json", post, cwd=tmp_path)
    assert b'"DL406"' not in default.stdout and default.returncode in (0, 1), default.stderr
    chosen = run_cli("--isolated", "--no-cache", "--format", "json", "--extend-select", "DL406", post, cwd=tmp_path)
    assert chosen.stdout.count(b'"rule": "DL406"') == 3, chosen.stdout[:2000]
