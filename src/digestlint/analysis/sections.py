"""The section model shared by DL204-DL208 and the document model (bold section labels).

One option source, so the structure rules always agree:

- ``sections`` (required names, in order) and ``aliases`` (known translations / alternative names
  per section) are options of ``missing-section`` (DL204); their defaults come from
  ``rules/sections.yaml``.
- ``suggest-score`` / ``certain-score`` (fuzzy-match thresholds) are options of
  ``unknown-section`` (DL207).

A ``##`` heading *resolves* to a required section when its name is the name itself (``exact``),
the name written differently (case, ``**…**``, a trailing colon, a leading number: ``variant``), a
known alias (``alias``), or a near miss (``fuzzy``). A resolution is *certain* when it cannot mean
another section: exact, variant, an alias of a single section, or a fuzzy match scoring at least
``certain-score`` with no other section scoring ``suggest-score``. DL204/205/206 count certain
resolutions as the section (DL207 reports and fixes the spelling), so one defect is one finding.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from digestlint import data

MISSING_SECTION = "DL204"
UNKNOWN_SECTION = "DL207"
DEFAULT_SUGGEST_SCORE = 80.0
DEFAULT_CERTAIN_SCORE = 85.0
_MIN_FUZZY_LEN = 4  # names shorter than this are never fuzzy-matched (too many accidents)
_CACHE_LIMIT = 20_000  # classified names kept per section model (shared by the rules of a process)

_DECOR_RE = re.compile(r"^(?:\d+[.)]\s*)?[*_`\s]*(?P<core>.*?)[*_`\s]*[:：.]?[*_`\s]*$", re.S)
_SPACE_RE = re.compile(r"\s+")


def default_options() -> dict:
    """Defaults of the shared options (a fresh copy: callers may mutate it)."""
    return {k: (list(v) if isinstance(v, list) else {a: list(b) for a, b in v.items()}) for k, v in _default_options().items()}


@functools.lru_cache(maxsize=None)
def _default_options() -> dict:
    raw = data.load("sections.yaml") or {}
    names = [str(n) for n in raw.get("sections") or []]
    aliases = {str(k): [str(a) for a in (v or [])] for k, v in (raw.get("aliases") or {}).items()}
    return {"sections": names, "aliases": aliases}


SECTIONS_SCHEMA: dict[str, dict[str, Any]] = {
    "sections": {
        "type": "array",
        "items": {"type": "string", "minLength": 1},
        "minItems": 1,
        "uniqueItems": True,
        "description": "required sections of every paper, in order (shared by DL204-DL207; "
        "default from rules/sections.yaml)",
    },
    "aliases": {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "description": "known translations / alternative names of each section (DL207 suggests "
        "the section's name for them; default from rules/sections.yaml)",
    },
}

SCORE_SCHEMA: dict[str, dict[str, Any]] = {
    "suggest-score": {
        "type": "number",
        "minimum": 0,
        "maximum": 100,
        "default": DEFAULT_SUGGEST_SCORE,
        "description": "fuzzy similarity (0-100) from which an unknown heading's name is suggested",
    },
    "certain-score": {
        "type": "number",
        "minimum": 0,
        "maximum": 100,
        "default": DEFAULT_CERTAIN_SCORE,
        "description": "fuzzy similarity (0-100) from which a single unambiguous near miss is "
        "fixed automatically",
    },
}


def normalise(name: str) -> str:
    """A comparison key: decoration, a leading number, case and whitespace removed, compatibility
    forms folded (NFKC: a heading in full-width Latin, `Ｉｎｔｒｏｄｕｃｔｉｏｎ`, is `Introduction`)."""
    if not name.isascii():
        import unicodedata

        name = unicodedata.normalize("NFKC", name)
    m = _DECOR_RE.match(name.strip())
    core = m.group("core") if m else name
    return _SPACE_RE.sub("", core).casefold()


@dataclass(frozen=True)
class Match:
    canonical: str  # the required section's name
    how: str  # "exact", "variant", "alias", "fuzzy"
    certain: bool
    score: float = 100.0
    via: str = ""  # the alias matched (alias/fuzzy), for messages
    others: tuple = ()  # other candidate sections (uncertain matches)


@dataclass
class SectionSpec:
    names: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]]
    suggest_score: float = DEFAULT_SUGGEST_SCORE
    certain_score: float = DEFAULT_CERTAIN_SCORE
    _cache: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self.index = {n: i for i, n in enumerate(self.names)}
        self._norm_names: dict[str, set] = {}
        for n in self.names:
            self._norm_names.setdefault(normalise(n), set()).add(n)
        self._norm_aliases: dict[str, set] = {}
        self._alias_text: dict[str, str] = {}
        for canon, alist in self.aliases.items():
            if canon not in self.index:
                continue  # aliases of a section the blog does not use
            for a in alist:
                key = normalise(a)
                if key:
                    self._norm_aliases.setdefault(key, set()).add(canon)
                    self._alias_text.setdefault(key, a)
        # fuzzy candidates: (normalised text, canonical, shown text)
        self._candidates = [(k, c, c) for k, cs in self._norm_names.items() for c in cs]
        self._candidates += [(k, c, self._alias_text[k]) for k, cs in self._norm_aliases.items() for c in cs]
        self._candidates.sort()
        self._fuzzy = [c for c in self._candidates if len(c[0]) >= _MIN_FUZZY_LEN]
        self._fuzzy_keys = [c[0] for c in self._fuzzy]

    def order_text(self) -> str:
        return ", ".join(self.names)

    def classify(self, name: str) -> Optional[Match]:
        """How a ``##`` heading's name resolves to a required section (None: not at all)."""
        try:
            return self._cache[name]
        except KeyError:
            pass
        result = self._classify(name)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[name] = result
        return result

    def _classify(self, name: str) -> Optional[Match]:
        if name in self.index:
            return Match(name, "exact", True)
        key = normalise(name)
        if not key:
            return None
        hits = self._norm_names.get(key)
        if hits:
            canon = sorted(hits)[0]
            return Match(canon, "variant", len(hits) == 1, others=tuple(sorted(hits - {canon})))
        hits = self._norm_aliases.get(key)
        if hits:
            ordered = sorted(hits, key=lambda c: self.index[c])
            return Match(ordered[0], "alias", len(ordered) == 1, via=self._alias_text[key], others=tuple(ordered[1:]))
        if len(key) < _MIN_FUZZY_LEN:
            return None
        from rapidfuzz import fuzz, process

        best: dict[str, tuple[float, str]] = {}
        scored = process.extract(
            key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=self.suggest_score, limit=None
        )
        for _, score, i in scored:
            _, canon, shown = self._fuzzy[i]
            if score > best.get(canon, (-1.0, ""))[0]:
                best[canon] = (score, shown)
        by_score = sorted(best.items(), key=lambda kv: (-kv[1][0], self.index[kv[0]]))
        ranked = [(c, s, shown) for c, (s, shown) in by_score if s >= self.suggest_score]
        if not ranked:
            return None
        canon, score, shown = ranked[0]
        certain = score >= self.certain_score and len(ranked) == 1
        return Match(
            canon,
            "fuzzy",
            certain,
            score=score,
            via=shown if shown != canon else "",
            others=tuple(c for c, _, _ in ranked[1:]),
        )

    def resolve(self, sections) -> list[tuple[object, Optional[Match]]]:
        """Each section with its match (None when it resolves to no required section)."""
        return [(s, self.classify(s.name)) for s in sections]

    def counted(self, sections) -> list[tuple[object, str]]:
        """The sections that count as a required section (exact or certain), with its name."""
        out = []
        for sec, m in self.resolve(sections):
            if m is not None and m.certain:
                out.append((sec, m.canonical))
        return out


