"""digestlint: a linter for machine-written paper digest posts."""

__version__ = "0.1.0"
