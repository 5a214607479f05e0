"""Generate a blog of N daily digest posts of realistic shape, with realistic defects.

The text is taken from the well-formed posts in ``tests/fixtures/good`` (Korean sentences per
section, real paper titles) and recombined with a seeded random generator, so the same seed and N
always give byte-identical files. Every post has a front matter block, 3–10 papers, each with a
``# N. [title](https://arxiv.org/abs/ID)`` heading, an Alphaxiv link and the five sections.
About one post in three gets one or more of the defects seen in real posts:

- an unbalanced quote in the title (``title: Daily Papers — 2025-09-13"``), a tag typo;
- a missing or wrong-locale (``/zh/``) Alphaxiv link, an Alphaxiv link for another paper;
- placeholder text (``정보 부족.``), an untranslated English paragraph, foreign script (``模型``);
- runs of spaces in a title, a ``제목:`` line between heading and sections, a wrong heading level,
  a numbering gap, a missing, misspelled or duplicated section, a truncated last sentence;
- the same paper again a few days later (republished), CRLF line endings.

Usage: ``python benchmarks/generate.py N OUT_DIR [--seed S]`` (posts go to ``OUT_DIR/_posts``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "good"
SECTIONS = ("Introduction", "Method", "Results", "Limitations", "Conclusion")
START = dt.date(2016, 1, 1)

ENGLISH = [
    "We propose a simple and effective method that improves the robustness of large language models.",
    "Experiments on standard benchmarks show consistent gains over strong baselines.",
    "The approach relies on a lightweight adapter trained with a contrastive objective.",
]
PLACEHOLDERS = ["정보 부족.", "정보가 부족함.", "해당 없음.", "N/A", "TBD"]
FOREIGN = ["통합 模型을 사용한다.", "масштаб화된 데이터셋을 구축하였다.", "インテグ 방식을 적용하였다."]


def _labelled(items: list[str]) -> bool:
    """Introduction items of the fixtures carry their labels (`Goal: …`)."""
    return bool(items) and all(re.match(r"(?:Goal|Motivation|Contribution):", item) for item in items)


def _pool() -> tuple[list[str], dict[str, list[str]], list[list[str]]]:
    """(titles, sentences per section, Introduction item triples) from the fixture posts."""
    titles: list[str] = []
    sentences: dict[str, list[str]] = {s: [] for s in SECTIONS}
    intros: list[list[str]] = []
    for path in sorted(FIXTURES.glob("*.md")):
        section = None
        items: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.rstrip()
            m = re.match(r"# \d+\. \[(.+)\]\(", line)
            if m:
                titles.append(re.sub(r"\s+", " ", m.group(1)))
                section = None
                continue
            m = re.match(r"## (\w+)", line)
            if m:
                if items:
                    intros.append(items)
                    items = []
                section = m.group(1) if m.group(1) in sentences else None
                continue
            if section is None or not line.strip():
                continue
            if line.startswith("- "):
                items.append(line[2:].strip())
                continue
            for s in re.split(r"(?<=다\.)\s+", line.strip()):
                if len(s) > 15:
                    sentences[section].append(s)
        if items:
            intros.append(items)
    if not titles or not all(sentences[s] for s in SECTIONS[1:]) or not intros:
        raise SystemExit(f"generate.py: no usable text in {FIXTURES} ({len(titles)} titles, {[len(v) for v in sentences.values()]} sentences, {len(intros)} intros)")
    return titles, sentences, intros


def generate(n: int, out: Path, seed: int = 7) -> list[Path]:
    """Write ``n`` posts to ``out/_posts`` (deterministic for a given seed); returns their paths."""
    rng = random.Random(seed)
    titles, sentences, intros = _pool()
    posts_dir = out / "_posts"
    posts_dir.mkdir(parents=True, exist_ok=True)
    recent: list[tuple[str, str]] = []  # (id, title) of the last posts' papers (for republishing)
    serial: dict[str, int] = {}
    written = []
    for i in range(n):
        day = START + dt.timedelta(days=i)
        ym = day.strftime("%y%m")
        defective = rng.random() < 0.35
        defects = set(rng.sample(DEFECTS, rng.randint(1, 3))) if defective else set()
        title_line = f'title: "Daily Papers — {day.isoformat()}"'
        if "quote" in defects:
            title_line = f'title: Daily Papers — {day.isoformat()}"'
        tags = "[papers, huggingface]" if "tag" not in defects else "[papers, hugginface]"
        lines = ["---", "layout: post", title_line, f"date: {day.isoformat()} 08:15:00", f"tags: {tags}",
                 "categories: []", "---", ""]
        papers = []
        for _ in range(rng.randint(3, 10)):
            serial[ym] = serial.get(ym, rng.randint(1000, 3000)) + rng.randint(1, 40)
            papers.append((f"{ym}.{serial[ym]:05d}", rng.choice(titles)))
        if "republished" in defects and recent:
            papers[rng.randrange(len(papers))] = rng.choice(recent)
        recent = (recent + papers)[-30:]
        broken_paper = rng.randrange(len(papers))
        for k, (aid, title) in enumerate(papers, 1):
            here = k - 1 == broken_paper
            num = k + 1 if here and "numbering" in defects else k
            hashes = "###" if here and "level" in defects else "#"
            if here and "spaces" in defects:
                words = title.split(" ")
                cut = max(1, len(words) // 2)
                title = " ".join(words[:cut]) + "   " + " ".join(words[cut:])
            lines += [f"{hashes} {num}. [{title}](https://arxiv.org/abs/{aid})", ""]
            if here and "stray" in defects:
                lines += [f"제목: {title}", ""]
            if not (here and "no-alphaxiv" in defects):
                locale = "zh" if here and "locale" in defects else "ko"
                lid = papers[k % len(papers)][0] if here and "other-id" in defects else aid
                lines += [f"> [Alphaxiv](https://www.alphaxiv.org/{locale}/overview/{lid})", ""]
            for s_index, section in enumerate(SECTIONS):
                if here and "missing-section" in defects and section == "Limitations":
                    continue
                name = "Limitaions" if here and "typo-section" in defects and section == "Limitations" else section
                lines += [f"## {name}", ""]
                if section == "Introduction":
                    items = rng.choice(intros)
                    if not _labelled(items):
                        # a bullet list of another section of the fixtures, not an Introduction: the
                        # next labelled triple instead (no extra draw: the corpus stays the same)
                        k = intros.index(items)
                        items = next(t for t in intros[k:] + intros[:k] if _labelled(t))
                    lines += [f"- {item}" for item in items]
                else:
                    body = " ".join(rng.sample(sentences[section], min(len(sentences[section]), rng.randint(1, 3))))
                    if here and "placeholder" in defects and section == "Limitations":
                        body = rng.choice(PLACEHOLDERS)
                    if here and "english" in defects and section == "Results":
                        body = " ".join(ENGLISH)
                    if here and "foreign" in defects and section == "Method":
                        body += " " + rng.choice(FOREIGN)
                    if here and "truncated" in defects and section == "Conclusion":
                        body = body.rstrip(".")[:-7].rstrip()
                    lines.append(body)
                lines.append("")
                if here and "duplicate-section" in defects and s_index == 4:
                    lines += [f"## {section}", "", rng.choice(sentences[section]), ""]
        text = "\n".join(lines)
        if "crlf" in defects:
            text = text.replace("\n", "\r\n")
        path = posts_dir / f"{day.isoformat()}-daily-papers-{day.strftime('%Y%m%d')}.md"
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


DEFECTS = [
    "quote", "tag", "no-alphaxiv", "locale", "other-id", "placeholder", "english", "foreign", "spaces",
    "stray", "level", "numbering", "missing-section", "typo-section", "duplicate-section", "truncated",
    "republished", "crlf",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    paths = generate(args.n, args.out, args.seed)
    print(f"{len(paths)} posts in {args.out / '_posts'}")


if __name__ == "__main__":
    main()
