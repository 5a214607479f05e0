"""The rule base classes and the registry.

A rule is a class in a module of :mod:`digestlint.rules` (one rule per module, named after its ID
and name, e.g. ``dl501_placeholder_text.py``). Its docstring is its documentation (What it does,
Why, Example, Fix safety): ``--explain`` prints it and ``docs/rules.md`` is generated from it.

Per-document rules implement :meth:`Rule.check`, a pure function of a parsed
:class:`~digestlint.document.Document` and the rule's options that yields
:class:`~digestlint.model.Violation` objects. Corpus rules see every document of a run: they
:meth:`CorpusRule.collect` a small, JSON-serialisable summary per document (in the worker that
parsed it; cached with the file) and :meth:`CorpusRule.check_corpus` those summaries at the end.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Optional

from digestlint.model import SEVERITIES, CorpusViolation, Violation

if TYPE_CHECKING:
    from digestlint.analysis.sections import SectionSpec
    from digestlint.config import FileSettings
    from digestlint.document import Document

ID_RE = re.compile(r"^DL\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class PackSpec:
    """What a rule reads from the rule packs: the word lists it knows (a pack naming another list
    is an error) and the default ``where`` of its phrases (``sentence``, ``alone``, ``anywhere``)."""

    words: tuple[str, ...] = ()
    where: str = "anywhere"


@dataclass
class RuleContext:
    """What a rule sees besides the document: its options, the target language, the shared
    section model (:attr:`sections`), a path matcher (:meth:`path_matches`) and the rules it
    defers to that are enabled (:attr:`deferred`). ``settings`` (the FileSettings) is for the
    analysis layer (rule packs, the section model); rules do not read it themselves."""

    options: dict[str, Any]
    language: str = "ko"
    #: None only for a context made by hand (a unit test of one rule)
    settings: Optional["FileSettings"] = None
    #: the rules of this rule's ``defers_to`` that are enabled in this run
    deferred: frozenset = frozenset()

    @property
    def sections(self) -> "SectionSpec":
        """How section headings resolve to the required sections (layout + DL204/DL207 options)."""
        from digestlint.analysis.sections import spec_for_settings

        return spec_for_settings(self.settings)

    def path_matches(self, path: str, globs: Iterable[str]) -> bool:
        """Does ``path`` (a document's path) match one of ``globs`` (configuration globs: a
        pattern with ``/`` is anchored at the configuration's root, one without matches a file or
        folder name anywhere)? An invalid glob matches nothing."""
        import posixpath

        from digestlint.config import glob_to_regex

        norm = path.replace("\\", "/")
        candidates = [posixpath.normpath(norm)]
        root = getattr(self.settings, "config_root", None)
        if root and posixpath.isabs(norm):
            root = root.replace("\\", "/").rstrip("/") + "/"
            if norm.startswith(root):
                candidates.append(norm[len(root):])
        for g in globs:
            try:
                rx = glob_to_regex(g)
            except ValueError:
                continue
            if any(rx.search(c) for c in candidates):
                return True
        return False


class Rule:
    id: str = ""
    name: str = ""
    severity: str = "error"
    summary: str = ""
    fixable: bool = False
    #: the fix reads the whole document (what is absent from it, how many papers it has): it is
    #: applied in a pass of its own once no other fix is pending, so it sees the other fixes'
    #: result (DL302 inserting a link that a DL502 fence deletion would reveal, DL203 numbering
    #: a heading that fix uncovers). Other rules' fixes change only their own span.
    fix_after_others: bool = False
    #: JSON Schema ``properties`` of this rule's options (each with a ``default`` where one applies)
    options_schema: dict[str, dict] = {}
    corpus: bool = False
    #: the rule is reported by the engine while reading a file (DL001, DL002), not by ``check``
    file_level: bool = False
    #: in the default selection (no ``select`` configured); an opt-in rule (DL006) is enabled only
    #: by a selector that names it: its ID, its name, a prefix (``DL0``) or ``ALL``
    default_enabled: bool = True
    #: the engine reports it after every other rule ran (DL006), not ``check``
    engine_reported: bool = False
    #: rules (IDs) whose findings are the root cause of some of this rule's: a finding of this
    #: rule that overlaps what a finding of one of them covers (``Violation.covers``, by default
    #: its span) is a consequence of the same defect and is not reported (the engine drops it:
    #: one defect, one finding). While one of them is enabled, ``ctx.deferred`` names it too, for
    #: a rule that leaves a whole kind of defect to it (DL506 and placeholder-only sections)
    defers_to: tuple[str, ...] = ()
    #: when a finding of ``defers_to`` explains one of this rule's (for docs/rules.md)
    defers_why: str = ""
    #: the rule-pack data the rule reads (``rules.<ID or name>`` of a pack, see rulepacks.py):
    #: None when it reads none
    pack: Optional["PackSpec"] = None

    @classmethod
    def documentation(cls) -> str:
        return textwrap.dedent(cls.__doc__ or "").strip()

    def defaults(self) -> dict[str, Any]:
        """Default option values. Override to read defaults from the data folder."""
        return {k: v["default"] for k, v in self.options_schema.items() if "default" in v}

    def check(self, doc: "Document", ctx: RuleContext) -> Iterable[Violation]:
        return ()


class CorpusRule(Rule):
    corpus = True

    def collect(self, doc: "Document", ctx: RuleContext) -> Any:
        """A small JSON-serialisable summary of ``doc`` for :meth:`check_corpus`."""
        raise NotImplementedError

    def check_corpus(self, items: list["CorpusItem"], ctx: "CorpusContext") -> Iterable[CorpusViolation]:
        raise NotImplementedError


@dataclass
class CorpusItem:
    path: str  # display path
    fs_path: Optional[str]  # absolute path on disk (None for stdin)
    summary: Any
    options: dict[str, Any]
    settings: Optional["FileSettings"] = None


@dataclass
class CorpusContext:
    """Run-wide facts for corpus rules."""

    linted_fs_paths: frozenset = frozenset()
    extra: dict[str, Any] = field(default_factory=dict)
    #: the run's index of the blog's posts outside the linted set (``corpus_index.CorpusIndex``,
    #: owned by the engine; None: the linted posts alone)
    index: Any = None


def _validate(rule: Rule) -> None:
    problems = []
    if not ID_RE.match(rule.id):
        problems.append(f"id {rule.id!r} is not DL followed by three digits")
    if not NAME_RE.match(rule.name):
        problems.append(f"name {rule.name!r} is not kebab-case")
    if rule.severity not in SEVERITIES:
        problems.append(f"severity {rule.severity!r} is not one of {SEVERITIES}")
    if not rule.summary:
        problems.append("no summary")
    if _own_documentation(rule):
        # the dedented docstring is empty exactly when the docstring is blank (dedenting every
        # rule's docstring on each start cost ~1.3 ms of a one-file run)
        documented = bool((type(rule).__doc__ or "").strip())
    else:
        documented = bool(rule.documentation())
    if not documented:
        problems.append("no documentation (docstring)")
    if problems:
        raise RuntimeError(f"rule {type(rule).__name__}: " + "; ".join(problems))


def _own_documentation(rule: Rule) -> bool:
    """Does ``rule`` use :meth:`Rule.documentation` (not an override)?"""
    return getattr(type(rule).documentation, "__func__", None) is Rule.__dict__["documentation"].__func__


@functools.lru_cache(maxsize=None)
def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, sorted by ID."""
    import digestlint.rules as pkg

    found: dict[str, Rule] = {}
    names: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Rule) and obj.__module__ == module.__name__ and obj.id:
                rule = obj()
                _validate(rule)
                if rule.id in found or rule.name in names:
                    raise RuntimeError(f"rule {rule.id} {rule.name} registered twice")
                found[rule.id] = rule
                names[rule.name] = rule.id
    return tuple(found[k] for k in sorted(found))