def spec_for_layout(layout) -> SectionSpec:
    """The section model of a layout alone (default fuzzy thresholds): what the document model
    uses to recognise bold section labels."""
    return _spec(
        tuple(layout.section_names),
        tuple((k, tuple(v)) for k, v in layout.section_aliases.items()),
        DEFAULT_SUGGEST_SCORE,
        DEFAULT_CERTAIN_SCORE,
    )


def spec_for_settings(settings: Any) -> SectionSpec:
    """The section model for a rule run (see the module docstring); rules read it as
    ``ctx.sections``.

    The names and aliases are the layout's (``sections.names`` / ``sections.aliases``); DL204's
    ``sections`` / ``aliases`` options, when a configuration sets them, still win (they were the
    place to configure sections before layouts), and DL207's ``suggest-score`` /
    ``certain-score`` set the fuzzy thresholds: the options belong to those rules, the model is
    shared. Built once per distinct configuration, so DL204-DL208 share its classification cache."""
    all_opts = getattr(settings, "options", None) or {}
    shared = all_opts.get(MISSING_SECTION) or {}
    scores = all_opts.get(UNKNOWN_SECTION) or {}
    layout = getattr(settings, "layout", None)
    names = shared.get("sections")
    aliases = shared.get("aliases")
    defaults = default_options()
    if names == defaults["sections"] and layout is not None:
        names = None  # the option's default: the layout decides
    if aliases == defaults["aliases"] and layout is not None:
        aliases = None
    if names is None or aliases is None:
        if layout is not None:
            names = list(layout.section_names) if names is None else names
            aliases = layout.section_aliases if aliases is None else aliases
        else:
            names = defaults["sections"] if names is None else names
            aliases = defaults["aliases"] if aliases is None else aliases
    return _spec(
        tuple(names),
        tuple((k, tuple(v)) for k, v in aliases.items()),
        float(scores.get("suggest-score", DEFAULT_SUGGEST_SCORE)),
        float(scores.get("certain-score", DEFAULT_CERTAIN_SCORE)),
    )


@functools.lru_cache(maxsize=16)
def _spec(names: tuple, aliases: tuple, suggest: float, certain: float) -> SectionSpec:
    return SectionSpec(names=names, aliases=dict(aliases), suggest_score=suggest, certain_score=certain)


def heading_span(doc, line: int) -> tuple[int, int]:
    """The heading line without surrounding whitespace (what a person looks at)."""
    return doc.content_span(line)


def lines_span(doc, first: int, last: int) -> tuple[int, int]:
    """Document offsets from the start of line ``first`` to the end of line ``last`` (1-based)."""
    first = min(max(1, first), len(doc.lines))
    last = max(first, min(last, len(doc.lines)))
    return doc.line_starts[first - 1], doc.line_span(last)[1]


def section_span(doc, section) -> tuple[int, int]:
    """A section from its heading to its last line (what a finding about the whole section covers)."""
    return lines_span(doc, section.heading_line, max(section.heading_line, section.end_line))


def lead_span(doc, paper) -> tuple[int, int]:
    """A paper's heading and lead (the lines before its first section)."""
    if paper.sections:
        last = paper.sections[0].heading_line - 1
    else:
        last = paper.end_line
    return lines_span(doc, paper.heading_line, max(paper.heading_line, last))
