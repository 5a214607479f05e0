import bisect
import functools
import re
from typing import Optional

from digestlint.analysis.spans import SpanSet
from digestlint.analysis import prose as prose_lib
from digestlint.model import Violation
from digestlint.registry import Rule

_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")


class TermVariant(Rule):
    """
    ## What it does
    Reports a term written two ways in one post: a Hangul compound spaced differently
    (`확산 모델` / `확산모델`, `대형 언어 모델` / `대형언어모델`), found for any compound, whatever
    particle follows it (`확산모델은`, `확산 모델을`); and known spelling variants listed in
    `rules/language.yaml` (`term_variants`: `데이터셋` / `데이터세트`, `레이블` / `라벨` …).
    Each occurrence of the less frequent form is reported, naming the post's usual form.
    A verb's adnominal form and a bound noun (`제안하는 데`, `할 수`) are never joined into a
    compound: `제안하는 데` (bound noun, spaced) and `제안하는데` (connective ending) are different
    words, both correct (the lists are `not_compound_endings` and `bound_nouns` in
    `rules/language.yaml`).

    *Opt-in* (not in the default selection): both spacings of a compound noun are accepted
    Korean; enable it (`extend-select = ["DL406"]`) for a blog that wants one spelling per post.

    ## Why
    One term, one spelling: variants make a post look unedited and break search within the blog.

    ## Example
    Bad: `확산 모델은 … 확산모델을 …`   Good: `확산 모델은 … 확산 모델을 …`

    ## Layouts
    Korean only: silent for every other target `language` (the variants are Korean spacing and
    spelling).

    ## Fix safety
    No automatic fix: which form the blog prefers is an editorial choice.
    """

    id = "DL406"
    name = "term-variant"
    severity = "info"
    #: opt-in: spacing variants of a compound are both accepted Korean, not generation defects
    default_enabled = False
    summary = "One term written two ways in a post (spacing or spelling variants)"
    options_schema = {
        "min-length": {"type": "integer", "minimum": 2, "default": 3,
                       "description": "shortest compound (in syllables, spaces not counted) that is compared"},
    }

    #: scan only the blocks and word runs with a "hot" pair (below); False: every block and run,
    #: the plain reference the property test compares with (tests/test_reference_impls.py)
    hot_pairs = True

    def check(self, doc, ctx):
        from digestlint import lang

        if lang.base_language(ctx.language) != "ko":
            return
        d = lang.language_data()
        particles = d.get("particles", [])
        min_len = ctx.options.get("min-length", 3)
        prose = doc.language_prose()
        pset = frozenset(particles)
        endings = tuple(sorted(d.get("not_compound_endings", []), key=len, reverse=True))
        bound = frozenset(d.get("bound_nouns", []))

        def phrase(ws):
            """Whether adjacent words ``ws`` are a phrase, not a compound (`제안하는 데`)."""
            if any(w.endswith(endings) for _s, _e, w in ws[:-1]):
                return True
            for _s, _e, w in ws[1:]:
                if w in bound or any(w[:k] in bound and w[k:] in pset for k in range(1, len(w))):
                    return True
            return False

        longest = max((len(p) for p in pset), default=0)

        # Every Hangul run of the prose ("word"); a stem is the word or the word without a
        # particle (at least two syllables left). A spacing variant needs two adjacent words
        # (`a b`) of which `a` + the first syllable of `b` begins some word of the post (proof:
        # a form is kept when its spaceless key, or the join of two of its words, is a stem,
        # and a stem begins its word). Only blocks with such a "hot" pair are scanned word by
        # word; whether a string is a stem is answered from the set of distinct words.
        # The whole section prose as one string (blocks joined by a newline, which neither a
        # word nor a pair of words crosses): one regex pass finds every word and every pair.
        texts = [m.text for _p, _sec, _b, m in prose]
        joined = "\n".join(texts)
        bases = []  # offset of each block in ``joined``
        pos = 0
        for t in texts:
            bases.append(pos)
            pos += len(t) + 1
        words = set(_HANGUL_RUN.findall(joined))
        ordered = sorted(words)

        def is_prefix(x):
            """Whether ``x`` begins some word of the post."""
            i = bisect.bisect_left(ordered, x)
            return i < len(ordered) and ordered[i].startswith(x)

        # a pair can be hot only when its first word begins a longer word; in sorted order such
        # a word is followed by a word it begins
        heads = {w for w, nxt in zip(ordered, ordered[1:]) if nxt.startswith(w)}
        hot = set()
        for pr in {pr for pr in _PAIR_RE.findall(joined) if pr[0] in heads}:
            x = pr[0] + pr[1][0]
            i = bisect.bisect_left(ordered, x)
            if i < len(ordered) and ordered[i].startswith(x):
                hot.add(pr)
        # blocks with a hot pair (the substring test is a cheap superset, the pairs decide)
        hot_blocks = [i for i, t in enumerate(texts) if any(a in t and b in t for a, b in hot)
                      and not hot.isdisjoint(_PAIR_RE.findall(t))] if hot else []
        if not self.hot_pairs:
            hot_blocks = list(range(len(texts)))

        single_cache: dict = {}

        def is_single(key):
            got = single_cache.get(key)
            if got is None:
                got = single_cache[key] = key in words or (
                    len(key) >= 2 and is_prefix(key) and any(key + p in words for p in pset))
            return got

        stem_cache: dict = {}

        def stems(word):
            out = stem_cache.get(word)
            if out is None:
                out = [word]
                for k in range(1, min(longest, len(word) - 2) + 1):
                    if word[-k:] in pset:
                        out.append(word[:-k])
                stem_cache[word] = out
            return out

        # key (spaces removed) -> form (as written) -> [(start, end)]
        forms: dict = {}
        for bi in hot_blocks:
            m = prose[bi][3]
            for group in _groups(m):
                for n in (2, 3):
                    for i in range(len(group) - n + 1):
                        ws = group[i:i + n]
                        if self.hot_pairs and not any((ws[j][2], ws[j + 1][2]) in hot for j in range(n - 1)):
                            continue  # no entry possible (see above)
                        if phrase(ws):
                            continue
                        head = [w for _s, _e, w in ws[:-1]]
                        for last in stems(ws[-1][2]):
                            key = "".join(head) + last
                            if len(key) < min_len or not is_single(key) and not _partial(head, last, is_single):
                                continue
                            form = " ".join(head + [last])
                            forms.setdefault(key, {}).setdefault(form, []).append((ws[0][0], ws[-1][0] + len(last)))

        occurrences_cache: dict = {}

        # a Hangul run is a whole word for `_stem_re`: when every particle is Hangul, the key
        # (Hangul) matches at a run's start exactly when the run is the key, or the key and a
        # particle; testing the runs gives `_stem_re`'s matches without compiling one regex per key
        hangul_particles = all(_HANGUL_RUN.fullmatch(p) for p in pset)

        def singles(key):
            """Where ``key`` is the stem of a word: [(start, end)] (``is_single(key)`` is true)."""
            got = occurrences_cache.get(key)
            if got is None:
                got = occurrences_cache[key] = []
                ps = pset if len(key) >= 2 else frozenset()
                rx = None if hangul_particles and _HANGUL_RUN.fullmatch(key) else _stem_re(key, ps)
                n = len(key)
                if rx is not None:
                    for _p, _sec, _b, m in prose:
                        if key in m.text:
                            got.extend((m.start + sm.start(), m.start + sm.start() + n)
                                       for sm in rx.finditer(m.text))
                    return got
                i = joined.find(key)
                while i >= 0:
                    if i == 0 or not "\uac00" <= joined[i - 1] <= "\ud7a3":
                        w = _HANGUL_RUN.match(joined, i).group()
                        if len(w) == n or w[n:] in ps:
                            b = bisect.bisect_right(bases, i) - 1
                            s = prose[b][3].start + i - bases[b]
                            got.append((s, s + n))
                    i = joined.find(key, i + 1)
            return got

        for key in list(forms):
            if is_single(key):
                forms[key].setdefault(key, []).extend(singles(key))
        # known spelling variants
        for variants in d.get("term_variants", []):
            key = "|" + variants[0]
            for v in variants:
                if " " in v:
                    k2 = v.replace(" ", "")
                    for form, occ in forms.get(k2, {}).items():
                        if form == v:
                            forms.setdefault(key, {}).setdefault(v, []).extend(occ)
                elif is_single(v):
                    forms.setdefault(key, {}).setdefault(v, []).extend(singles(v))
        reported = SpanSet()  # spans already reported: a shorter key inside a longer one is not repeated
        for key in sorted(forms, key=lambda k: (-len(k.lstrip("|")), k)):
            table = {f: sorted(set(o)) for f, o in forms[key].items() if o}
            if len(table) < 2:
                continue
            order = sorted(table, key=lambda f: (-len(table[f]), table[f][0]))
            usual = order[0]
            for form in order[1:]:
                for s, e in table[form]:
                    if reported.overlaps(s, e):
                        continue
                    reported.add(s, e)
                    yield Violation(s, e, f"'{form}' is written '{usual}' elsewhere in this post "
                                          f"({len(table[usual])}x); use one form")


