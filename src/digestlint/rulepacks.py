"""Rule packs: phrase and regex lists for the data-driven rules, as YAML files.

A pack follows ``rules/rulepack.schema.json``. The shipped packs (``rules/placeholders.yaml``,
``rules/artifacts.yaml``, ``rules/sentences.yaml``) are always loaded; a project adds packs with
the configuration key ``rule-packs`` (``FileSettings.rule_packs`` holds absolute paths). Packs
extend the shipped lists in order.

Every user pack is validated (JSON Schema; the shipped packs are validated by the tests, so a
run does not import jsonschema for them) and every regex compiled up front, for RE2 (linear
time whatever the pattern: :mod:`digestlint.userregex`); an invalid pack, an invalid regex, or
one RE2 cannot run (a backreference, lookaround) is a :class:`~digestlint.config.ConfigError`
(exit status 2) with a one-line message naming the key and the construct.

Files are read once per process: the cache key is the path with its modification time and size.
Rules call :func:`rule_data` with the settings' pack paths; nothing is read per document.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from digestlint.config import ConfigError

SHIPPED = ("placeholders.yaml", "artifacts.yaml", "sentences.yaml")
MAX_PACK_BYTES = 1024 * 1024


@functools.lru_cache(maxsize=None)
def pack_rules() -> dict[str, Any]:
    """The rules that read rule-pack data (``Rule.pack``), by ID."""
    from digestlint import registry

    return {r.id: r.pack for r in registry.all_rules() if r.pack is not None}


@functools.lru_cache(maxsize=None)
def rule_keys() -> dict[str, str]:
    """A pack's keys under ``rules`` (each such rule's ID and name) -> the rule's ID."""
    from digestlint import registry

    out: dict[str, str] = {}
    for rule_id in pack_rules():
        out[rule_id] = rule_id
        out[registry.by_key()[rule_id].name] = rule_id
    return out


@dataclass(frozen=True)
class Phrase:
    text: str
    where: str  # sentence | alone | anywhere
    case_sensitive: bool
    norm: str  # normalised text (for fuzzy matching)
    message: Optional[str] = None
    source: str = ""

    @functools.cached_property
    def regex(self) -> re.Pattern:
        """:func:`phrase_regex` of the text, compiled on first use (most phrases' anchors never
        occur in a post, and compiling every shipped phrase cost ~15 ms at every start)."""
        return phrase_regex(self.text, self.case_sensitive)


@dataclass(frozen=True)
class Pattern:
    regex: Any  # an RE2 regex (compile_user_regex); re's interface
    where: str  # alone | anywhere
    message: Optional[str] = None
    source: str = ""
    #: casefolded section names the pattern applies in (``sections`` of the pack); () everywhere
    sections: tuple = ()

    def applies_in(self, section: Optional[tuple]) -> bool:
        """Does the pattern apply in a section known by these casefolded names (None: any)?"""
        return not self.sections or section is None or any(n in self.sections for n in section)
    ignore_case: bool = False
    #: the pattern compiled by Python's re, only to read its required literals (the prefilter;
    #: None when re cannot parse it): matching is RE2's
    python_regex: Any = None


