"""The cost of the rule packs' pattern gate (``RuleData.patterns_may_match``) per post.

DL501 asks, for every paragraph, whether one of its ``anywhere`` patterns can match (one search
of the patterns combined as alternatives); DL502 asks the same for its patterns. This times
exactly those calls on the paragraphs of a generated blog (``benchmarks/generate.py``, seed 1)
and prints milliseconds per post (the minimum of ``--repeat`` runs) and how many paragraphs the
gate let through.

    python benchmarks/pattern_gate.py [--posts 300] [--repeat 5] [--no-prefilter]
    PYTHONPATH=/path/to/other/src python benchmarks/pattern_gate.py   # another tree
"""

from __future__ import annotations

import argparse
import inspect
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-prefilter", action="store_true",
                    help="without the literal prefilter (the combined regex alone), for a before/after figure")
    args = ap.parse_args(argv)

    import generate

    from digestlint import rulepacks
    from digestlint.analysis import prose as prose_lib
    from digestlint.document import Document

    work = Path(tempfile.mkdtemp(prefix="digestlint-gate-"))
    generate.generate(args.posts, work)
    texts = []
    for path in sorted((work / "_posts").glob("*.md")):
        doc = Document(path.read_text(encoding="utf-8"), path.name)
        for _paper, section, block in doc.walk_blocks():
            p = prose_lib.prose(doc, block)
            if p is not None:
                # the section's names, as DL501 passes them (patterns scoped to sections)
                names = (section.name.casefold(),) if section is not None else ()
                texts.append((p.masked, names))
    if args.no_prefilter and hasattr(rulepacks, "_literal_prefilter"):
        rulepacks._literal_prefilter = lambda patterns: None
    calls = [(rulepacks.rule_data("DL501", ()), ("anywhere",), True),
             (rulepacks.rule_data("DL502", ()), ("anywhere", "alone"), False)]
    scoped = "section" in inspect.signature(rulepacks.RuleData.patterns_may_match).parameters
    best = float("inf")
    passed = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        passed = 0
        for text, names in texts:
            for rd, wheres, by_section in calls:
                if by_section and scoped:
                    passed += rd.patterns_may_match(text, wheres, names)
                else:
                    passed += rd.patterns_may_match(text, wheres)
        best = min(best, time.perf_counter() - t0)
    print(f"{args.posts} posts, {len(texts)} paragraphs: {1000 * best / args.posts:.3f} ms/post for the gates "
          f"of DL501 and DL502 ({passed} of {2 * len(texts)} calls let through)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
