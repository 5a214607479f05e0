"""Rule packs: the shipped packs, user packs from `rule-packs`, validation and caching."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from conftest import FRONT_MATTER, ROOT, run_cli

POST = FRONT_MATTER + """
# 1. [Paper](https://arxiv.org/abs/2510.26794)

> [Alphaxiv](https://www.alphaxiv.org/ko/overview/2510.26794)

## Limitations

{body}
"""


def _project(tmp_path: Path, pack: str, body: str, name: str = "extra.yaml") -> Path:
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / name).write_text(pack, encoding="utf-8")
    (tmp_path / ".digestlint.toml").write_text(f'rule-packs = ["packs/{name}"]\nselect = ["DL5"]\n', encoding="utf-8")
    post = tmp_path / "2025-10-31-daily-papers-20251031.md"
    post.write_text(POST.format(body=body), encoding="utf-8")
    return post


def test_shipped_packs_follow_the_schema():
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "rules" / "rulepack.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for name in ("placeholders.yaml", "artifacts.yaml", "sentences.yaml"):
        data = yaml.safe_load((ROOT / "rules" / name).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator(schema).validate(data)


@pytest.mark.slow
def test_user_pack_adds_a_placeholder_phrase_without_code(tmp_path):
    post = _project(tmp_path, "rules:\n  placeholder-text:\n    phrases:\n      - 자료 없음\n", "자료 없음.")
    res = run_cli("--format", "json", post.name, cwd=tmp_path)
    findings = json.loads(res.stdout)
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("DL501", 15, 1)]


@pytest.mark.slow
def test_user_pack_adds_an_artifact_regex_with_message(tmp_path):
    pack = "rules:\n  DL502:\n    patterns:\n      - {regex: '\\[\\[[A-Z_]+\\]\\]', message: 'an unfilled slot'}\n"
    post = _project(tmp_path, pack, "한계는 [[LIMITATIONS]] 이다.")
    res = run_cli(post.name, cwd=tmp_path)
    assert res.returncode == 1, res.stderr
    assert b"15:5: DL502" in res.stdout and b"an unfilled slot" in res.stdout


@pytest.mark.slow
def test_user_pack_scopes_a_placeholder_pattern_to_sections(tmp_path):
    # `sections`: the pattern applies in those sections only (issue 14: 'not stated' sentences
    # are placeholders in Limitations, content elsewhere)
    pack = ("rules:\n  placeholder-text:\n    patterns:\n"
            "      - {regex: '다룰 예정이다', sections: [Limitations], message: 'a promise, not a limitation'}\n")
    post = _project(tmp_path, pack, "추후 다룰 예정이다.\n\n## Conclusion\n\n추후 다룰 예정이다.")
    res = run_cli("--format", "json", "--select", "DL501", post.name, cwd=tmp_path)
    findings = json.loads(res.stdout)
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("DL501", 15, 4)]
    assert "a promise, not a limitation" in findings[0]["message"]


@pytest.mark.slow
def test_user_pack_extends_sentence_endings(tmp_path):
    body = "추가 실험이 필요한 상황"
    post = _project(tmp_path, "rules: {}\n", body)
    (tmp_path / "packs" / "extra.yaml").write_text("rules:\n  truncated-text:\n    words:\n      endings: [상황]\n", encoding="utf-8")
    assert run_cli(post.name, cwd=tmp_path).returncode == 0
    (tmp_path / "packs" / "extra.yaml").write_text("rules:\n  truncated-text:\n    words:\n      dangling: [와]\n", encoding="utf-8")
    res = run_cli(post.name, cwd=tmp_path)
    assert b"DL503" in res.stdout


@pytest.mark.slow
def test_allow_list_in_a_user_pack(tmp_path):
    pack = "rules:\n  llm-artifact:\n    allow:\n      - {regex: '\\{\\{\\s*paper\\.\\w+\\s*\\}\\}'}\n"
    post = _project(tmp_path, pack, "본 연구는 {{ paper.title }}를 다룬다.")
    assert run_cli(post.name, cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(
    "pack,needle",
    [
        ("rules:\n  DL501:\n    patterns:\n      - {regex: '(a)\\1'}\n", b"rules.DL501.patterns[0]: regex '(a)\\\\1': a backreference"),
        ("rules:\n  DL501:\n    patterns:\n      - {regex: 'a(?=b)'}\n", b"rules.DL501.patterns[0]: regex 'a(?=b)': a lookahead"),
        ("rules:\n  DL502:\n    allow:\n      - {regex: 'x'}\n      - {regex: '(?<!x)y'}\n", b"rules.DL502.allow[1]: regex '(?<!x)y': a negative lookbehind"),
        ("rules:\n  DL502:\n    patterns:\n      - {regex: '(?P<w>a)(?P=w)'}\n", b"a named backreference"),
        ("rules:\n  DL502:\n    patterns:\n      - {regex: '(unclosed'}\n", b"invalid regex"),
        ("rules:\n  DL502:\n    patterns:\n      - {regex: 'x*'}\n", b"matches the empty string"),
        ("rules:\n  DL501:\n    phrases: [{txt: x}]\n", b"rules.DL501.phrases.0"),
        ("rules:\n  DL999: {}\n", b"unknown key 'DL999'"),
        ("rules:\n  DL501:\n    words:\n      colours: [x]\n", b"unknown word list 'colours'"),
        ("rules: [\n", b"invalid YAML"),
        ("a: &x [1]\nb: *x\n", b"anchors and aliases"),
        ("- just a list\n", b"not of type 'object'"),
    ],
)
def test_bad_pack_is_a_one_line_config_error(tmp_path, pack, needle):
    from digestlint import config as cfg

    path = tmp_path / "extra.yaml"
    path.write_text(pack, encoding="utf-8")
    conf = cfg.Config(source="test", root=tmp_path, table={"rule-packs": ["extra.yaml"]})
    t0 = time.perf_counter()
    with pytest.raises(cfg.ConfigError) as info:
        cfg.settings_for(conf, cfg.Overrides(), None)
    assert time.perf_counter() - t0 < 5
    message = str(info.value)
    assert needle.decode() in message and "extra.yaml" in message and "\n" not in message, message


@pytest.mark.parametrize(
    "pack,needle",
    [
        ("rules:\n  DL501:\n    patterns:\n      - {regex: '(a)\\1'}\n", b"rules.DL501.patterns[0]: regex '(a)\\\\1': a backreference"),
        ("rules: [\n", b"invalid YAML"),
    ],
)
def test_bad_pack_is_a_one_line_exit_2_error_from_the_cli(tmp_path, pack, needle):
    post = _project(tmp_path, pack, "본 연구는 좋다.")
    res = run_cli(post.name, cwd=tmp_path, timeout=30)
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert needle in res.stderr, res.stderr
    assert b"Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert b"extra.yaml" in res.stderr


def test_missing_pack_file_is_an_exit_2_error(tmp_path):
    (tmp_path / ".digestlint.toml").write_text('rule-packs = ["nope.yaml"]\n', encoding="utf-8")
    post = tmp_path / "p.md"
    post.write_text(POST.format(body="본 연구는 좋다."), encoding="utf-8")
    res = run_cli(post.name, cwd=tmp_path)
    assert res.returncode == 2 and b"nope.yaml" in res.stderr and b"Traceback" not in res.stderr


def test_packs_are_cached_by_path_and_mtime(tmp_path):
    from digestlint import rulepacks

    pack = tmp_path / "p.yaml"
    pack.write_text("rules:\n  DL501:\n    phrases: [첫째 문구]\n", encoding="utf-8")
    first = rulepacks.rule_data("DL501", (str(pack),))
    assert rulepacks.rule_data("DL501", (str(pack),)) is first  # no re-read, no re-merge
    assert "첫째 문구" in [p.text for p in first.phrases]
    pack.write_text("rules:\n  DL501:\n    phrases: [둘째 문구]\n", encoding="utf-8")
    st = os.stat(pack)
    os.utime(pack, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    second = rulepacks.rule_data("DL501", (str(pack),))
    texts = [p.text for p in second.phrases]
    assert "둘째 문구" in texts and "첫째 문구" not in texts
    assert rulepacks.fingerprint((str(pack),)) != rulepacks.fingerprint(())


def test_in_process_settings_reject_a_bad_pack(tmp_path):
    from digestlint import config as cfg

    pack = tmp_path / "bad.yaml"
    pack.write_text("rules:\n  DL501:\n    patterns: [{regex: '(?<=a)b'}]\n", encoding="utf-8")
    conf = cfg.Config(source="test", root=tmp_path, table={"rule-packs": ["bad.yaml"]})
    with pytest.raises(cfg.ConfigError, match="a lookbehind"):
        cfg.settings_for(conf, cfg.Overrides(), None)
