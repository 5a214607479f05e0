from digestlint.model import Violation
from digestlint.registry import Rule


class NoPapers(Rule):
    """
    ## What it does
    Reports a post without any paper heading (`# N. [title](url)`, or a heading of another level
    that looks like one). Reported at the first line of the body (after the front matter), or at
    the front matter's closing `---` when the body is empty. An empty file is DL003's business.

    ## Why
    A digest post exists to list papers. A post without a paper heading is a generator failure
    (an empty run, an error message published as a post, sections without their headings) and
    would go out as an empty or broken page.

    ## Example
    Bad:

        ---
        title: "Daily Papers — 2025-10-31"
        ...
        ---

        오늘은 새로운 논문이 없습니다.

    Good:

        ---
        ...
        ---

        # 1. [POWSM: A Phonetic Open Whisper-Style Speech Foundation Model](https://arxiv.org/abs/2510.24992)

    ## Layouts
    Under another layout a paper is what the layout says (`papers`): a heading of its levels and
    pattern, or the file itself (`kind: file`: only an empty body has no paper).

    ## Fix safety
    No automatic fix: the papers cannot be invented.
    """

    id = "DL201"
    name = "no-papers"
    severity = "error"
    summary = "A post without any paper heading"

    def check(self, doc, ctx):
        if doc.papers or not doc.text.strip():
            return
        first = None
        for line in range(doc.body_start_line, len(doc.lines) + 1):
            if doc.lines[line - 1].strip():
                first = line
                break
        sections = len(doc.loose_sections)
        if first is None:
            line = doc.front_matter.end_line if doc.front_matter is not None else 1
            start, end = doc.content_span(line)
            yield Violation(start, end, "the post has no papers: the body after the front matter is empty")
            return
        start, end = doc.content_span(first)
        fmt = doc.layout.paper_heading_format
        if not doc.layout.classic:
            what = f"{sections} section{'s' if sections != 1 else ''} but" if sections else ""
            yield Violation(start, end, f"the post has {what + ' ' if what else ''}no paper heading ('{fmt}', layout '{doc.layout.name}')")
            return
        if sections:
            what = f"{sections} section heading{'s' if sections != 1 else ''} but"
            msg = f"the post has {what} no paper heading ('# N. [title](url)')"
        else:
            msg = "the post has no paper heading ('# N. [title](url)')"
        yield Violation(start, end, msg)
