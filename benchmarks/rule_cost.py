"""Where the CPU time of a cold run goes: the document model, every rule, the engine around them.

Usage: python benchmarks/rule_cost.py [--posts 200] [--repeat 3] [--work DIR] [POST.md ...]

Generates ``--posts`` posts with ``benchmarks/generate.py`` (unless posts are given), warms every
lazy import and data file on one post, then ``--repeat`` times: builds each document afresh and
times its parts the way ``engine.lint_document`` runs them (rules in registry order). The shared
prose layer (``analysis.prose.compute_shared``: what several rules read, computed once per
document) is timed on its own line before the rules, so no rule is charged for it. Reports CPU
milliseconds per post (``time.process_time``, the minimum over the repetitions: the steadiest
figure on a shared machine): the document model (front matter, markdown-it block parse,
papers/sections), the shared prose, each rule's ``check``/``collect``, and ``lint_document`` as
a whole (its overhead = whole - model - shared - rules; there the rules compute the shared prose
themselves). The ``own`` column is each rule run a second time on the same document, every
shared fact already memoised: what the rule itself costs, whoever computes the facts it reads.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("posts", nargs="*")
    ap.add_argument("--posts", dest="n", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--top", type=int, default=15, help="rules listed one by one (the rest summed)")
    args = ap.parse_args(argv)
    clock = time.process_time

    from digestlint import config as cfg, engine, registry
    from digestlint.analysis import prose as prose_lib

    # (absent in versions before the shared layer: then its line is 0 and the rules pay for it)
    compute_shared = getattr(prose_lib, "compute_shared", lambda _doc: None)
    from digestlint.document import Document
    from digestlint.registry import RuleContext

    paths = [Path(p) for p in args.posts]
    if not paths:
        import generate

        work = args.work or Path(tempfile.mkdtemp(prefix="digestlint-rulecost-"))
        generate.generate(args.n, work)
        paths = sorted((work / "_posts").glob("*.md"))
    texts = [(p.read_text(encoding="utf-8"), p.name) for p in paths]
    settings = cfg.settings_for(cfg.Config(source=None, root=Path(os.getcwd())), cfg.Overrides(), None)
    table = registry.by_key()
    rules = [table[r] for r in settings.rules if not table[r].file_level]
    ctxs = {r.id: RuleContext(options=settings.options.get(r.id, {}), language=settings.language, settings=settings)
            for r in rules}
    engine.lint_document(Document(*texts[0]), settings)  # lazy imports, data files, compiled regexes

    def run_rules(d: Document, spent: dict[str, float], prefix: str) -> None:
        for r in rules:
            ctx = ctxs[r.id]
            t = clock()
            if r.corpus:
                r.collect(d, ctx)
            else:
                for _v in r.check(d, ctx):
                    pass
            spent[prefix + r.id] = spent.get(prefix + r.id, 0.0) + clock() - t

    best: dict[str, float] = {}
    for _ in range(args.repeat):
        spent: dict[str, float] = {"(document model)": 0.0, "(shared prose)": 0.0}
        for text, name in texts:  # one document alive at a time, as in a run
            t0 = clock()
            d = Document(text, name)
            d.papers, d.code_lines, d.suppressions  # noqa: B018 - the model, built eagerly
            spent["(document model)"] += clock() - t0
            t0 = clock()
            compute_shared(d)
            spent["(shared prose)"] += clock() - t0
            run_rules(d, spent, "")
            run_rules(d, spent, "own ")  # again: the facts are memoised now
        t = clock()
        for text, name in texts:
            engine.lint_document(Document(text, name), settings)
        spent["(lint_document, whole)"] = clock() - t
        for k, v in spent.items():
            best[k] = min(best.get(k, v), v)
    n = len(texts)
    ms = {k: v / n * 1000 for k, v in best.items()}
    model, shared, whole = ms.pop("(document model)"), ms.pop("(shared prose)"), ms.pop("(lint_document, whole)")
    own = {k[4:]: ms.pop(k) for k in list(ms) if k.startswith("own ")}
    rule_total = sum(ms.values())
    print(f"{n} posts, {args.repeat} repetitions (minimum), ms per post (own: facts memoised)")
    print(f"  {'document model':<28}{model:8.2f}")
    print(f"  {'shared prose (analysis)':<28}{shared:8.2f}")
    ordered = sorted(ms.items(), key=lambda kv: -kv[1])
    for rid, v in ordered[: args.top]:
        print(f"  {rid + ' ' + table[rid].name:<28}{v:8.2f}   own {own[rid]:5.2f}")
    rest = ordered[args.top:]
    if rest:
        print(f"  {f'{len(rest)} other rules':<28}{sum(v for _, v in rest):8.2f}   own {sum(own[r] for r, _ in rest):5.2f}")
    print(f"  {'all rules':<28}{rule_total:8.2f}   own {sum(own.values()):5.2f}")
    print(f"  {'lint_document (whole)':<28}{whole:8.2f}   engine overhead ~{whole - model - shared - rule_total:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
