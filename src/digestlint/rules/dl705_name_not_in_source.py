import re

from digestlint.model import Violation
from digestlint.registry import Rule
from digestlint.analysis import sources as sources_lib

# a Latin-script token: letters and digits, joined by - _ . (`rStar2-Agent`, `Qwen2.5`, `GPT-4o`)
_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9_.\-])[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*")
_CAMEL_RE = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]")


def is_name(token: str) -> bool:
    """Does ``token`` look like the name of a model, dataset or method? CamelCase (`MambaRec`,
    `rStar`), letters with digits (`GPT-4o`, `Qwen2.5`, `T5`), hyphenated with a capital
    (`ID-adapter`), or an acronym of two letters or more (`MMLU`, `GRPO`)."""
    if len(token) < 2:
        return False
    has_digit = any(c.isdigit() for c in token)
    has_upper = any(c.isupper() for c in token)
    if has_digit:
        return True
    if _CAMEL_RE.search(token):
        return True
    if "-" in token and has_upper:
        return True
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class NameNotInSource(Rule):
    """
    ## What it does
    Reports a Latin-script name in a target-language summary (a model, dataset or method:
    CamelCase `MambaRec`, letters with digits `GPT-4o`, hyphenated `ID-adapter`, an acronym
    `MMLU`) that the paper's full text (configured `sources`) never mentions: the classic
    hallucinated baseline or benchmark. Each name is reported once per paper, at its first use.

    How names are matched: case is ignored and so are spaces, hyphens, dots and underscores
    (`rStar2-Agent` matches `rStar2 Agent`, `Qwen2.5` matches `Qwen 2.5`); an acronym's plural
    (`LLMs`) matches the acronym. Generic technical words (`AI`, `LLM`, `GPU`, `SOTA` …; the
    list is `generic-names` in `rules/sources.yaml`, extended by the option of the same name)
    are never reported. Only sources with the full text are checked: an abstract names few of a
    paper's baselines, so a name missing from it says nothing. The rule is silent for English
    and other Latin-script target languages.

    ## Why
    A language model summarising a paper it did not fully read fills in plausible baselines and
    benchmarks; the name in the summary then has no basis in the paper.

    ## Example
    Bad (the paper compares with Llama-2 only):

        Llama-2 및 Mistral-7B 대비 높은 성능을 보였다.

    Good:

        Llama-2 대비 높은 성능을 보였다.

    ## Fix safety
    No automatic fix.
    """

    id = "DL705"
    name = "name-not-in-source"
    severity = "warning"
    summary = "A Latin-script name (model, dataset, method) in a target-language summary that the source never mentions"
    options_schema = {
        "generic-names": {
            "type": "array",
            "items": {"type": "string"},
            "description": "names never reported, on top of rules/sources.yaml (generic-names)",
        },
    }

    def check(self, doc, ctx):
        from digestlint import lang

        language = lang.base_language(ctx.language)
        target_script = lang.language_data().get("target_script", {}).get(language, "Latin")
        if target_script == "Latin":
            return
        generic = sources_lib.generic_names() | frozenset(n.casefold() for n in ctx.options.get("generic-names", ()))
        for paper, src, _s, _e in sources_lib.paper_sources(doc, ctx):
            if not src.full:
                continue
            facts = sources_lib.facts(src, language)
            title = sources_lib.squeeze(paper.title or "")
            seen: set[str] = set()
            for sec in paper.sections:
                for _block, p in doc.section_prose(sec):
                    for m in _TOKEN_RE.finditer(p.masked):
                        token = m.group()
                        if not is_name(token):
                            continue
                        key = sources_lib.squeeze(token)
                        if key in seen or token.casefold() in generic:
                            continue
                        seen.add(key)
                        if _mentioned(token, key, facts) or (key and key in title):
                            continue
                        start, end = p.span(m.start(), m.end())
                        yield Violation(
                            start,
                            end,
                            f"'{token}' is not mentioned in the full text of {src.id} ({src.origin_name}): "
                            "a name the paper does not use (a hallucinated baseline or benchmark?)",
                        )


def _mentioned(token: str, key: str, facts) -> bool:
    if token.casefold() in facts.names or key in facts.squeezed:
        return True
    if token.endswith("s") and token[:-1].isupper():
        return sources_lib.squeeze(token[:-1]) in facts.squeezed
    return False
