import re
from typing import Optional

from digestlint import rulepacks
from digestlint.model import Edit, Fix, Violation
from digestlint.registry import PackSpec, Rule
from digestlint.analysis import prose as prose_lib

_FENCE_LINE_RE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[ \t]*$")
_MD_HEADING_RE = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+\S", re.M)
_MARKDOWN_INFOS = {"markdown", "md", "mdx", "gfm"}


class LlmArtifact(Rule):
    """
    ## What it does
    Reports model chatter and generation leftovers in a post: `다음은 … 요약입니다`,
    `As an AI language model`, refusals (`죄송하지만`, `I cannot`), unfilled template fields
    (`{{ summary }}`), reasoning and answer wrappers (`<think>…</think>`, `<summary>` lines around
    the answer), and a stray markdown fence around the answer (a ```` ```markdown ```` block, or a
    bare fence, holding the post's own headings). Reported at the phrase, the tag, or the fence.

    A wrapper tag (word list `wrapper-tags`: `think`, `answer`, `output`, `response`, `summary`
    …) counts when it wraps something: it stands alone on its line, or an opening tag has its
    closing tag later in the paper (and the other way round). The same word inline without its
    pair (`모델은 <Parallel>, <Path>, <Summary> 토큰으로 …`) is the paper's own special token, not a
    wrapper: DL602 (raw-html-token) reports that it will not render.

    Phrases and patterns are data: `rules/artifacts.yaml` (a rule pack), extended by the packs in
    the configuration key `rule-packs`. Paper titles and code are not searched; Jekyll's Liquid
    variables (`{{ site.url }}`) are allowed.

    ## Why
    The generator's conversation with itself is not content: a reader sees "Here is a summary"
    or an empty `{{ title }}`, or, behind a stray fence, the whole post rendered as code.

    ## Example
    Bad:

        다음은 논문의 요약입니다.

        ```markdown
        # 1. [Paper](https://arxiv.org/abs/2510.26794)
        ...
        ```

    Good: the post without the chatter and the fence.

    ## Layouts
    Under a layout with `fenced-answers: unwrap` the fence is still reported (and its fix removes
    it, also in posts without front matter) while the other rules read the fenced answer as
    markdown.

    ## Fix safety
    The stray fence has an unsafe fix (delete the fence lines: the post's content then renders as
    markdown, check it). Chatter has no automatic fix: what to keep is a judgement.
    """

    id = "DL502"
    name = "llm-artifact"
    severity = "error"
    summary = "Model chatter, refusals, template leftovers, <think> tags, a stray fence around the answer"
    pack = PackSpec(words=("wrapper-tags",), where="anywhere")
    fixable = True

    def check(self, doc, ctx):
        data = rulepacks.for_context(self.id, ctx)
        wrapper_re = _wrapper_re(data)
        found: list[tuple[int, int, str]] = []
        tags: list[tuple[object, int, int, str, bool, bool]] = []  # (paper, start, end, name, closing, alone)
        for paper, _section, block in doc.walk_blocks():
            if block.kind == "paragraph":
                p = doc.prose(block)
                if p is None:
                    continue
                text = _code_masked(p.text)
                for s, e, msg in _matches(text, data):
                    start, end = p.span(s, e)
                    found.append((start, end, f"{msg}: {p.text[s:e]!r}"))
                if wrapper_re is not None and "<" in text:
                    for m in wrapper_re.finditer(text):
                        start, end = p.span(m.start(), m.end())
                        tags.append((paper, start, end, m.group(2).lower(), bool(m.group(1)), _alone(doc, start, end)))
            elif block.kind == "html":
                raw = doc.text[block.start:block.end]
                for s, e, msg in _matches(raw, data):
                    found.append((block.start + s, block.start + e, f"{msg}: {raw[s:e]!r}"))
                if wrapper_re is not None:
                    for m in wrapper_re.finditer(raw):
                        start, end = block.start + m.start(), block.start + m.end()
                        tags.append((paper, start, end, m.group(2).lower(), bool(m.group(1)), _alone(doc, start, end)))
        for start, end in _wrappers(tags):
            tag = doc.text[start:end]
            what = "a reasoning tag" if "think" in tag.lower() or "reason" in tag.lower() else "a wrapper tag of the model's answer"
            found.append((start, end, f"{what} left in the text: {tag!r}"))
        found.sort()
        last = -1
        for start, end, msg in found:
            if start < last:
                continue
            last = end
            yield Violation(start, end, msg)
        yield from self._fences(doc)

    def _fences(self, doc):
        n_lines = len(doc.lines)
        for first, last in doc.unwrapped_fences:
            # a fenced answer the layout reads as markdown (fenced-answers: unwrap): still a defect
            start, end = doc.content_span(first)
            edits = [Edit(*_whole_line(doc, first), "")]
            if last:
                edits.append(Edit(*_whole_line(doc, last), ""))
            yield Violation(
                start,
                end,
                f"a stray markdown fence around the answer ({doc.lines[first - 1].strip()!r}): the content renders as a code block; delete the fence lines",
                fix=Fix(tuple(edits), safe=False, description="delete the stray fence lines"),
            )
        for tok in doc.tokens:
            if tok.type != "fence" or not tok.map:
                continue
            info = (tok.info or "").strip().split()[0].lower() if (tok.info or "").strip() else ""
            first = tok.map[0] + 1
            last = tok.map[1]
            closed = last > first and _FENCE_LINE_RE.match(doc.lines[last - 1]) is not None
            holds_post = bool(_MD_HEADING_RE.search(tok.content))
            empty_at_end = not tok.content.strip() and not closed and last >= n_lines - 1
            if not (info in _MARKDOWN_INFOS or (not info and holds_post) or empty_at_end):
                continue
            start, end = doc.content_span(first)
            edits = [Edit(*_whole_line(doc, first), "")]
            if closed:
                edits.append(Edit(*_whole_line(doc, last), ""))
            what = "a stray fence" if empty_at_end else "a stray markdown fence around the answer"
            yield Violation(
                start,
                end,
                f"{what} ({doc.lines[first - 1].strip()!r}): the content renders as a code block; delete the fence lines",
                fix=Fix(tuple(edits), safe=False, description="delete the stray fence lines"),
            )


