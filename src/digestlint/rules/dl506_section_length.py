from digestlint.analysis import placeholders
from digestlint.model import Violation
from digestlint.registry import Rule

_BOUNDS = {
    "min-chars": {"type": "integer", "minimum": 0},
    "max-chars": {"type": "integer", "minimum": 1},
    "min-sentences": {"type": "integer", "minimum": 0},
    "max-sentences": {"type": "integer", "minimum": 1},
}


class SectionLength(Rule):
    """
    ## What it does
    Reports a section of a paper shorter or longer than the configured bounds: characters
    (markup and spacing normalised) and sentences per section. `sections` overrides the bounds
    per section name, e.g. for a generator that promises one sentence for Results:

        [tool.digestlint.rules.section-length]
        sections = { Results = { max-sentences = 1 } }

    Empty sections are DL208's business; a section that is only a placeholder is DL501's (not
    reported here while DL501 is enabled). Reported at the section heading.

    ## Why
    A one-word Method or a Results section of twenty sentences breaks the digest's rhythm, and
    usually means the generator misbehaved.

    ## Example
    Bad (with `min-chars = 20`):

        ## Method

        새 방법.

    Good: a Method section of one to a few sentences.

    ## Fix safety
    No automatic fix.
    """

    id = "DL506"
    name = "section-length"
    severity = "info"
    summary = "A section shorter or longer than the configured bounds (characters or sentences)"
    defers_to = ("DL501", "DL503")
    defers_why = (
        "a section that is only a placeholder (DL501), a section cut off by a token limit (DL503 covers the section)"
    )
    options_schema = {
        "min-chars": {**_BOUNDS["min-chars"], "default": 20, "description": "fewest characters in a section"},
        "max-chars": {**_BOUNDS["max-chars"], "default": 1500, "description": "most characters in a section"},
        "min-sentences": {**_BOUNDS["min-sentences"], "default": 1, "description": "fewest sentences in a section"},
        "max-sentences": {**_BOUNDS["max-sentences"], "default": 12, "description": "most sentences in a section"},
        "sections": {
            "type": "object",
            "default": {},
            "description": "per-section overrides of the bounds, by section name",
            "additionalProperties": {"type": "object", "properties": _BOUNDS, "additionalProperties": False},
        },
    }

    def check(self, doc, ctx):
        opts = ctx.options
        overrides = opts.get("sections", {}) or {}
        placeholders_on = "DL501" in ctx.deferred
        placeholder_data = None
        lay = doc.layout
        for paper in doc.papers:
            for sec in paper.sections:
                if lay.term_lists and lay.is_term_list(sec):
                    continue  # a list of terms, not prose (layout sections.term-lists)
                parts = doc.section_prose(sec)
                if not parts:
                    continue
                text = doc.section_norm(sec)
                n_chars = len(text)
                if n_chars == 0:
                    continue
                if placeholders_on:
                    if placeholder_data is None:
                        placeholder_data = placeholders.pack_data(ctx)
                        names_of = placeholders.section_namer(ctx)
                    if len(parts) == 1 and placeholders.is_placeholder(parts[0][1], placeholder_data,
                                                                       names_of(sec)):
                        continue
                n_sent = sum(len(p.sentences) for _b, p in parts)
                bounds = {k: opts.get(k) for k in _BOUNDS}
                bounds.update(overrides.get(sec.name, {}))
                problem = None
                if bounds["min-chars"] is not None and n_chars < bounds["min-chars"]:
                    problem = f"{n_chars} characters, fewer than {bounds['min-chars']}"
                elif bounds["max-chars"] is not None and n_chars > bounds["max-chars"]:
                    problem = f"{n_chars} characters, more than {bounds['max-chars']}"
                elif bounds["min-sentences"] is not None and n_sent < bounds["min-sentences"]:
                    problem = f"{n_sent} sentences, fewer than {bounds['min-sentences']}"
                elif bounds["max-sentences"] is not None and n_sent > bounds["max-sentences"]:
                    problem = f"{n_sent} sentences, more than {bounds['max-sentences']}"
                if problem:
                    yield Violation(sec.name_start, sec.name_end, f"section '{sec.name}' has {problem} (option section-length)")
