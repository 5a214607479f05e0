"""Snapshot every finding (and every fix) digestlint reports on a set of corpora, and compare.

Used to prove that a refactoring changes no finding: take a snapshot before, one after, compare.

    python tools/compare_findings.py snapshot BEFORE.json [--corpus N]
    python tools/compare_findings.py snapshot AFTER.json [--corpus N]
    python tools/compare_findings.py diff BEFORE.json AFTER.json

The corpora: ``../shared/samples``, ``../shared/samples-other``, ``tests/fixtures`` and a generated
corpus of N posts (``benchmarks/generate.py``, seed 1; default 300, 0 to skip). Every rule is
selected, with no configuration file and no cache, so the snapshot is the rules' own output.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _run(paths: list[str], cwd: str) -> list[dict]:
    cmd = [sys.executable, "-m", "digestlint", "--isolated", "--no-cache", "--select", "ALL",
           "--format", "json", "--fail-on", "never", "-j", "1", *paths]
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"digestlint failed ({proc.returncode}): {proc.stderr[-2000:]}")
    out = json.loads(proc.stdout)
    findings = out["findings"] if isinstance(out, dict) else out
    return sorted(findings, key=lambda f: json.dumps(f, sort_keys=True, ensure_ascii=False))


def snapshot(dest: str, corpus: int) -> None:
    result: dict[str, list[dict]] = {}
    for name in ("samples", "samples-other"):
        if (SHARED / name).is_dir():
            result[name] = _run(["."], str(SHARED / name))
    result["fixtures"] = _run(["."], str(ROOT / "tests" / "fixtures"))
    if corpus:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(corpus), tmp, "--seed", "1"],
                           check=True, capture_output=True)
            result[f"generated-{corpus}"] = _run(["."], tmp)
    Path(dest).write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{dest}: " + ", ".join(f"{k} {len(v)} findings" for k, v in result.items()))


def diff(before: str, after: str) -> int:
    a = json.loads(Path(before).read_text(encoding="utf-8"))
    b = json.loads(Path(after).read_text(encoding="utf-8"))
    status = 0
    for key in sorted(set(a) | set(b)):
        fa = {json.dumps(f, sort_keys=True, ensure_ascii=False) for f in a.get(key, [])}
        fb = {json.dumps(f, sort_keys=True, ensure_ascii=False) for f in b.get(key, [])}
        gone, new = sorted(fa - fb), sorted(fb - fa)
        if gone or new or len(a.get(key, [])) != len(b.get(key, [])):
            status = 1
            print(f"{key}: {len(gone)} findings gone, {len(new)} new")
            for f in gone[:20]:
                print("  -", f)
            for f in new[:20]:
                print("  +", f)
        else:
            print(f"{key}: identical ({len(fa)} findings)")
    return status


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("dest")
    s.add_argument("--corpus", type=int, default=300)
    d = sub.add_parser("diff")
    d.add_argument("before")
    d.add_argument("after")
    args = ap.parse_args()
    if args.cmd == "snapshot":
        snapshot(args.dest, args.corpus)
        return 0
    return diff(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