@functools.lru_cache(maxsize=None)
def by_key() -> dict[str, Rule]:
    """Rules by ID and by name."""
    table: dict[str, Rule] = {}
    for rule in all_rules():
        table[rule.id] = rule
        table[rule.name] = rule
    return table


def lookup(key: str) -> Optional[Rule]:
    return by_key().get(key) or by_key().get(key.upper())


def resolve_selector(token: str) -> list[Rule]:
    """Rules matched by ``token``: ``ALL``, an ID, an ID prefix (``DL4``) or a name. [] if none."""
    token = token.strip()
    if token.upper() == "ALL":
        return list(all_rules())
    rule = lookup(token)
    if rule is not None:
        return [rule]
    upper = token.upper()
    if re.fullmatch(r"DL\d{0,2}", upper):
        return [r for r in all_rules() if r.id.startswith(upper)]
    return []


def did_you_mean(word: str, candidates, *, cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``candidates`` to ``word`` (case-insensitive),
    or ``""`` when none is close."""
    import difflib

    by_lower: dict[str, str] = {}
    for c in candidates:
        by_lower.setdefault(str(c).lower(), str(c))
    match = difflib.get_close_matches(str(word).strip().lower(), list(by_lower), n=1, cutoff=cutoff)
    return f" (did you mean {by_lower[match[0]]!r}?)" if match else ""


def suggest_selector(token: str) -> str:
    """A did-you-mean for an unknown rule selector (``DL5O1``, ``placeholder-txt``)."""
    rules = all_rules()
    return did_you_mean(token, [r.id for r in rules] + [r.name for r in rules] + ["ALL"])