def _groups(m) -> list:
    """Runs of adjacent Hangul words of a masked block, [(start, end, word)] each: words that
    stand alone (no Latin, digits or punctuation glued to either side) separated by spaces only."""
    runs: list = []
    group: list[tuple[int, int, str]] = []
    last_end: Optional[int] = None
    for hm in _HANGUL_RUN.finditer(m.text):
        gap = m.text[last_end:hm.start()] if last_end is not None else None
        word = (m.start + hm.start(), m.start + hm.end(), hm.group())
        if gap is not None and gap.strip(" ") == "" and gap and _alone(m.text, hm.start(), hm.end()):
            group.append(word)
        else:
            if len(group) > 1:
                runs.append(group)
            group = [word] if _alone(m.text, hm.start(), hm.end()) else []
        last_end = hm.end()
    if len(group) > 1:
        runs.append(group)
    return runs


_WORD_BEFORE = prose_lib.PUNCTUATION.word_before
_WORD_AFTER = prose_lib.PUNCTUATION.word_after
_BEFORE = "\\s" + prose_lib.char_class(_WORD_BEFORE)[1:-1]
_AFTER = "\\s" + prose_lib.char_class(_WORD_AFTER)[1:-1]
# two adjacent words of a group (overlapping: the second is only looked at)
_PAIR_RE = re.compile(f"(?<![^{_BEFORE}])([\uac00-\ud7a3]+)(?= +([\uac00-\ud7a3]+)(?![^{_AFTER}]))")


@functools.lru_cache(maxsize=256)
def _stem_re(key: str, particles: frozenset) -> re.Pattern:
    """A whole Hangul word whose stem is ``key``: the key, or the key and a particle."""
    alt = "|".join(re.escape(p) for p in sorted(particles, key=lambda p: (-len(p), p)))
    tail = f"(?:{alt})?" if alt else ""
    return re.compile(f"(?<![\uac00-\ud7a3]){re.escape(key)}{tail}(?![\uac00-\ud7a3])")


def _alone(text, s, e) -> bool:
    before = text[s - 1] if s > 0 else " "
    after = text[e] if e < len(text) else " "
    return (before.isspace() or before in _WORD_BEFORE) and (after.isspace() or after in _WORD_AFTER)


def _partial(head, last, is_single) -> bool:
    """A 3-word form whose first two or last two words are written together elsewhere."""
    if len(head) != 2:
        return False
    return is_single(head[0] + head[1]) or is_single(head[1] + last)