def _wrapper_re(data) -> Optional["re.Pattern"]:
    regex = data.derived.get("dl502-wrappers", False)
    if regex is False:
        names = sorted({w.strip().lower() for w in data.word_list("wrapper-tags") if w.strip()}, key=lambda n: (-len(n), n))
        regex = data.derived["dl502-wrappers"] = (
            re.compile(r"<(/?)[ \t]*(" + "|".join(re.escape(n) for n in names) + r")[ \t]*>", re.I) if names else None
        )
    return regex


def _alone(doc, start: int, end: int) -> bool:
    """Is ``doc.text[start:end]`` all its line holds (a blockquote marker aside)?"""
    line_start = doc.text.rfind("\n", 0, start) + 1
    line_end = doc.text.find("\n", end)
    before = doc.text[line_start:start].replace(">", " ").strip()
    return not before and not doc.text[end:line_end if line_end >= 0 else len(doc.text)].strip()


def _wrappers(tags) -> list[tuple[int, int]]:
    """The spans of the wrapper tags that wrap something: alone on their line, or an opening tag
    paired with a closing tag of the same name later in the same paper."""
    out = set()
    open_tags: dict = {}
    for paper, start, end, name, closing, alone in tags:
        if alone:
            out.add((start, end))
        key = (id(paper), name)
        if not closing:
            open_tags.setdefault(key, []).append((start, end))
        elif open_tags.get(key):
            out.add(open_tags[key].pop())
            out.add((start, end))
    return sorted(out)


def _whole_line(doc, line: int) -> tuple[int, int]:
    start, end = doc.line_span(line)
    if line < len(doc.lines):
        end += 1
    elif line > 1:  # the last line: take the newline before it instead
        start -= 1
    return start, end


_ALL_WHERES = ("anywhere", "alone")


def _code_masked(text: str) -> str:
    if "`" not in text:
        return text
    return prose_lib.CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), text)


def _alone_phrases(data) -> list:
    alone = data.derived.get("dl502-alone")
    if alone is None:
        alone = data.derived["dl502-alone"] = [ph for ph in data.phrases if ph.where == "alone"]
    return alone


def _matches(text: str, data):
    alone_phrases = _alone_phrases(data)
    alone = text.strip().rstrip(prose_lib.PUNCTUATION.alone_trail) if alone_phrases else ""
    if alone_phrases and len(alone) <= 100:
        for ph in alone_phrases:
            if ph.regex.fullmatch(alone) and not data.allowed(alone):
                start = text.find(alone)
                yield start, start + len(alone), ph.message or "model chatter left in the post"
    for ph, m in data.phrase_matches(text, ("sentence", "anywhere")):
        if not data.allowed(m.group(0)):
            yield m.start(), m.end(), ph.message or "model chatter left in the post"
    for pat in data.patterns if data.patterns_may_match(text, _ALL_WHERES) else ():
        for m in pat.regex.finditer(text):
            if m.end() == m.start() or data.allowed(m.group(0)):
                continue
            if pat.where == "alone" and text.strip() != m.group(0):
                continue
            yield m.start(), m.end(), pat.message or "a generation leftover"
