import re

from digestlint.analysis import sections as section_model
from digestlint.model import Violation
from digestlint.registry import Rule

_HASHES_RE = re.compile(r"[ ]{0,3}(#+)")
_PREFIX_RE = re.compile(r"(?P<num>\d+)(?P<sep>[.)]?)(?P<space>[ \t]*)")
_OPEN_LINK_RE = re.compile(r"(?<!!)\[")
# the document model's link pattern: [text](url), one level of brackets inside the text
_LINK_RE = re.compile(r"(?<!!)\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\([^)\n]*\)")


def _whole_link(text: str) -> bool:
    m = _LINK_RE.match(text)
    return m is not None and m.end() == len(text.rstrip())


class PaperHeadingFormat(Rule):
    """
    ## What it does
    Reports a paper heading that is not `# N. [title](url)`:

    - the wrong level (`## 1. […](…)`, `### 1. […](…)`), reported at the hashes;
    - no number (`# [title](url)`), or a number not written `N. ` (`# 1) […]`, `# 1.[…]`);
    - a title split over two lines, so that the link breaks (`# 1. [Long title` and on the next
      line `tail](https://arxiv.org/abs/…)`);
    - a title that is not a link, or text after the link.

    Every `#` heading is a paper heading, and so is a heading of another level that starts like
    one (`N. [`).

    ## Why
    The blog's layout, the table of contents and the other rules (numbering, links, duplicate
    papers) rely on the exact shape of the heading. A wrapped title renders as a heading with a
    literal `[` and a loose paragraph holding the link.

    ## Example
    Bad:

        ### 1. [HuMo: Human-Centric Video Generation via Collaborative Multi-Modal
        Conditioning](https://arxiv.org/abs/2509.08519)

    Good:

        # 1. [HuMo: Human-Centric Video Generation via Collaborative Multi-Modal Conditioning](https://arxiv.org/abs/2509.08519)

    ## Layouts
    Under another layout this rule reports a heading of a paper level that the layout's
    `papers.pattern` does not describe (with `select: all`); with `select: matching` or `kind: file`
    there is nothing to report.

    ## Fix safety
    No automatic fix: which of several problems to repair first (and where a wrapped title ends)
    is for a person to check; DL203 renumbers and DL209 repairs spaces in titles.
    """

    id = "DL202"
    name = "paper-heading-format"
    severity = "error"
    summary = "A paper heading that is not '# N. [title](url)'"

    def check(self, doc, ctx):
        lay = doc.layout
        if not lay.classic:
            # another layout: a heading of a paper level that its pattern does not describe
            for paper in doc.papers:
                if paper.has_heading and not paper.matches_pattern:
                    s, e = doc.content_span(paper.heading_line)
                    yield Violation(s, e, f"paper heading does not match the layout ('{lay.paper_heading_format}', "
                                          f"layout '{lay.name}' papers.pattern)")
            return
        for paper in doc.papers:
            yield from self._check_paper(doc, paper)

    def _check_paper(self, doc, paper):
        line_text = doc.lines[paper.heading_line - 1]
        if paper.level != 1:
            m = _HASHES_RE.match(line_text)
            s = paper.heading_start + m.start(1)
            e = paper.heading_start + m.end(1)
            yield Violation(
                s, e, f"paper heading at level {paper.level} ('{'#' * paper.level}'): a paper heading is '# N. [title](url)'",
                covers=(),  # explains no missing link or stray text
            )
        rest = paper.heading_text
        # the number is matched at the start of the heading text, so (with or without a number)
        # number_start is where the heading text starts
        rest_start = paper.number_start
        pm = _PREFIX_RE.match(rest)
        after = 0
        if paper.number_start == paper.number_end:
            if pm and pm.group("num"):
                # a number without '.' / ')' (e.g. '# 1 [title](url)')
                s = rest_start
                yield Violation(s, s + pm.end("num"), "write the paper number as 'N. ' (a number followed by '.' and a space)",
                                covers=())
                after = pm.end()
            else:
                end = rest_start + len(rest)
                yield Violation(rest_start, end if end > rest_start else paper.heading_end, "paper heading without a number: write '# N. [title](url)'",
                                covers=())
        elif pm:
            after = pm.end()
            if (pm.group("sep") != "." or pm.group("space") != " ") and rest[after:].strip():
                s = rest_start + pm.end("num")
                e = rest_start + pm.end()
                shown = rest[pm.end("num"):pm.end()] or "nothing"
                yield Violation(s, e if e > s else s, f"write '. ' after the paper number, not {shown!r}", covers=())
        tail = rest[after:]
        tail_start = rest_start + after
        heading = (paper.heading_start, paper.heading_end)  # a broken link explains DL301's "no link"
        if paper.title is not None or _whole_link(tail):
            return
        if not tail.strip():
            yield Violation(paper.heading_start, paper.heading_end, "paper heading without a title link: write '# N. [title](url)'",
                            covers=heading)
            return
        wrapped = self._wrapped(doc, paper, tail)
        span_end = tail_start + len(tail.rstrip())
        if wrapped:
            yield Violation(
                tail_start,
                span_end,
                f"the paper title is split over lines {paper.heading_line}-{wrapped}: the link breaks; "
                "join the title into one heading line",
                # the heading's missing link (DL301), the lost link kinds (DL302) and the title's
                # tail as stray lead text (DL210) are this defect
                covers=section_model.lead_span(doc, paper),
            )
        elif "](" in tail and _OPEN_LINK_RE.match(tail):
            close = tail.find(")", tail.find("]("))
            extra = tail[close + 1:].strip() if close >= 0 else ""
            if close >= 0 and extra:
                s = tail_start + close + 1 + (len(tail[close + 1:]) - len(tail[close + 1:].lstrip()))
                yield Violation(s, span_end, f"text after the title link in the paper heading: {extra[:40]!r}", covers=())
            else:
                yield Violation(tail_start, span_end, "the paper heading's title link is malformed: write '# N. [title](url)'",
                                covers=heading)
        else:
            yield Violation(tail_start, span_end, "the paper title is not a link: write '# N. [title](url)'", covers=heading)

    @staticmethod
    def _wrapped(doc, paper, tail: str):
        """The last line of a title wrapped over several lines, or None."""
        if not _OPEN_LINK_RE.match(tail.lstrip()) or "](" in tail:
            return None
        # the following lines (a paragraph right after the heading) until one closes the link
        line = paper.heading_line + 1
        limit = min(len(doc.lines), paper.heading_line + 4)
        while line <= limit:
            text = doc.lines[line - 1]
            if not text.strip() or line in doc.code_lines or text.lstrip().startswith(("#", ">")):
                return None
            if "](" in text:
                return line
            line += 1
        return None
