import unicodedata
from typing import Optional

from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule

_TAGS = {1: ("<em>", "</em>"), 2: ("<strong>", "</strong>")}


class CjkEmphasis(Rule):
    """
    ## What it does
    Reports emphasis that CommonMark does not render because of the Korean text around it, e.g.
    `**마크다운(Markdown)**을`: a closing `**` after punctuation must be followed by a space or
    punctuation, so before `을` it cannot close, and the reader sees the asterisks. Likewise an
    opening delimiter before punctuation right after a Korean letter (`을**(주의)**`), and `_`
    / `__` next to a letter. The check asks the markdown parser (markdown-it-py, CommonMark):
    a delimiter run it left as literal text, paired with the next literal run of the same kind,
    is reported at the delimiter that fails (the closing one, or the opening one).

    ## Why
    Machine-written Korean often puts a particle straight after bold text that ends in a
    parenthesis or a quote. The post then shows `**…**을` literally.

    ## Example
    Bad:

        **마크다운(Markdown)**을 사용한다.

    Good:

        <strong>마크다운(Markdown)</strong>을 사용한다.      (or: **마크다운**(Markdown)을)

    ## Fix safety
    Unsafe fix: the delimiters are replaced by `<strong>…</strong>` (`<em>…</em>`), which renders
    everywhere HTML is allowed; rewording (moving the parenthesis out) may read better.
    """

    id = "DL601"
    name = "cjk-emphasis"
    severity = "warning"
    summary = "Emphasis that CommonMark will not render because Korean text follows (or precedes) the delimiter"
    fixable = True

    def check(self, doc, ctx):
        for _paper, _section, block in doc.walk_blocks():
            if block.kind != "paragraph":
                continue
            if "*" not in block.content and "_" not in block.content:
                continue  # tested first: ``block.inline`` parses the inline children
            if block.inline is None:
                continue
            p = doc.prose(block)
            if p is None:
                continue
            literal = _literal_delimiters(p.text, block.inline.children or [])
            if not literal:
                continue
            yield from self._pairs(p, _runs(literal, p.text))

    def _pairs(self, p, runs):
        src = p.text
        used = set()
        for i, (o_start, o_len, ch) in enumerate(runs):
            if i in used:
                continue
            after_open = src[o_start + o_len : o_start + o_len + 1]
            if not after_open or after_open.isspace():
                continue
            for j in range(i + 1, len(runs)):
                c_start, c_len, c_ch = runs[j]
                if j in used or c_ch != ch or c_len != o_len:
                    continue
                before_close = src[c_start - 1 : c_start]
                if not before_close or before_close.isspace():
                    continue
                used.update((i, j))
                reason = _failure(src, o_start, o_len, c_start, c_len, ch)
                if reason is None:
                    break
                where, why = reason
                d_start, d_len = (c_start, c_len) if where == "close" else (o_start, o_len)
                start, end = p.span(d_start, d_start + d_len)
                inner = src[o_start + o_len : c_start]
                fix = None
                if o_len in _TAGS:
                    open_tag, close_tag = _TAGS[o_len]
                    fix = Fix(
                        (
                            Edit(*p.span(o_start, o_start + o_len), open_tag),
                            Edit(*p.span(c_start, c_start + c_len), close_tag),
                        ),
                        safe=False,
                        description=f"use {open_tag}…{close_tag}",
                    )
                    suggestion = f"write {open_tag}{inner}{close_tag} instead"
                else:
                    suggestion = "use HTML tags or reword"
                delim = ch * o_len
                yield Violation(
                    start,
                    end,
                    f"'{delim}' does not {'close' if where == 'close' else 'open'} emphasis here: {why}, so CommonMark "
                    f"shows the {'underscores' if ch == '_' else 'asterisks'}; {suggestion}",
                    fix=fix,
                )
                break


def _is_punct(c: str) -> bool:
    return bool(c) and (unicodedata.category(c).startswith("P") or unicodedata.category(c).startswith("S"))


def _is_letter(c: str) -> bool:
    return bool(c) and not c.isspace() and not _is_punct(c)


