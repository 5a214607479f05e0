import re

from digestlint.model import Violation
from digestlint.registry import Rule

_QUOTE_RE = re.compile(r"^[ \t]*(?:>[ \t]?)*")
_AUTOLINK_RE = re.compile(r"<https?://[^\s<>]+>")
_SEPARATORS = set(" \t|·•,/-–—:;")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


class StrayContent(Rule):
    """
    ## What it does
    Reports text between a paper's heading (with its link lines) and its first section:
    leftovers of the generator such as `제목: …` or `arXiv: …` lines, and the tail of a title
    that was wrapped onto the next line. The link line(s) under the heading (the Alphaxiv
    blockquote `> [Alphaxiv](…)`, any line made only of links), HTML comments and blank lines are
    not stray. Each run of stray lines is one finding, spanning the lines.

    A paper without any section is left to DL204.

    ## Why
    The generator's own labels and a wrapped title's tail end up as a loose paragraph under the
    heading: readers see `제목: …` duplicated above the Introduction.

    ## Example
    Bad:

        # 2. [SHANKS: Simultaneous Hearing and Thinking for Spoken Language Models](https://arxiv.org/abs/2510.06917)

        > [Alphaxiv](https://www.alphaxiv.org/ko/overview/2510.06917)

        제목: SHANKS: 음성 언어 모델을 위한 동시 청취 및 사고

        ## Introduction

    Good: the same without the `제목:` line.

    ## Layouts
    Under another layout the paper's link lines (`🔗 https://…`), its title line (`papers.title-
    line`) and the wrappers the layout names (`sections.not-sections`: `### 论文总结`) are not stray.
    A paper that is the file itself (`papers.kind = "file"`) has no heading: its opening text,
    before a section of the same name as its first one (`## 요약`), is its introduction, not stray.

    ## Fix safety
    No automatic fix: the text may be content that belongs in a section.
    """

    id = "DL210"
    name = "stray-content"
    severity = "warning"
    defers_to = ("DL202", "DL307")
    defers_why = (
        "the tail of a title wrapped over two lines (DL202 covers the heading and lead); the line of a malformed link (DL307 covers the paper's lead)"
    )
    summary = "Text between a paper's heading/links and its first section"

    def check(self, doc, ctx):
        for paper in doc.papers:
            if not paper.sections or not paper.has_heading:
                continue
            first = paper.sections[0]
            broken = paper.title is None and "[" in paper.heading_text and "](" not in paper.heading_text
            lay = doc.layout
            for block in paper.lead:
                if not lay.classic and _layout_allows(doc, block):
                    continue
                for s_line, e_line in self._stray_runs(doc, block):
                    start = doc.content_span(s_line)[0]
                    end = doc.content_span(e_line)[1]
                    text = doc.text[start:end]
                    excerpt = " ".join(text.split())
                    if len(excerpt) > 40:
                        excerpt = excerpt[:39] + "…"
                    who = paper.number if paper.number is not None else paper.id or "?"
                    where = f"between paper {who}'s heading and '{lay.section_label(first.name)}'"
                    if broken and s_line == paper.heading_line + 1:
                        msg = (
                            f"the tail of the paper title wrapped from line {paper.heading_line} ({excerpt!r}); "
                            "join it to the heading"
                        )
                    else:
                        msg = f"stray text {where}: {excerpt!r}"
                    yield Violation(start, end, msg)

    def _stray_runs(self, doc, block):
        """(first line, last line) of each run of stray lines of a lead block."""
        if block.kind == "html":
            if not _COMMENT_RE.sub("", block.content).strip():
                return []
            return [(block.start_line, block.end_line)]
        if block.kind != "paragraph":
            return [(block.start_line, block.end_line)]
        links = doc.links_in(block)
        runs = []
        for line in range(block.start_line, block.end_line + 1):
            ls, le = doc.line_span(line)
            text = doc.text[ls:le]
            # blank out the links on this line
            chars = list(text)
            for link in links:
                s, e = max(link.start, ls), min(link.end, le)
                for i in range(s - ls, e - ls):
                    chars[i] = " "
            rest = _AUTOLINK_RE.sub(" ", "".join(chars))
            rest = rest[_QUOTE_RE.match(rest).end():]
            if all(c in _SEPARATORS for c in rest):
                continue
            if runs and runs[-1][1] == line - 1:
                runs[-1][1] = line
            else:
                runs.append([line, line])
        return [tuple(r) for r in runs]


def _layout_allows(doc, block) -> bool:
    """Under another layout: link lines (``🔗 https://…``, ``**链接：** [arXiv](…)``), the title
    line and wrappers the layout names (``not-sections``: ``### 论文总结``) are not stray."""
    from digestlint.structure import is_link_line, is_wrapper

    if block.kind == "paragraph" and is_link_line(block.content):
        return True
    if block.kind in ("paragraph", "heading") and is_wrapper(doc.layout, block.content):
        return True
    title_line = doc.layout.title_line
    return block.kind == "paragraph" and title_line is not None and title_line.search(block.content) is not None