@dataclass
class RuleData:
    """The merged data of one rule (shipped packs first, then the user's)."""

    phrases: list = field(default_factory=list)
    patterns: list = field(default_factory=list)
    allow: list = field(default_factory=list)
    words: dict = field(default_factory=dict)
    #: compiled helpers the rules derive from the data once (combined regexes ...)
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def word_list(self, name: str) -> tuple:
        return tuple(self.words.get(name, ()))

    def allowed(self, text: str) -> bool:
        return any(p.regex.fullmatch(text) for p in self.allow)

    def phrase_matches(self, text: str, wheres: tuple) -> list[tuple[Phrase, re.Match[str]]]:
        """(phrase, match) for every phrase whose ``where`` is in ``wheres`` found in ``text``,
        in text order. A phrase's regex only runs when its longest literal word occurs in the
        text (a substring test) and so does every literal piece of it that has no case (Hangul,
        ASCII digits and punctuation: a match contains them as they are). One combined regex of
        one such literal per phrase rules most texts out at once."""
        key = ("anchors", wheres)
        entry = self.derived.get(key)
        if entry is None:
            entry = self.derived[key] = _anchor_table(self.phrases, wheres)
        anchors, gate = entry
        lowered = text.lower()
        if gate is not None and gate.search(lowered) is None:
            return []
        out: list = []
        for anchor, required, ph in anchors:
            if anchor and anchor not in lowered:
                continue
            if required and not all(r in text for r in required):
                continue
            out.extend((m.start(), -m.end(), i, ph, m) for i, m in enumerate(ph.regex.finditer(text)))
        if not out:
            return []
        out.sort(key=lambda t: (t[0], t[1], t[2]))
        return [(ph, m) for _s, _e, _i, ph, m in out]

    def phrase_matches_reference(self, text: str, wheres: tuple) -> list:
        """What :meth:`phrase_matches` returns, computed plainly (tests compare the two): every
        phrase of ``wheres`` whose anchor (its longest literal word, lowercased) occurs in the
        lowercased text runs its regex; the matches in text order (start, longest first, then
        the phrase's order). The anchor is part of the contract; the gate and the uncased
        literal pieces are optimisations."""
        lowered = text.lower()
        found: list[tuple[int, int, int, int, Phrase, Any]] = []
        for i, ph in enumerate(self.phrases):
            if ph.where not in wheres:
                continue
            words = [w for w in re.split(r"[\W_]+", ph.text) if w]
            if words and max(words, key=len).lower() not in lowered:
                continue
            found.extend((m.start(), -m.end(), i, j, ph, m) for j, m in enumerate(ph.regex.finditer(text)))
        found.sort(key=lambda t: t[:4])
        return [(ph, m) for _s, _e, _i, _j, ph, m in found]

    def patterns_may_match_reference(self, text: str, wheres: tuple, section: Optional[tuple] = None) -> bool:
        """What :meth:`patterns_may_match` answers, computed plainly (tests compare the two):
        whether any pattern of ``wheres`` (that applies in ``section``) matches ``text``."""
        return any(p.regex.search(text) is not None for p in self.patterns
                   if p.where in wheres and (section is None or p.applies_in(section)))

    def patterns_may_match(self, text: str, wheres: tuple, section: Optional[tuple] = None) -> bool:
        """False when no pattern whose ``where`` is in ``wheres`` matches anywhere in ``text``
        (then their ``finditer`` would find nothing); ``section`` (casefolded section names):
        only the patterns that apply in that section. First a literal prefilter: each pattern's
        most selective required literals (:func:`required_literals`) are looked up as
        substrings, and when for every pattern one is missing, no pattern can match. Else one
        search of the patterns combined as alternatives; patterns with groups (back-references
        would change meaning when combined) or inline global flags make that always True."""
        key = ("pattern-gate", wheres, section)
        try:
            needs, gate = self.derived[key]
        except KeyError:
            chosen = [p for p in self.patterns if p.where in wheres and (section is None or p.applies_in(section))]
            needs = _literal_prefilter(chosen)
            self.derived[key] = (needs, gate := _pattern_gate(chosen))
        if needs is not None and _no_literals(needs, text):
            return False  # a few substring tests, no regex
        return True if gate is None else gate.search(text) is not None
        return True if gate is None else gate.search(text) is not None


