"""Hostile user rule packs: invalid or catastrophic regexes, broken files. Each is either refused
up front (a one-line exit-2 error) or, when accepted, cannot make a run hang on adversarial text."""

from __future__ import annotations

import os

import pytest

from hostile_helpers import GOOD_POST, lint_cli

ADVERSARIAL = "\n".join(["a" * 3000 + "!", "ab" * 1500 + "!", "x " * 3000, "가" * 3000 + ".", "\t " * 2000 + "z"])
POST = GOOD_POST.replace("## Results\n", "## Results\n" + ADVERSARIAL + "\n\n", 1)

REGEXES = [
    r"(a+)+$", r"(a|aa)*c", r"(a|ab)*c", r"(\w+\s?)*$", r"(.*a){12}$", r"a*a*a*a*a*a*a*b", r"(x+x+)+y",
    r"(?:a?){30}a{30}", r"(\s*\S*)*!", r"((a*)*)*b", r"([가-힣]+)*z", r"(?=(a+))+b", r"(?P<x>a+)(?P=x)*b",
    r"[", r"(?P<x", r"\\", r"(?<=a+)b", r"x{99999999999}",
]


def _project(tmp_path, pack_text: bytes | str):
    (tmp_path / "pack.yaml").write_bytes(pack_text.encode() if isinstance(pack_text, str) else pack_text)
    (tmp_path / ".digestlint.toml").write_text('rule-packs = ["pack.yaml"]\n', encoding="utf-8")
    (tmp_path / "2025-10-31-daily-papers-20251031.md").write_text(POST, encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("rule", ["DL501", "DL502"])
@pytest.mark.parametrize("regex", REGEXES, ids=[f"re{i}" for i in range(len(REGEXES))])
def test_catastrophic_or_invalid_regex(tmp_path, rule, regex):
    escaped = regex.replace("'", "''")
    _project(tmp_path, f"rules:\n  {rule}:\n    patterns:\n      - {{regex: '{escaped}'}}\n")
    run = lint_cli("--config", ".digestlint.toml", ".", cwd=tmp_path, json_output=False, timeout=60)
    if run.rc == 2:
        lines = [line for line in run.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "pack.yaml" in lines[0], run.stderr
    else:
        assert run.rc in (0, 1), run.stderr
        assert run.seconds < 20, f"accepted regex {regex!r} took {run.seconds:.1f}s"


@pytest.mark.slow
@pytest.mark.parametrize(
    "name,content",
    [
        ("binary", b"\x00\x01\x02\xff"),
        ("utf16", "rules: {}\n".encode("utf-16")),
        ("empty", b""),
        ("huge", b"# " + b"x" * (2 * 1024 * 1024)),
        ("alias-bomb", b"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"),
        ("deep", b"rules: " + b"[" * 10000 + b"\n"),
        # balanced: parses as YAML events, and libyaml's recursive composer would segfault on it
        ("deep-balanced", b"rules: " + b"[" * 50000 + b"]" * 50000 + b"\n"),
        ("python-tag", b"rules: !!python/object/apply:os.system ['echo pwned']\n"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_broken_pack_files(tmp_path, name, content):
    _project(tmp_path, content)
    run = lint_cli("--config", ".digestlint.toml", ".", cwd=tmp_path, json_output=False, timeout=30)
    if name == "empty":
        assert run.rc in (0, 1, 2)
        return
    assert run.rc == 2, (run.rc, run.stdout[-500:], run.stderr)
    assert len([line for line in run.stderr.splitlines() if line.strip()]) == 1, run.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_pack_that_is_not_a_regular_file(tmp_path, kind):
    _project(tmp_path, b"")
    os.unlink(tmp_path / "pack.yaml")
    if kind == "fifo":
        os.mkfifo(tmp_path / "pack.yaml")
    else:
        (tmp_path / "pack.yaml").mkdir()
    run = lint_cli("--config", ".digestlint.toml", ".", cwd=tmp_path, json_output=False, timeout=30)
    assert run.rc == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr


# ----------------------------------------------------------- user regexes run in linear time (RE2)
# Polynomial shapes a backtracking check accepted and that hung on the example posts for minutes.
POLYNOMIAL = [r"\S*\S*\S*\S*\S*\S*\S*#", r".*.*.*.*.*.*.*.*=", r"(.)*(.)*(.)*(.)*(.)*(.)*(.)*(.)*!", r"\w*" * 9 + "!",
              r".*TODO"]


def _pack_settings(tmp_path, regex: str, rule: str = "DL501"):
    from digestlint import config as cfg

    escaped = regex.replace("'", "''")
    (tmp_path / "pack.yaml").write_text(f"rules:\n  {rule}:\n    patterns:\n      - {{regex: '{escaped}'}}\n",
                                        encoding="utf-8")
    conf = cfg.Config(source="test", root=tmp_path, table={"rule-packs": ["pack.yaml"], "select": [rule]})
    return cfg.settings_for(conf, cfg.Overrides(), None)


@pytest.mark.slow
@pytest.mark.parametrize("regex", POLYNOMIAL, ids=[f"poly{i}" for i in range(len(POLYNOMIAL))])
def test_polynomial_user_regex_is_linear(tmp_path, regex):
    from digestlint import engine
    from test_hostile_linear import assert_linear

    settings = _pack_settings(tmp_path, regex)

    def lint(n: int) -> None:
        post = GOOD_POST.replace("## Results\n", "## Results\n" + "ab " * n + "\n\n", 1)
        engine.lint_bytes(post.encode(), "2025-10-31-daily-papers-20251031.md", None, settings)
    assert_linear(lint, 15000)


def test_dot_star_todo_on_a_long_paragraph_via_the_cli(tmp_path):
    # `.*TODO` on a 200,000-character paragraph took 15 s with a backtracking engine
    post = GOOD_POST.replace("## Results\n", "## Results\n" + "x" * 200_000 + "\n\n", 1)
    (tmp_path / "pack.yaml").write_text("rules:\n  DL501:\n    patterns:\n      - {regex: '.*TODO', where: anywhere}\n",
                                        encoding="utf-8")
    (tmp_path / ".digestlint.toml").write_text('rule-packs = ["pack.yaml"]\nselect = ["DL501"]\n', encoding="utf-8")
    (tmp_path / "2025-10-31-daily-papers-20251031.md").write_text(post + "\n끝에 TODO 남음\n", encoding="utf-8")
    run = lint_cli("--config", ".digestlint.toml", ".", cwd=tmp_path, timeout=60)
    assert run.rc == 1, run.stderr
    assert run.rules_for("2025-10-31-daily-papers-20251031.md") == ["DL501"]
    assert run.seconds < 10, run.seconds


@pytest.mark.slow
@pytest.mark.parametrize("regex,construct", [
    (r"(a)\1", "a backreference"), (r"x(?=y)", "a lookahead"), (r"x(?!y)", "a negative lookahead"),
    (r"(?<=x)y", "a lookbehind"), (r"(?<!x)y", "a negative lookbehind"), (r"(?P<a>x)(?P=a)", "a named backreference"),
    (r"x++", "a possessive quantifier"), (r"(?>x+)y", "an atomic group"), (r"x{1,5000}", "a repetition count above 1000"),
])
def test_pattern_re2_cannot_run_is_a_config_error_naming_key_and_construct(tmp_path, regex, construct):
    escaped = regex.replace("'", "''")
    _project(tmp_path, f"rules:\n  DL502:\n    patterns:\n      - {{regex: 'ok'}}\n      - {{regex: '{escaped}'}}\n")
    run = lint_cli("--config", ".digestlint.toml", ".", cwd=tmp_path, json_output=False, timeout=60)
    assert run.rc == 2, (run.rc, run.stderr)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    assert "pack.yaml" in lines[0] and "rules.DL502.patterns[1]" in lines[0] and construct in lines[0], lines[0]
    assert "RE2" in lines[0] and "Traceback" not in run.stderr


def test_user_regex_classes_keep_pythons_unicode_meaning(tmp_path):
    # RE2's own \w, \d, \s are ASCII: translated, so `\w+ 부족` still matches Hangul
    from digestlint.userregex import compile_pattern

    assert compile_pattern(r"\w+\s부족").fullmatch("정보\u3000부족")
    assert compile_pattern(r"[\w]+\d").fullmatch("가나٣")
    assert compile_pattern(r"\S+\Z").search("a 가나")
    assert compile_pattern(r"\u00e9|\N{HANGUL SYLLABLE GA}").fullmatch("가")
    assert not compile_pattern(r"[^\s]+").fullmatch("a\u00a0b")
    assert compile_pattern(r"todo", ignore_case=True).search("x TODO")
