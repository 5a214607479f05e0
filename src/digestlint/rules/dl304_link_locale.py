from digestlint.analysis.links import body_links, match_link, url_span
from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule


class LinkLocale(Rule):
    """
    ## What it does
    Reports an Alphaxiv link (any link kind of `rules/links.yaml` with a language segment) whose
    language segment is not the target language (`language`, default `ko`): `/zh/overview/…`
    in a Korean post, or no segment at all (the English page). Every link of the post is
    checked, not only the one under the heading. Reported at the segment.

    ## Why
    The blog's readers read Korean; the generator sometimes copies a link from another language
    edition, which sends them to a Chinese or English page.

    ## Example
    Bad:

        > [Alphaxiv](https://www.alphaxiv.org/zh/overview/2509.16197)

    Good:

        > [Alphaxiv](https://www.alphaxiv.org/ko/overview/2509.16197)

    ## Fix safety
    Safe: only the language segment changes (or is inserted); the page is the same paper's.
    """

    id = "DL304"
    name = "link-locale"
    severity = "error"
    summary = "An Alphaxiv link's language segment is not the target language"
    fixable = True

    def check(self, doc, ctx):
        lang = (ctx.language or "ko").strip()
        for link in body_links(doc):
            s, e = url_span(doc, link.url_start, link.url_end)
            url = doc.text[s:e]
            km = match_link(url)
            if km is None or "lang" not in km[0].pattern.groupindex:
                continue
            kind, m = km
            seg = m["lang"]
            if seg is None:
                # no segment: the path after the host is where it belongs
                at = s + (m.start("id") if "id" in kind.pattern.groupindex else len(url))
                path_start = url.find("/", url.find("//") + 2) if "//" in url else -1
                if path_start < 0:
                    continue
                i = s + path_start + 1
                j = doc.text.find("/", i, at)
                j = j if j >= 0 else i
                yield Violation(
                    i,
                    j,
                    f"{kind.label} link has no language segment (the English page); expected /{lang}/",
                    fix=Fix((Edit(i, i, f"{lang}/"),), safe=True, description=f"insert /{lang}/"),
                )
                continue
            if seg.lower() == lang.lower():
                continue
            i, j = s + m.start("lang"), s + m.end("lang")
            yield Violation(
                i,
                j,
                f"{kind.label} link is in language '{seg}', not the target language '{lang}'",
                fix=Fix((Edit(i, j, lang),), safe=True, description=f"use /{lang}/"),
            )
