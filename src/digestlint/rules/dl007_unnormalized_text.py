from digestlint.model import Edit, Fix, Violation
from digestlint.registry import Rule


class UnnormalizedText(Rule):
    """
    ## What it does
    Reports a file whose text is not in Unicode NFC, once, at the first character that is not:
    typically Hangul written as decomposed jamo (NFD), as some macOS tools save files. The
    message counts the lines concerned.

    ## Why
    `정보 부족` in NFD is a different string from `정보 부족` in NFC although both look the
    same: search, links, other tools and every phrase list miss it. digestlint itself analyses
    the NFC form of every post (so the other rules find the placeholder, the chatter, the
    section name and count syllables, not jamo) and maps positions back to the file as it is.

    ## Example
    Bad: `## 결론` saved as `## ᄀ ᅧ ᆯ ᄅ ᅩ ᆫ` (U+1100 U+1167 U+11AF …, shown here spaced out)

    Good: `## 결론` (U+ACB0 U+B860)

    ## Fix safety
    Safe: each line concerned is replaced by its NFC form, which is canonically equivalent
    (it renders and means the same); nothing else changes.
    """

    id = "DL007"
    name = "unnormalized-text"
    severity = "info"
    summary = "Text not in Unicode NFC (decomposed Hangul); reported once per file"
    fixable = True

    def check(self, doc, ctx):
        if not doc.unnormalized:
            return
        edits = []
        for idx in sorted(doc.unnormalized):
            start, end = doc.line_span(idx + 1)
            # the same text in the document's (NFC) offsets; mapped back, it replaces the line as written
            edits.append(Edit(start, end, doc.text[start:end]))
        first = min(doc.unnormalized)
        written, cols = doc.unnormalized[first]
        start = doc.line_starts[first]
        col = next((k for k in range(len(cols) - 1) if cols[k + 1] - cols[k] != 1), 0)
        lines = len(doc.unnormalized)
        yield Violation(
            start + col,
            start + col + 1 if col < len(doc.lines[first]) else start + col,
            f"text not in Unicode NFC (decomposed characters, e.g. Hangul jamo) on {lines} line{'s' if lines != 1 else ''}; "
            "other tools and searches do not match it",
            fix=Fix(tuple(edits), safe=True, description="normalise to NFC"),
        )
