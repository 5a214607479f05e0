from digestlint.analysis import placeholders
from digestlint.model import Violation
from digestlint.registry import PackSpec, Rule
from digestlint.analysis import prose as prose_lib


class PlaceholderText(Rule):
    """
    ## What it does
    Reports placeholder text where a section should have content: `정보 부족.`, `- 정보 부족`,
    `정보 부족이다.`, `정보가 부족함`, `해당 없음`, `N/A`, `TBD`, `TODO` …, alone or as what a
    sentence says (`…명확히 제시되지 않아 정보 부족이다.`). Reported at the phrase.

    The phrases are data: `rules/placeholders.yaml` (a rule pack), extended by the packs in the
    configuration key `rule-packs`. They are matched tolerantly: spacing (`정보부족`), case
    (`n/a`), a predicate tail (`정보 부족하다.`, words `tails`) and, for a paragraph that is only
    a near miss of a phrase, fuzzy similarity (option `fuzzy-threshold`). A phrase that is part
    of real content is not reported: `데이터 부족 문제로 …` or `깊이 정보가 부족하다.` (the phrase
    must end its sentence and start it or follow a connective such as `않아`, words `lead-ins`,
    or a topic such as `일반화는`, words `topics`). A phrase is also reported as the cause of
    saying nothing (`정보 부족으로 인해 한계를 기술할 수 없다`, `…분석은 정보 부족으로 명확하지 않다`:
    words `causes` then `unknowns`), not as the cause of a real effect (`정보 부족으로 발생하는
    환각`). A Latin placeholder word directly followed by a Korean noun is a term of the paper
    (`TODO 리스트 기반 환경 초기화`), not a placeholder.

    Patterns can be scoped to sections (`sections: [Limitations]`): in a Limitations section a
    sentence that only says the paper states nothing (`구체적인 언급은 존재하지 않는다`, `한계점에
    관한 … 명시는 본문에서 제공되지 않았다`, `상세히 기술되지 않았으며`) is a placeholder; the same
    words in a Method section are content. Text is compared as rendered: HTML entities decoded
    and compatibility forms folded (`&#51221;&#48372; &#48512;&#51313;`, full-width `ＴＯＤＯ`).
    Code spans, URLs, HTML and tables are not searched.

    ## Why
    A generator that found nothing to say writes a placeholder; published, it tells the reader
    nothing and looks broken. The section needs real content (or the paper needs regenerating).

    ## Example
    Bad:

        ## Limitations

        정보 부족.

    Good:

        ## Limitations

        현재 음성 정렬 데이터가 인간 중심 영상에 국한되어 있다.

    ## Fix safety
    No automatic fix: the missing content cannot be guessed.
    """

    id = "DL501"
    name = "placeholder-text"
    severity = "error"
    summary = "Placeholder text (정보 부족, 해당 없음, N/A, TODO ...) instead of content"
    pack = PackSpec(words=("tails", "lead-ins", "topics", "not-topics", "causes", "unknowns", "not-terms"), where="sentence")
    options_schema = {
        "fuzzy-threshold": {
            "type": "number",
            "minimum": 50,
            "maximum": 100,
            "default": 88,
            "description": "similarity (0-100, rapidfuzz ratio) at which a short paragraph that is a near miss of a placeholder phrase is reported; 100 turns fuzzy matching off",
        },
    }

    def check(self, doc, ctx):
        data = placeholders.pack_data(ctx)
        threshold = ctx.options.get("fuzzy-threshold", placeholders.DEFAULT_FUZZY_THRESHOLD)
        names_of = placeholders.section_namer(ctx)
        for _paper, section in prose_lib.paper_sections(doc):
            names = None
            for _block, p in doc.section_prose(section):
                if names is None:
                    names = names_of(section)
                for start, end, message in placeholders.placeholder_spans(p, data, threshold, names):
                    yield Violation(start, end, message)
