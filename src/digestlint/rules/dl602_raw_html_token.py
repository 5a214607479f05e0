import functools
import re

from digestlint import data
from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule
from digestlint.analysis import prose as prose_lib

_START_RE = re.compile(r"<[/A-Za-z]")
_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")


@functools.lru_cache(maxsize=1)
def _tag_re():
    # the tag syntax CommonMark passes through as raw HTML (markdown-it-py's own expression);
    # imported on first use: a post without '<' never needs it
    from markdown_it.common.html_re import HTML_TAG_RE

    return HTML_TAG_RE


@functools.lru_cache(maxsize=1)
def _elements() -> tuple[frozenset, frozenset]:
    table = data.load("html.yaml")
    return frozenset(n.lower() for n in table["elements"]), frozenset(n.lower() for n in table["void"])


class RawHtmlToken(Rule):
    """
    ## What it does
    Reports an angle-bracket token in prose that Markdown passes through as raw HTML and the
    browser hides: a paper's own special tokens such as `모델은 <Parallel>, <Path>, <Summary> 토큰으로
    …` or `<Silence>`. A token counts when CommonMark reads it as an HTML tag (outside code
    spans, not escaped) and it is not markup: its name is no HTML element (the list is data,
    `rules/html.yaml`; names with a hyphen are custom elements and count as markup), or it is an
    element that is neither void (`<br>`) nor paired in the paragraph (`<sup>2</sup>` is markup, a
    lone `<Summary>` is not). In a raw HTML block only names that are no HTML element count.

    A wrapper around the model's answer (`<think>…</think>`, `<summary>` lines) is DL502's
    (llm-artifact): where DL502 reports the tag, this rule does not.

    ## Why
    The reader sees `모델은 , ,  토큰으로` where the paper named its tokens, and nothing shows
    where they went. It is invisible in the rendered post and easy to miss in review.

    ## Example
    Bad:

        모델은 <Parallel>, <Path>, <Summary> 토큰으로 병렬 추론을 구조화한다.

    Good:

        모델은 `<Parallel>`, `<Path>`, `<Summary>` 토큰으로 병렬 추론을 구조화한다.

    ## Fix safety
    Safe fix: the token is wrapped in backticks (in prose), or its brackets are written as
    `&lt;`/`&gt;` (in a raw HTML block, where backticks are not Markdown); either way it then
    shows as written.
    """

    id = "DL602"
    name = "raw-html-token"
    severity = "warning"
    defers_to = ("DL502",)
    defers_why = "a tag that wraps the model's answer or reasoning (`<think>…</think>`, a `<summary>` line): DL502 reports the wrapper"
    summary = "An angle-bracket token in prose that Markdown passes through as HTML and the browser hides"
    fixable = True

    def check(self, doc, ctx):
        for _paper, _section, block in doc.walk_blocks():
            if "<" not in doc.text[block.start:block.end]:
                continue
            if block.kind == "paragraph":
                yield from self._paragraph(doc, block)
            elif block.kind == "html":
                yield from self._html_block(doc, block)

    def _paragraph(self, doc, block):
        p = doc.prose(block)
        if p is None or "<" not in p.text:
            return
        text = _code_masked(p.text)
        tags = []
        for m in _START_RE.finditer(text):
            s = m.start()
            if _escaped(text, s):
                continue
            tm = _tag_re().match(text, s)
            if tm is None:
                continue
            tags.append((s, tm.end(), tm.group(0)))
        if not tags:
            return
        # what the parser made raw HTML (a tag inside a link destination or an autolink is not)
        inline = block.inline
        html_inline = [c.content for c in (inline.children or []) if c.type == "html_inline"] if inline is not None else []
        if not html_inline:
            return
        elements, void = _elements()
        names = [_name(t[2]) for t in tags]
        for i, (s, e, tag) in enumerate(tags):
            if tag not in html_inline:
                continue
            html_inline.remove(tag)
            name = names[i]
            closing = tag.startswith("</")
            if "-" in name:
                continue
            if name in elements:
                if name in void:
                    continue
                if closing and any(not tags[j][2].startswith("</") and names[j] == name for j in range(i)):
                    continue
                if not closing and any(tags[j][2].startswith("</") and names[j] == name for j in range(i + 1, len(tags))):
                    continue
            start, end = p.span(s, e)
            yield Violation(
                start,
                end,
                f"{tag!r} is read as raw HTML and the browser hides it: write it in backticks (`{tag}`)",
                fix=Fix((Edit(start, start, "`"), Edit(end, end, "`")), safe=True, description="wrap it in backticks"),
            )

    def _html_block(self, doc, block):
        raw = doc.text[block.start:block.end]
        if raw.lstrip().startswith("<!--"):
            return
        elements, _void = _elements()
        for m in _START_RE.finditer(raw):
            tm = _tag_re().match(raw, m.start())
            if tm is None:
                continue
            tag = tm.group(0)
            name = _name(tag)
            if name in elements or "-" in name:
                continue
            start, end = block.start + tm.start(), block.start + tm.end()
            escaped = "&lt;" + tag[1:-1] + "&gt;"
            yield Violation(
                start,
                end,
                f"{tag!r} is read as raw HTML and the browser hides it: write its brackets as &lt; &gt;",
                fix=Fix((Edit(start, end, escaped),), safe=True, description="escape the brackets"),
            )


def _name(tag: str) -> str:
    m = _NAME_RE.match(tag)
    return m.group(1).lower() if m else ""


def _escaped(text: str, i: int) -> bool:
    n = 0
    while i - n - 1 >= 0 and text[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _code_masked(text: str) -> str:
    if "`" not in text:
        return text
    return prose_lib.CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), text)
