"""What a maintainer sees: findings per post, clean posts and each rule's share of the output.

Runs the default selection (what a blog gets without a ``select``) on the real posts of
``../shared/samples`` (default layout), ``../shared/samples-other`` (each blog with the
configuration of its copy in ``examples/``; an older tree that does not know one of its keys gets
it without that key) and a generated blog (``benchmarks/generate.py``,
seed 1), one process, no cache, and prints per corpus: posts, findings, findings a post, posts
without a finding and the share of the output of each rule.

    python benchmarks/precision.py                          # this checkout
    python benchmarks/precision.py --src /tmp/old/src       # another tree (a snapshot of main)
    python benchmarks/precision.py --json after.json --compare before.json

``--src`` runs ``python -m digestlint`` with that ``src`` folder first on ``PYTHONPATH`` (the
tree's own ``rules/`` data is used, as in a source checkout). ``--compare`` prints the figures of
an earlier ``--json`` beside these.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _lint(folder: Path, src: str | None, select: str | None) -> list[dict]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "digestlint", "--no-cache", "--format", "json", "--fail-on", "never", "-j", "1"]
    if select:
        cmd += ["--select", select]
    proc = subprocess.run([*cmd, "."], cwd=folder, capture_output=True, text=True, env=env)
    config = folder / ".digestlint.toml"
    while proc.returncode == 2 and "unknown key '" in proc.stderr and config.is_file():
        # an older tree (--src) that does not know a newer key of the examples' configuration
        # (`include`): without it (the key's line and its comment)
        key = proc.stderr.split("unknown key '", 1)[1].split("'", 1)[0].split(".")[-1]
        lines = config.read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if line.split("=", 1)[0].strip() != key]
        if kept == lines:
            break
        config.write_text("\n".join(kept) + "\n", encoding="utf-8")
        proc = subprocess.run([*cmd, "."], cwd=folder, capture_output=True, text=True, env=env)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"digestlint failed in {folder} ({proc.returncode}): {proc.stderr[-2000:]}")
    out = json.loads(proc.stdout)
    return out["findings"] if isinstance(out, dict) else out


def _corpora(tmp: Path, generated: int) -> dict[str, Path]:
    found: dict[str, Path] = {}
    if (SHARED / "samples").is_dir():
        dest = tmp / "samples"
        shutil.copytree(SHARED / "samples", dest, copy_function=shutil.copyfile)
        found["samples"] = dest
    for blog in ("ko-idheadings", "zh-titleheadings"):
        source = SHARED / "samples-other" / blog
        if source.is_dir():
            dest = tmp / blog
            shutil.copytree(source, dest, copy_function=shutil.copyfile)
            config = ROOT / "examples" / blog / ".digestlint.toml"
            if config.is_file():
                shutil.copyfile(config, dest / ".digestlint.toml")
            found[f"samples-other/{blog}"] = dest
    if generated:
        dest = tmp / "generated"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(generated), str(dest),
                        "--seed", "1"], check=True, capture_output=True)
        found[f"generated-{generated}"] = dest
    return found


def measure(src: str | None, generated: int, select: str | None) -> dict[str, dict]:
    figures: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as t:
        for name, folder in _corpora(Path(t), generated).items():
            posts = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.md"))
            findings = _lint(folder, src, select)
            per_rule = collections.Counter(f["rule"] for f in findings)
            per_post = collections.Counter(f["path"].removeprefix("./") for f in findings)
            figures[name] = {
                "posts": len(posts),
                "findings": len(findings),
                "per_post": round(len(findings) / len(posts), 2) if posts else 0.0,
                "clean": sum(1 for p in posts if not per_post.get(p)),
                "rules": dict(sorted(per_rule.items())),
            }
    return figures


def _share(n: int, total: int) -> str:
    return f"{n} ({100 * n / total:.0f}%)" if total else str(n)


def report(figures: dict[str, dict], before: dict[str, dict] | None) -> str:
    lines = []
    for name, fig in figures.items():
        old = (before or {}).get(name)
        head = f"{name}: {fig['posts']} posts, {fig['findings']} findings, {fig['per_post']}/post, {fig['clean']} clean"
        if old:
            head += (f"  (before: {old['findings']} findings, {old['per_post']}/post, {old['clean']} clean)")
        lines.append(head)
        rules = sorted(set(fig["rules"]) | set((old or {}).get("rules", {})))
        for rule in sorted(rules, key=lambda r: (-fig["rules"].get(r, 0), r)):
            row = f"  {rule}  {_share(fig['rules'].get(rule, 0), fig['findings'])}"
            if old:
                row += f"   before {_share(old['rules'].get(rule, 0), old['findings'])}"
            lines.append(row)
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", help="the src folder of another tree to measure")
    ap.add_argument("--generated", type=int, default=200, help="posts of the generated blog (0: none)")
    ap.add_argument("--select", help="a selection instead of the default one (e.g. ALL)")
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--compare", help="figures of an earlier --json run to print beside these")
    args = ap.parse_args()
    figures = measure(args.src, args.generated, args.select)
    before = json.loads(Path(args.compare).read_text(encoding="utf-8")) if args.compare else None
    print(report(figures, before))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