def _line_of(event: Any) -> int:
    """The 1-based line a YAML event starts on (libyaml and pure-Python events both have a mark)."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 1


def _stdlib(new: str, old: str) -> Any:
    """CPython's regex parser modules: ``re._parser``/``re._constants`` (Python >= 3.11) or the
    deprecated ``sre_parse``/``sre_constants`` (3.10). A stdlib boundary: typed as Any."""
    import importlib

    try:
        return importlib.import_module(new)
    except ImportError:  # pragma: no cover - Python 3.10
        return importlib.import_module(old)


def _parser() -> Any:
    return _stdlib("re._parser", "sre_parse")


def sre_parse_constants(sre: Any = None) -> Any:
    return _stdlib("re._constants", "sre_constants")


def _python_regex(pattern: str, ignore_case: bool) -> Any:
    try:
        return re.compile(pattern, re.IGNORECASE if ignore_case else 0)
    except (re.error, OverflowError, RecursionError):
        return None


def required_literals(regex: re.Pattern) -> list:
    """What text a match of ``regex`` must contain, as a conjunction of alternatives: a list of
    sets of strings, a match containing one string of each set (``[]``: nothing known). Runs of
    literal characters of the pattern's top-level sequence (and of groups and repeats that must
    occur at least once); an alternation gives one set when each alternative has a literal. In
    a case-insensitive pattern only characters without case count (Hangul, digits,
    punctuation: such a character matches only itself), so the test is a plain substring test."""
    sre = _parser()
    c = sre_parse_constants(sre)
    try:
        tree = sre.parse(regex.pattern, regex.flags)
    except Exception:  # pragma: no cover - the pattern compiled already
        return []
    ignore_case = bool(regex.flags & re.IGNORECASE)
    repeats = {c.MAX_REPEAT, c.MIN_REPEAT} | ({c.POSSESSIVE_REPEAT} if hasattr(c, "POSSESSIVE_REPEAT") else set())

    def runs(items: Any, ci: bool) -> list:
        out: list = []
        cur = ""

        def flush() -> None:
            nonlocal cur
            if cur:
                out.append({cur})
            cur = ""

        for op, av in items:
            if op == c.LITERAL:
                ch = chr(av)
                if ci and not _uncased(ch):
                    flush()
                else:
                    cur += ch
                continue
            flush()
            if op == c.SUBPATTERN:
                add, rem = av[1], av[2]
                if (add | rem) & re.IGNORECASE:
                    continue  # a group with its own case flags: nothing known
                out.extend(runs(av[-1], ci))
            elif op in repeats:
                lo, _hi, inner = av
                if lo >= 1:
                    out.extend(runs(inner, ci))
            elif op == c.BRANCH:
                alts: set[str] = set()
                for alt in av[1]:
                    found = runs(alt, ci)
                    best = max((s for s in found if len(s) == 1), key=lambda s: len(next(iter(s))), default=None)
                    if best is None:
                        alts = set()
                        break
                    alts |= best
                if alts:
                    out.append(alts)
        flush()
        return out

    try:
        return runs(list(tree), ignore_case)
    except (RecursionError, TypeError, ValueError):  # pragma: no cover - an unusual parse tree
        return []


def _literal_prefilter(patterns: list[Pattern]) -> Optional[tuple]:
    """Per pattern, the two most selective literal sets of :func:`required_literals` (longest
    shortest member, then fewest members), as ``((set, ...), ...)``: a text in which, for every
    pattern, some set has no member matches no pattern. None when a pattern has no required
    literal (then only the gate decides)."""
    out = []
    for p in patterns:
        rx = p.regex if isinstance(p.regex, re.Pattern) else p.python_regex
        sets = required_literals(rx) if rx is not None else []
        if not sets:
            return None
        ranked = sorted(sets, key=lambda s: (-min(len(x) for x in s), len(s)))
        out.append(tuple(tuple(sorted(s, key=lambda x: (-len(x), x))) for s in ranked[:2]))
    return tuple(out) or None


def _no_literals(needs: tuple, text: str) -> bool:
    """True when, for every pattern, one of its literal sets has no member in ``text``."""
    for conj in needs:
        for alts in conj:
            for lit in alts:
                if lit in text:
                    break
            else:
                break  # this set is absent: the pattern cannot match
        else:
            return False  # every set present: the pattern may match
    return True


def _pattern_gate(patterns: list[Pattern]) -> Optional[Any]:
    """The patterns as one RE2 alternation (each keeps its case flag), or None when they cannot
    be combined (groups, or a pattern that is not RE2's)."""
    import re2

    if not patterns or any(p.regex.groups or not isinstance(p.regex, re2._Regexp) for p in patterns):
        return None
    alts = [f"(?{'i' if p.ignore_case else '-i'}:{p.regex.pattern})" for p in patterns]
    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile("|".join(alts), options)
    except re2.error:
        return None


def _uncased(c: str) -> bool:
    """A character a case-insensitive regex matches only as itself and that ``str.lower``
    neither changes nor produces from another character (checked over all of Unicode)."""
    return (c.isascii() and not c.isalpha() and not c.isspace()) or "\uac00" <= c <= "\ud7a3" or "\u3131" <= c <= "\u318e"


def _literal_pieces(text: str) -> list:
    """The pieces of a phrase that :func:`phrase_regex` matches literally (no optional
    whitespace inside): runs of letters/digits, and each other character."""
    pieces = []
    cur = ""
    prev = ""
    for c in " ".join(text.split()):
        if c == " " or (cur and (not prev.isalnum() or not c.isalnum())):
            if cur:
                pieces.append(cur)
            cur = ""
        if c != " ":
            cur += c
        prev = c
    if cur:
        pieces.append(cur)
    return pieces


def _anchor_table(phrases: list[Phrase], wheres: tuple) -> tuple[list[tuple[str, tuple[str, ...], Phrase]], Optional[re.Pattern[str]]]:
    """``([(anchor, required pieces, phrase)], gate regex or None)`` for :meth:`RuleData.phrase_matches`.

    ``anchor`` is the phrase's longest word, lowercased (tested in the lowercased text);
    ``required`` its pieces without case (tested in the text itself). The gate searches the
    lowercased text for one of them per phrase; no hit means no phrase can match. None when a
    phrase has neither (it must always run)."""
    anchors: list[tuple[str, tuple[str, ...], Phrase]] = []
    gates: set[str] = set()
    always = False
    for ph in phrases:
        if ph.where not in wheres:
            continue
        words = [w for w in re.split(r"[\W_]+", ph.text) if w]
        anchor = max(words, key=len).lower() if words else ""
        required = tuple(dict.fromkeys(p for p in _literal_pieces(ph.text) if all(_uncased(c) for c in p)))
        anchors.append((anchor, required, ph))
        choices = ([anchor] if anchor else []) + sorted(required, key=len, reverse=True)
        if not choices:
            always = True
            continue
        # the longest; on a tie a piece without case (anchors like `n` of `N/A` occur everywhere)
        gates.add(max(reversed(choices), key=len))
    gate = None
    if not always and gates:
        gate = re.compile("|".join(re.escape(g) for g in sorted(gates, key=lambda g: (-len(g), g))))
    return anchors, gate


# ---------------------------------------------------------------------------- normalisation
_PUNCT_RE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Casefolded text without spaces and punctuation (for fuzzy comparison)."""
    return _PUNCT_RE.sub("", text).casefold()


def _is_latin_word_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c == "_")


def phrase_regex(text: str, case_sensitive: bool) -> re.Pattern:
    """A tolerant regex for a literal phrase: spacing may differ, Latin words keep their bounds."""
    text = " ".join(text.split())
    parts = []
    prev = ""
    for c in text:
        if c == " ":
            parts.append(r"\s*")
        else:
            if prev and prev != " " and (not prev.isalnum() or not c.isalnum()):
                parts.append(r"[ \t]?")  # `N / A`, `정보 부족 .`
            parts.append(re.escape(c))
        prev = c
    body = "".join(parts)
    if _is_latin_word_char(text[0]):
        body = r"(?<![A-Za-z0-9_])" + body
    if _is_latin_word_char(text[-1]):
        body += r"(?![A-Za-z0-9_])"
    flags = 0 if case_sensitive or not any(c.isascii() and c.isalpha() for c in text) else re.IGNORECASE
    return re.compile(body, flags)


def compile_user_regex(pattern: str, ignore_case: bool, where: str) -> Any:
    """Compile a pack regex for RE2 (linear time, :mod:`digestlint.userregex`); raises
    ValueError with a short reason."""
    from digestlint.userregex import RegexError, compile_pattern

    try:
        compiled = compile_pattern(pattern, ignore_case)
    except RegexError as exc:
        raise ValueError(f"{'' if exc.unsupported else 'invalid '}regex {pattern!r}: {exc}") from None
    if compiled.match(""):
        raise ValueError(f"regex {pattern!r} matches the empty string")
    return compiled


# ---------------------------------------------------------------------------- loading
@functools.lru_cache(maxsize=None)
def _validator() -> Any:
    import jsonschema

    from digestlint import data

    return jsonschema.Draft202012Validator(data.load("rulepack.schema.json"))


def _schema_error(raw: Any) -> Optional[str]:
    errors = sorted(_validator().iter_errors(raw), key=lambda e: (len(list(e.absolute_path)), list(map(str, e.absolute_path))))
    if not errors:
        return None
    err = errors[0]
    # a oneOf error hides the useful one: dig into its best context
    while err.context:
        err = sorted(err.context, key=lambda e: (e.validator == "type", -len(list(e.absolute_path))))[0]
    where = ".".join(str(p) for p in err.absolute_path) or "(top level)"
    if err.validator == "additionalProperties":
        allowed = set(err.schema.get("properties", {}))
        unknown = sorted(k for k in err.instance if k not in allowed) if isinstance(err.instance, dict) else []
        return f"key '{where}': unknown key {unknown[0]!r}" if unknown else f"key '{where}': {err.message[:200]}"
    return f"key '{where}': {err.message[:200]}"


def _compile_pack(raw: Any, source: str) -> dict[str, RuleData]:
    out: dict[str, RuleData] = {}
    for key, entry in raw["rules"].items():
        rule_id = rule_keys()[key]
        spec = pack_rules()[rule_id]
        rd = out.setdefault(rule_id, RuleData())
        for i, ph in enumerate(entry.get("phrases", [])):
            if isinstance(ph, str):
                ph = {"text": ph}
            where = ph.get("where", spec.where)
            text = " ".join(ph["text"].split())
            rd.phrases.append(
                Phrase(
                    text=text,
                    where=where,
                    case_sensitive=bool(ph.get("case-sensitive", False)),
                    norm=normalise(text),
                    message=ph.get("message"),
                    source=source,
                )
            )
        for name in ("patterns", "allow"):
            for i, pat in enumerate(entry.get(name, [])):
                where = pat.get("where", "anywhere")
                try:
                    regex = compile_user_regex(pat["regex"], pat.get("ignore-case", False), where)
                except ValueError as exc:
                    raise ConfigError(f"{source}: rule pack: rules.{key}.{name}[{i}]: {exc}") from None
                (rd.patterns if name == "patterns" else rd.allow).append(
                    Pattern(regex=regex, where=where, message=pat.get("message"), source=source,
                            sections=tuple(dict.fromkeys(" ".join(n.split()).casefold() for n in pat.get("sections", ()))),
                            ignore_case=bool(pat.get("ignore-case", False)),
                            python_regex=_python_regex(pat["regex"], bool(pat.get("ignore-case", False))))
                )
        for wname, words in entry.get("words", {}).items():
            if wname not in spec.words:
                known = ", ".join(spec.words) or "none"
                raise ConfigError(f"{source}: rule pack: rules.{key}.words: unknown word list {wname!r} (known: {known})")
            lst = rd.words.setdefault(wname, [])
            lst.extend(" ".join(w.split()) for w in words)
    return out


@functools.lru_cache(maxsize=64)
def _load_pack(path: str, mtime_ns: int, size: int, validate: bool = True) -> dict[str, RuleData]:
    """Read, check and compile a user's pack (always validated; ``validate=False`` skips the
    schema). The shipped packs are read by :func:`_shipped` through :func:`digestlint.data.load`:
    they are validated against the schema by the tests (tests/test_rulepacks.py), so a run does
    not import jsonschema for them."""
    if size > MAX_PACK_BYTES:
        raise ConfigError(f"{path}: rule pack: larger than {MAX_PACK_BYTES} bytes")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_PACK_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: rule pack: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: rule pack: not valid UTF-8") from None
    if path.endswith(".json"):
        import json

        try:
            raw = json.loads(text)
        except ValueError as exc:
            raise ConfigError(f"{path}: rule pack: invalid JSON: {exc}") from None
    else:
        try:
            raw = _safe_yaml(text)
        except ConfigError as exc:
            raise ConfigError(f"{path}: rule pack: {exc}") from None
    problem = _schema_error(raw) if validate else None
    if problem:
        raise ConfigError(f"{path}: rule pack: {problem}")
    return _compile_pack(raw, path)


_MAX_PACK_DEPTH = 64


def _safe_yaml(text: str) -> Any:
    """Parse YAML without anchors/aliases (a billion-laughs pack must not expand)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster
    try:
        depth = 0
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ConfigError(f"line {_line_of(event)}: anchors and aliases are not allowed")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > _MAX_PACK_DEPTH:
                    # libyaml's composer recurses in C: deep nesting would crash the process
                    raise ConfigError(f"line {_line_of(event)}: nested deeper than {_MAX_PACK_DEPTH} levels")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"invalid YAML: {where}{problem}") from None
    except RecursionError:
        raise ConfigError("invalid YAML: nested too deeply") from None


