"""The analysis layer: facts about a document that several rules need, computed once.

Rules import these public functions; no rule imports another rule module (tests/test_layering.py
enforces it). Modules:

- :mod:`~digestlint.analysis.links`: arXiv identifiers, link kinds, URL spans, the body's links,
  each heading's arXiv identifier.
- :mod:`~digestlint.analysis.dates`: a post's date, the front matter's ``date`` as written.
- :mod:`~digestlint.analysis.prose`: the prose layer (paragraphs' masked prose, sentences,
  normalised text, the language rules' view; punctuation from ``rules/punctuation.yaml``), reached
  through ``doc.prose(block)``, ``doc.section_prose(section)``, ``doc.language_prose()``.
- :mod:`~digestlint.analysis.placeholders`: whether prose is placeholder text (DL501's phrases).
- :mod:`~digestlint.analysis.sections`: how section headings resolve to the required sections.
- :mod:`~digestlint.analysis.numbers`: numbers with their units (`14억`, `13亿`, `14B`, `12.3%`),
  normalised to values; the metric, change and counted words around them (DL701, DL702).
"""