def _failure(src, o_start, o_len, c_start, c_len, ch) -> Optional[tuple[str, str]]:
    """Why the pair does not render, when the reason is a letter next to a delimiter."""
    before_open = src[o_start - 1] if o_start > 0 else ""
    after_open = src[o_start + o_len] if o_start + o_len < len(src) else ""
    before_close = src[c_start - 1] if c_start > 0 else ""
    after_close = src[c_start + c_len] if c_start + c_len < len(src) else ""
    if ch == "*":
        if _is_punct(before_close) and _is_letter(after_close):
            return "close", f"it follows {before_close!r} and is followed by the letter {after_close!r}"
        if _is_punct(after_open) and _is_letter(before_open):
            return "open", f"it follows the letter {before_open!r} and is followed by {after_open!r}"
        return None
    # underscores: no intraword emphasis at all
    if _is_letter(after_close) and not after_close.isascii():
        return "close", f"'_' emphasis cannot end inside a word (the letter {after_close!r} follows)"
    if _is_letter(before_open) and not before_open.isascii():
        return "open", f"'_' emphasis cannot start inside a word (the letter {before_open!r} precedes)"
    if _is_punct(before_close) and _is_letter(after_close):
        return "close", f"it follows {before_close!r} and is followed by the letter {after_close!r}"
    return None


def _runs(positions, src) -> list[tuple[int, int, str]]:
    """Group literal delimiter positions into runs (start, length, char)."""
    runs: list[tuple[int, int, str]] = []
    for pos in positions:
        if runs and runs[-1][0] + runs[-1][1] == pos and src[runs[-1][0]] == src[pos]:
            start, length, ch = runs[-1]
            runs[-1] = (start, length + 1, ch)
        else:
            runs.append((pos, 1, src[pos]))
    return runs


def _skip_brackets(src: str, pos: int, open_ch: str, close_ch: str) -> int:
    """``src[pos] == open_ch``: the position after its matching ``close_ch`` (-1 if none)."""
    depth = 0
    i = pos
    while i < len(src):
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == open_ch:
            depth += 1
        elif c == close_ch:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def _literal_delimiters(src: str, children) -> list[int]:
    """Positions in ``src`` of ``*``/``_`` characters that the parser left as literal text
    (escaped ones excluded). [] when the tokens cannot be aligned with the source."""
    pos = 0
    n = len(src)
    out: list[int] = []
    autolink = False
    for tok in children:
        t = tok.type
        if t == "text":
            if autolink:
                end = src.find(">", pos)
                if end < 0:
                    return []
                pos = end
                continue
            for c in tok.content:
                if pos < n and src[pos] == c:
                    if c in "*_":
                        out.append(pos)
                    pos += 1
                elif pos + 1 < n and src[pos] == "\\" and src[pos + 1] == c:
                    pos += 2
                elif pos < n and src[pos] == "&":
                    semi = src.find(";", pos, pos + 40)
                    if semi < 0:
                        return []
                    pos = semi + 1
                else:
                    return []
        elif t in ("softbreak", "hardbreak"):
            while pos < n and src[pos] in " \t":
                pos += 1
            if pos < n and src[pos] == "\\":
                pos += 1
            if pos >= n or src[pos] != "\n":
                return []
            pos += 1
            while pos < n and src[pos] in " \t":
                pos += 1
        elif t == "code_inline":
            mark = tok.markup
            if not src.startswith(mark, pos):
                return []
            i = pos + len(mark)
            while True:
                j = src.find(mark, i)
                if j < 0:
                    return []
                k = j + len(mark)
                if (j == 0 or src[j - 1] != "`") and (k >= n or src[k] != "`"):
                    pos = k
                    break
                i = k
                while i < n and src[i] == "`":
                    i += 1
        elif t in ("strong_open", "strong_close", "em_open", "em_close"):
            if not src.startswith(tok.markup, pos):
                return []
            pos += len(tok.markup)
        elif t == "link_open":
            if tok.markup == "autolink":
                if pos >= n or src[pos] != "<":
                    return []
                pos += 1
                autolink = True
            else:
                if pos >= n or src[pos] != "[":
                    return []
                pos += 1
        elif t == "link_close":
            if autolink:
                autolink = False
                if pos >= n or src[pos] != ">":
                    return []
                pos += 1
                continue
            if pos >= n or src[pos] != "]":
                return []
            pos += 1
            if pos < n and src[pos] == "(":
                pos = _skip_brackets(src, pos, "(", ")")
            elif pos < n and src[pos] == "[":
                pos = _skip_brackets(src, pos, "[", "]")
            if pos < 0:
                return []
        elif t == "image":
            if not src.startswith("![", pos):
                return []
            pos = _skip_brackets(src, pos + 1, "[", "]")
            if pos < 0:
                return []
            if pos < n and src[pos] == "(":
                pos = _skip_brackets(src, pos, "(", ")")
                if pos < 0:
                    return []
        elif t == "html_inline":
            if not src.startswith(tok.content, pos):
                return []
            pos += len(tok.content)
        else:
            return []
    return out
