import re

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

    ## Why
    One term, one spelling: variants make a post look unedited and break search within the blog.

    ## Example
    Bad: `확산 모델은 … 확산모델을 …`   Good: `확산 모델은 … 확산 모델을 …`

    ## Fix safety
    No automatic fix: which form the blog prefers is an editorial choice.
    """

    id = "DL406"
    name = "term-variant"
    severity = "info"
    summary = "One term written two ways in a post (spacing or spelling variants)"
    options_schema = {
        "min-length": {"type": "integer", "minimum": 2, "default": 3,
                       "description": "shortest compound (in syllables, spaces not counted) that is compared"},
    }

    def check(self, doc, ctx):
        from digestlint import lang

        if lang.base_language(ctx.language) != "ko":
            return
        d = lang.language_data()
        particles = d.get("particles", [])
        min_len = ctx.options.get("min-length", 3)
        runs = []  # lists of adjacent Hangul words on one line: [(start, end, word)]
        for paper, _sec, block in lang.section_blocks(doc):
            m = lang.mask_block(doc, block, paper)
            group = []
            last_end = None
            for hm in _HANGUL_RUN.finditer(m.text):
                gap = m.text[last_end:hm.start()] if last_end is not None else None
                word = (m.start + hm.start(), m.start + hm.end(), hm.group())
                # a word is adjacent when only spaces separate it and it stands alone (no Latin,
                # digits or punctuation glued to either word)
                if gap is not None and gap.strip(" ") == "" and gap and _alone(m.text, hm.start(), hm.end()):
                    group.append(word)
                else:
                    if group:
                        runs.append(group)
                    group = [word] if _alone(m.text, hm.start(), hm.end()) else []
                    if not group:
                        runs.append([word])
                        group = []
                last_end = hm.end()
            if group:
                runs.append(group)

        pset = frozenset(particles)
        longest = max((len(p) for p in pset), default=0)
        cache: dict = {}

        def stems(word):
            out = cache.get(word)
            if out is None:
                out = [word]
                for k in range(1, min(longest, len(word) - 2) + 1):
                    if word[-k:] in pset:
                        out.append(word[:-k])
                cache[word] = out
            return out

        # key (spaces removed) -> form (as written) -> [(start, end)]
        forms: dict = {}
        singles: dict = {}  # stem -> [(start, end)]
        for group in runs:
            for s, e, w in group:
                for st in stems(w):
                    singles.setdefault(st, []).append((s, s + len(st)))
        for group in runs:
            for n in (2, 3):
                for i in range(len(group) - n + 1):
                    ws = group[i:i + n]
                    head = [w for _s, _e, w in ws[:-1]]
                    for last in stems(ws[-1][2]):
                        key = "".join(head) + last
                        if len(key) < min_len or key not in singles and not _partial(head, last, singles):
                            continue
                        form = " ".join(head + [last])
                        forms.setdefault(key, {}).setdefault(form, []).append((ws[0][0], ws[-1][0] + len(last)))
        for key in list(forms):
            if key in singles:
                forms[key].setdefault(key, []).extend(singles[key])
        # known spelling variants
        for variants in d.get("term_variants", []):
            key = "|" + variants[0]
            for v in variants:
                if " " in v:
                    k2 = v.replace(" ", "")
                    for form, occ in forms.get(k2, {}).items():
                        if form == v:
                            forms.setdefault(key, {}).setdefault(v, []).extend(occ)
                elif v in singles:
                    forms.setdefault(key, {}).setdefault(v, []).extend(singles[v])
        reported = []  # spans already reported: a shorter key inside a longer one is not repeated
        for key in sorted(forms, key=lambda k: (-len(k.lstrip("|")), k)):
            table = {f: sorted(set(o)) for f, o in forms[key].items() if o}
            if len(table) < 2:
                continue
            order = sorted(table, key=lambda f: (-len(table[f]), table[f][0]))
            usual = order[0]
            for form in order[1:]:
                for s, e in table[form]:
                    if any(s < re_ and rs < e for rs, re_ in reported):
                        continue
                    reported.append((s, e))
                    yield Violation(s, e, f"'{form}' is written '{usual}' elsewhere in this post "
                                          f"({len(table[usual])}x); use one form")


def _alone(text, s, e) -> bool:
    before = text[s - 1] if s > 0 else " "
    after = text[e] if e < len(text) else " "
    return (before.isspace() or before in "(\"'“‘") and (after.isspace() or after in ".,;:!?)\"'”’")


def _partial(head, last, singles) -> bool:
    """A 3-word form whose first two or last two words are written together elsewhere."""
    if len(head) != 2:
        return False
    return (head[0] + head[1]) in singles or (head[1] + last) in singles
