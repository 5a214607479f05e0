"""The wheel ships the data folder: installed in a new virtual environment, it lints from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import GOOD, ROOT

pytestmark = pytest.mark.slow  # see docs/DEVELOPING.md, "Test tiers"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    res = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    wheels = list(out.glob("digestlint-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_wheel_contains_data(wheel):
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    for data in ("sections.yaml", "links.yaml", "frontmatter.schema.json", "findings.schema.json"):
        assert f"digestlint/_data/{data}" in names
    assert "digestlint/py.typed" in names  # the public API is typed (PEP 561)
    assert "digestlint/api.py" in names


def test_wheel_in_new_venv_lints_from_another_folder(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    # The dependencies come from the test environment (the interpreter running pytest), never from
    # the base interpreter: system_site_packages would inherit the base Python, which on a fresh
    # machine has none of them. A .pth file appends the test environment's site-packages after the
    # new venv's own, so the package itself comes only from the wheel and a missing data file or
    # entry point fails here.
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    py = env_dir / "bin" / "python"
    own = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True).stdout.strip()
    import sysconfig

    test_paths = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(own, "_digestlint_test_deps.pth").write_text("\n".join(sorted(test_paths)) + "\n", encoding="utf-8")
    res = subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--force-reinstall", str(wheel)], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2025-10-31-post.md").write_text((GOOD / "2025-10-31-daily-papers-20251031.md").read_text(encoding="utf-8"), encoding="utf-8")
    (elsewhere / "2025-11-01-broken.md").write_text("---\ntitle: [x\n---\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GITHUB_ACTIONS")}
    where = subprocess.run([str(py), "-c", "import digestlint.data as d; print(d.data_dir())"], cwd=elsewhere, capture_output=True, text=True, env=env)
    assert str(env_dir) in where.stdout, where.stdout + where.stderr
    exe = env_dir / "bin" / "digestlint"
    res = subprocess.run([str(exe), ".", "--format", "json"], cwd=elsewhere, capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 1, res.stderr
    data = json.loads(res.stdout)
    assert {f["path"] for f in data} == {"2025-11-01-broken.md"}
    assert "DL004" in {f["rule"] for f in data}
    # the Python API from the installed wheel
    code = "import digestlint, sys; print([f.rule for f in digestlint.lint(sys.stdin.read(), config={})])"
    res = subprocess.run([str(py), "-c", code], cwd=elsewhere, input="---\ntitle: [x\n---\n", capture_output=True, text=True, env=env)
    assert res.returncode == 0 and "DL004" in res.stdout, res.stderr
