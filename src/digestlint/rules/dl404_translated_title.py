from digestlint.model import Violation
from digestlint.registry import Rule


class TranslatedTitle(Rule):
    """
    ## What it does
    Reports a paper title in the heading (`# N. [title](url)`) that contains words in the target
    language's script (Hangul for `ko`): the generator translated the title instead of keeping
    the original one from arXiv. Not applicable when the target language is written in Latin
    script (a translated title cannot be told from the original by its script).

    ## Why
    Readers search for a paper by its original title; a translated title does not match the
    arXiv page it links to.

    ## Example
    Bad: `# 1. [HuMo: 협력적 다중 모달 조건을 통한 인간 중심 비디오 생성](https://arxiv.org/abs/2509.08519)`
    Good: `# 1. [HuMo: Human-Centric Video Generation via Collaborative Multi-Modal Conditioning](https://arxiv.org/abs/2509.08519)`

    ## Fix safety
    No automatic fix: the original title has to be copied from arXiv.
    """

    id = "DL404"
    name = "translated-title"
    severity = "warning"
    summary = "A paper title in the heading written in the target language instead of the original"

    def check(self, doc, ctx):
        from digestlint import lang

        target = lang.base_language(ctx.language)
        script = lang.language_data().get("target_script", {}).get(target)
        if not script or script == "Latin":
            return
        for paper in doc.papers:
            if paper.title is not None:
                start, end, text = paper.title_start, paper.title_end, paper.title
            else:
                start, end = paper.number_end, paper.heading_end
                while start < end and doc.text[start] in " .)\t":
                    start += 1
                text = doc.text[start:end]
            words = text.split()
            translated = [w for w in words if any(lang.script_of(c) == script for c in w)]
            if not translated:
                continue
            yield Violation(
                start,
                end,
                f"paper title is written in {lang.language_name(target)} "
                f"({len(translated)} of {len(words)} words, e.g. '{translated[0]}'): keep the original title",
            )