def load_pack(path: str) -> dict[str, RuleData]:
    """The compiled data of one pack file (cached by path, modification time and size)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ConfigError(f"rule-packs: {path}: {exc.strerror or 'cannot read'}") from None
    if not os.path.isfile(path):
        raise ConfigError(f"rule-packs: {path}: not a file")
    return _load_pack(path, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=None)
def _shipped() -> dict[str, RuleData]:
    from digestlint import data

    merged: dict[str, RuleData] = {}
    for name in SHIPPED:
        path = str(data.data_dir() / name)
        try:
            raw = data.load(name)  # trusted data (the tests validate it); a one-file run's start cache has it
        except OSError as exc:
            raise ConfigError(f"shipped rule pack {path}: {exc.strerror or 'cannot read'}") from None
        _merge(merged, _compile_pack(raw, path))
    return merged


def _merge(into: dict[str, RuleData], pack: dict[str, RuleData]) -> None:
    for rule_id, rd in pack.items():
        target = into.setdefault(rule_id, RuleData())
        target.derived.clear()
        target.phrases.extend(rd.phrases)
        target.patterns.extend(rd.patterns)
        target.allow.extend(rd.allow)
        for k, v in rd.words.items():
            lst = target.words.setdefault(k, [])
            lst.extend(w for w in v if w not in lst)


@functools.lru_cache(maxsize=64)
def _merged(keys: tuple) -> dict[str, RuleData]:
    merged: dict[str, RuleData] = {}
    _merge(merged, _shipped())
    for path, _mtime, _size in keys:
        _merge(merged, _load_pack(path, _mtime, _size))
    return merged


def _keys(paths: Optional[Iterable[str]]) -> tuple[tuple[str, int, int], ...]:
    keys: list[tuple[str, int, int]] = []
    for path in paths or ():
        load_pack(path)  # validates (and raises a ConfigError for a missing file)
        st = os.stat(path)
        keys.append((path, st.st_mtime_ns, st.st_size))
    return tuple(keys)


def rule_data(rule_id: str, pack_paths: Optional[Iterable[str]] = ()) -> RuleData:
    """The merged data of ``rule_id`` (a rule's ID or a pack key such as ``placeholder-text``):
    the shipped packs, then ``pack_paths`` in order."""
    return _merged(_keys(pack_paths)).get(rule_keys().get(rule_id, rule_id), RuleData())


def for_context(rule_id: str, ctx: object) -> RuleData:
    settings = getattr(ctx, "settings", None)
    return rule_data(rule_id, tuple(getattr(settings, "rule_packs", ()) or ()))


def validate(pack_paths: Optional[Iterable[str]]) -> None:
    """Load and check every pack (raises :class:`ConfigError`); called when settings are made."""
    _merged(_keys(pack_paths))


def fingerprint(pack_paths: Optional[Iterable[str]]) -> str:
    """A hash of the user packs' contents (part of a result cache's key)."""
    import hashlib

    h = hashlib.sha256()
    for path in pack_paths or ():
        h.update(path.encode("utf-8", "surrogateescape"))
        try:
            with open(path, "rb") as fh:
                h.update(fh.read(MAX_PACK_BYTES + 1))
        except OSError:
            h.update(b"<unreadable>")
    return h.hexdigest()[:16]
