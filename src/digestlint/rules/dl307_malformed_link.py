import re

from digestlint.analysis import sections as section_model
from digestlint.analysis.links import allowed_schemes, body_links, link_kinds, match_link
from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule

_SCHEME = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*):")
_TITLED = re.compile(r"(?P<url><[^<>\n]*>|\S+)\s+(?:\"[^\"]*\"|'[^']*')")
_WS = re.compile(r"\s+")
class MalformedLink(Rule):
    """
    ## What it does
    Checks every `[text](url)` of the post's paragraphs, list items, quotes and headings (not
    code): an empty URL, empty link text, whitespace inside the URL (the link does not render),
    a scheme other than those of `rules/links.yaml` `allowed_schemes` (http, https; so no
    `javascript:`, `file:`, `data:`), an http(s) URL without `//host`, and a known site's
    address written without a scheme (`www.alphaxiv.org/...` is a relative link on the blog).

    ## Why
    A broken link renders as literal brackets or leads nowhere; a `javascript:` link in a post
    written by a model is a script injection waiting to happen.

    ## Example
    Bad:

        > [Alphaxiv](https://www.alphaxiv.org/ko/overview/2509. 16197)
        > [](https://www.alphaxiv.org/ko/overview/2509.16197)
        > [Alphaxiv](javascript:alert(1))

    Good:

        > [Alphaxiv](https://www.alphaxiv.org/ko/overview/2509.16197)

    ## Fix safety
    A missing `https://` before a known site is inserted (safe). Whitespace inside a URL is
    removed (unsafe: it may have been a title without quotes). Other problems have no fix.
    """

    id = "DL307"
    name = "malformed-link"
    severity = "error"
    summary = "An empty URL or link text, whitespace in a URL, or a scheme other than http(s)"
    fixable = True

    def check(self, doc, ctx):
        # a malformed link of a link kind (labelled `Alphaxiv`) in a paper's lead is why that
        # paper has no link of the kind (DL302) and why its lead holds stray text (DL210): the
        # finding covers the lead
        labels = {k.label.casefold() for k in link_kinds().values()} | set(link_kinds())
        leads = []
        for paper in doc.papers:
            if paper.has_heading and paper.sections:
                leads.append(section_model.lead_span(doc, paper))
        for v, link in self._check(doc):
            lead = None
            if link.text.strip().casefold() in labels:
                lead = next((span for span in leads if span[0] <= v.start < span[1]), None)
            yield v if lead is None else Violation(v.start, v.end, v.message, fix=v.fix, covers=lead)

    def _check(self, doc):
        schemes = allowed_schemes()
        for link in body_links(doc):
            raw = doc.text[link.url_start:link.url_end]
            stripped = raw.strip()
            if not link.text.strip():
                yield _found(link, link.start, link.start + len(link.text) + 2, "link text is empty")
            if not stripped:
                yield _found(link, link.url_start - 1, link.url_end + 1, f"link '{_short(link.text)}' has an empty URL")
                continue
            s = link.url_start + (len(raw) - len(raw.lstrip()))
            url = stripped
            titled = _TITLED.fullmatch(url)
            if titled:
                url = titled["url"]
            if url.startswith("<") and url.endswith(">"):
                s += 1
                url = url[1:-1]
                if not url.strip():
                    yield _found(link, link.url_start - 1, link.url_end + 1, f"link '{_short(link.text)}' has an empty URL")
                    continue
            else:
                ws = _WS.search(url)
                if ws:
                    edits = tuple(Edit(s + m.start(), s + m.end(), "") for m in _WS.finditer(url))
                    yield _found(link,
                        s + ws.start(),
                        s + ws.end(),
                        f"whitespace in URL {_short(url)!r}: the link does not render",
                        fix=Fix(edits, safe=False, description="remove the whitespace"),
                    )
                    continue
            sm = _SCHEME.match(url)
            if sm:
                scheme = sm["scheme"].lower()
                if scheme not in schemes:
                    yield _found(link,
                        s, s + sm.end(),
                        f"URL scheme '{sm['scheme']}:' is not allowed (allowed: {', '.join(schemes)})",
                    )
                elif scheme in ("http", "https") and not re.match(r"//[^/\s?#]", url[sm.end():]):
                    yield _found(link, s, s + len(url), f"malformed {scheme} URL {_short(url)!r}: expected {scheme}://host/...")
                continue
            if url.startswith(("/", "#", ".", "?")):
                continue  # a relative link on the blog
            if match_link("https://" + url) is not None:
                yield _found(link,
                    s, s + len(url),
                    f"URL {_short(url)!r} has no 'https://': it is a relative link on the blog",
                    fix=Fix((Edit(s, s, "https://"),), safe=True, description="insert https://"),
                )


def _found(link, *args, **kwargs):
    return Violation(*args, **kwargs), link


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
