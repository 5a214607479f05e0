import re
from typing import Optional

from digestlint import rulepacks
from digestlint.analysis import placeholders
from digestlint.analysis import sections as section_model
from digestlint.model import Violation
from digestlint.registry import PackSpec, Rule
from digestlint.analysis import prose as prose_lib

_HARD_END = prose_lib.PUNCTUATION.hard_end


class TruncatedText(Rule):
    """
    ## What it does
    Reports a section whose last sentence is cut off, as when the generator hit its token limit:
    the text stops without a sentence ending (`…고성능 병렬 코드 실행`), on a particle or a
    connective ending (`…스타일 일관성과 주`, `…성능을`), or on a comma (`평가에는 도구 이름
    유효성,`). Reported at the last character of the cut-off text.

    Korean sentences may end without a period (`…기여한다`, `…제안함`, `…있음`): the final
    endings are data (`rules/sentences.yaml`, words `endings`; extend them in a rule pack).
    List items written as noun phrases (`- 새로운 데이터셋 제안`) are normal when the list is
    written that way: a list item is only reported when the other items of its section (or paper)
    end like sentences, or when it stops on a comma, a particle or a connective (words
    `dangling`). A section that is a placeholder (DL501) is left to DL501. What is checked is
    the section's last prose: a thematic break (`---`), a paragraph of only links or images, raw
    HTML or Liquid tags (`{% raw %}`) after it are neither checked nor hide a cut before them.

    ## Why
    A cut-off sentence is a visible defect: the summary was truncated and must be regenerated.

    ## Example
    Bad:

        ## Method

        AU-Harness는 토큰 기반 병렬 요청 스케줄링으로 고성능 병렬 코드 실행

    Good:

        ## Method

        AU-Harness는 토큰 기반 병렬 요청 스케줄링으로 평가를 효율적으로 수행한다.

    ## Fix safety
    No automatic fix: the rest of the sentence is missing.
    """

    id = "DL503"
    name = "truncated-text"
    severity = "warning"
    summary = "A section whose last sentence is cut off (no sentence ending), as when a token limit was hit"
    pack = PackSpec(words=("endings", "dangling", "particles"), where="anywhere")

    def check(self, doc, ctx):
        data = rulepacks.for_context(self.id, ctx)
        endings = data.word_list("endings")
        dangling = tuple(sorted(data.word_list("dangling"), key=len, reverse=True))
        particles = data.word_list("particles")
        placeholder_data = placeholders.pack_data(ctx)
        for paper, section in prose_lib.paper_sections(doc):
            blocks, shown = _without_trailers(section.blocks)
            if not blocks or blocks[-1].kind != "paragraph":
                continue
            block = blocks[-1]
            p = doc.prose(block)
            if p is None:
                continue
            text = prose_lib.strip_end(p.masked)
            if not text.strip() or prose_lib.ends_sentence(p.masked, endings):
                continue
            if placeholders.is_placeholder(p, placeholder_data, placeholders.section_names(ctx, section)):
                continue
            last = text[-1]
            if last == ":" and shown:
                continue  # `…다음과 같다:` introducing the figure, link or HTML that follows
            if last == "(" and p.text[len(text):].lstrip().startswith("`"):
                continue  # a term in a code span in parentheses (`Voice Matching (`声音匹配`)`), not a cut
            word = re.split(r"[\s(\[{\"'“‘]", text)[-1]
            hard = last in _HARD_END or (
                prose_lib.is_hangul(last) and any(word.endswith(d) and len(word) > len(d) or word == d for d in dangling)
            )
            words = text.split()
            mid_word = (
                len(words) >= 2
                and len(word) == 1
                and prose_lib.is_hangul(word)
                and any(words[-2].endswith(x) and len(words[-2]) > len(x) for x in particles)
            )
            hard = hard or mid_word
            if not hard and (block.in_list or block.list_item):
                if not _sentence_style_list(doc, paper, section, block, endings):
                    continue
            tail = text[-20:].split("\n")[-1]
            if last == ",":
                why = "a comma"
            elif mid_word:
                why = "mid-word"
            elif hard:
                why = "a particle or connective"
            else:
                why = "no sentence ending"
            start, end = p.span(len(text) - 1, len(text))
            yield Violation(
                start,
                end,
                f"the section's last sentence is cut off ({why}): '…{tail.strip()}' — the text was probably truncated; regenerate or finish it",
                covers=section_model.section_span(doc, section),  # a cut section is short (DL506) for this reason
            )


def _sentence_style_list(doc, paper, section, block, endings) -> bool:
    """Do the other list items around ``block`` end like sentences (most of them)?"""

    def items(sections):
        out = []
        for sec in sections:
            for b in sec.blocks:
                if b is block or b.kind != "paragraph" or not (b.list_item or b.in_list):
                    continue
                p = doc.prose(b)
                if p is not None and p.masked.strip():
                    out.append(prose_lib.ends_sentence(p.masked, endings))
        return out

    for scope in ([section], paper.sections if paper is not None else []):
        flags = items(scope)
        if flags:
            return sum(flags) * 2 > len(flags)
    return False


_LIQUID_ONLY_RE = re.compile(r"(?:\s*\{%-?[^{}\n]{0,200}?-?%\})+\s*")


def _trailer(block) -> Optional[bool]:
    """A block that can end a section without being its prose: a thematic break (``---``), raw
    HTML, a paragraph of only links or images (another layout's ``[到 Huggingface 论文主页查看详情](…)``,
    ``![figure](…)``) or of only Liquid tags (``{% raw %}``). True when the reader sees it (a
    link, an image, HTML other than a comment), False when not, None for prose and code."""
    from digestlint.structure import is_link_line

    if block.kind == "other":
        return False
    if block.kind == "html":
        return not block.content.strip().startswith("<!--")
    if block.kind != "paragraph":
        return None
    content = block.content
    if _LIQUID_ONLY_RE.fullmatch(content) is not None:
        return False
    return True if is_link_line(content) else None


def _without_trailers(blocks):
    """``(blocks, shown)``: a section's blocks up to its last prose (the trailing breaks,
    link/image lines, HTML and Liquid tags left out: the last prose sentence is before them),
    and whether one of those shows something the prose may introduce (`다음과 같다:`)."""
    end = len(blocks)
    shown = False
    while end:
        kind = _trailer(blocks[end - 1])
        if kind is None:
            break
        shown = shown or kind
        end -= 1
    return blocks[:end], shown
