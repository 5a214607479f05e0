#!/usr/bin/env python3
"""Fuzz digestlint for as long as you like (outside CI).

    python tools/fuzz.py                      # atheris if installed, else hypothesis; 10 minutes
    python tools/fuzz.py --seconds 3600       # an hour
    python tools/fuzz.py --engine hypothesis  # force hypothesis (many examples, no deadline)
    python tools/fuzz.py --engine atheris -- -max_len=65536   # extra libFuzzer flags after --

Every input is linted in-process with every rule. A failure is: an exception anywhere, a rule
that crashes (the engine's "internal error"), a finding outside the file (line/column beyond the
text, end before start), or one input taking longer than --slow seconds. With atheris, crashing
inputs are written by libFuzzer (crash-*); with hypothesis the shrunk example is printed.
Seed corpus: tests/fixtures/good, ../shared/samples and any --corpus folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

_SETTINGS = None


def _settings():
    global _SETTINGS
    if _SETTINGS is None:
        from digestlint import config as cfg

        conf = cfg.Config(source="fuzz", root=ROOT, table={"max-file-size": 4 * 1024 * 1024})
        _SETTINGS = cfg.settings_for(conf, cfg.Overrides(), None)
    return _SETTINGS


class FuzzFailure(AssertionError):
    pass


def check(data: bytes, slow: float = 5.0) -> None:
    """Lint ``data``; raise :class:`FuzzFailure` on any broken promise."""
    from digestlint import engine
    from digestlint.document import Document

    settings = _settings()
    t0 = time.monotonic()
    result = engine.lint_bytes(data, "2025-10-31-daily-papers-20251031.md", None, settings)
    corpus, errors = engine.run_corpus([result], {result.path: settings})
    elapsed = time.monotonic() - t0
    if result.errors or errors:
        raise FuzzFailure(f"rule crashed: {(result.errors + errors)[0]}")
    if elapsed > slow:
        raise FuzzFailure(f"slow input: {elapsed:.1f}s for {len(data)} bytes")
    findings = result.findings + corpus
    if any(f.rule in ("DL001", "DL002") for f in findings):
        return
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = Document(text).lines
    for f in findings:
        ok = (
            1 <= f.line <= len(lines)
            and 1 <= f.column <= len(lines[f.line - 1]) + 1
            and 1 <= f.end_line <= len(lines)
            and 1 <= f.end_column <= len(lines[f.end_line - 1]) + 1
            and (f.end_line, f.end_column) >= (f.line, f.column)
        )
        if not ok:
            raise FuzzFailure(f"{f.rule} finding out of bounds: {f.line}:{f.column}-{f.end_line}:{f.end_column}")


def seeds(extra: list[str]) -> list[bytes]:
    folders = [ROOT / "tests" / "fixtures" / "good", ROOT.parent / "shared" / "samples", *map(Path, extra)]
    out = []
    for folder in folders:
        if folder.is_dir():
            out.extend(p.read_bytes() for p in sorted(folder.glob("*.md")))
    return out or [b"---\ntitle: x\n---\n# 1. [t](https://arxiv.org/abs/2510.26794)\n"]


def run_atheris(args, libfuzzer_args: list[str]) -> int:
    import atheris

    corpus_dir = Path(args.workdir) / "corpus"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for i, data in enumerate(seeds(args.corpus)):
        (corpus_dir / f"seed-{i}.md").write_bytes(data)

    def one_input(data: bytes) -> None:
        check(data, args.slow)

    argv = [sys.argv[0], str(corpus_dir), f"-max_total_time={int(args.seconds)}", "-timeout=30",
            f"-artifact_prefix={args.workdir}/", *libfuzzer_args]
    with atheris.instrument_imports():
        import digestlint.document  # noqa: F401
        import digestlint.engine  # noqa: F401
        import digestlint.frontmatter  # noqa: F401
    atheris.Setup(argv, one_input)
    atheris.Fuzz()
    return 0


def run_hypothesis(args) -> int:
    from hypothesis import HealthCheck, given, settings, strategies as st

    samples = [s.decode("utf-8", "replace") for s in seeds(args.corpus)]
    atoms = ["---\n", "\n", "\r\n", "# ", "## ", "1. ", "- ", "> ", "```", "[", "](", ")", "**", "<!--", "-->",
             "&a ", "*a", "<<: ", "\u200b", "\u2028", "\x85", "가", "다.", "정보 부족", "模型", "\t", ":"]
    piece = st.one_of(st.sampled_from(atoms), st.text(max_size=10))

    @st.composite
    def inputs(draw):
        kind = draw(st.sampled_from(["mutate", "mutate", "text", "bytes"]))
        if kind == "bytes":
            return draw(st.binary(max_size=2000))
        if kind == "text":
            text = "".join(draw(st.lists(piece, max_size=200)))
        else:
            text = draw(st.sampled_from(samples))
            for _ in range(draw(st.integers(1, 12))):
                i = draw(st.integers(0, len(text)))
                j = min(len(text), i + draw(st.integers(0, 300)))
                op = draw(st.integers(0, 2))
                text = text[:i] + draw(piece) + text[j if op == 0 else i:] if op < 2 else text[:j] + text[i:j] + text[j:]
        return text.encode("utf-8", "replace")

    deadline = time.monotonic() + args.seconds
    rounds = 0
    while time.monotonic() < deadline:
        @settings(max_examples=args.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(inputs())
        def fuzz(data):
            check(data, args.slow)

        fuzz()
        rounds += 1
        print(f"round {rounds}: {args.examples} examples passed ({deadline - time.monotonic():.0f}s left)", flush=True)
    return 0


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1 :]
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    p.add_argument("--seconds", type=float, default=600, help="how long to fuzz (default 600)")
    p.add_argument("--examples", type=int, default=5000, help="hypothesis examples per round")
    p.add_argument("--slow", type=float, default=5.0, help="seconds after which one input counts as a hang")
    p.add_argument("--corpus", action="append", default=[], help="extra folder of seed posts (*.md)")
    p.add_argument("--workdir", default=os.path.join(os.getcwd(), ".fuzz"), help="atheris corpus and crash files")
    args = p.parse_args(argv)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    print(f"fuzzing with {engine} for {args.seconds:.0f}s", flush=True)
    return run_atheris(args, extra) if engine == "atheris" else run_hypothesis(args)


if __name__ == "__main__":
    sys.exit(main())
