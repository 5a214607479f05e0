from digestlint.model import Violation
from digestlint.registry import Rule


class InvalidSuppression(Rule):
    """
    ## What it does
    Reports a `<!-- digestlint-... -->` comment that is not a known directive
    (`disable-next-line`, `disable-line`, `disable`, `enable`, `disable-file`) or that names a rule
    that does not exist (an unknown ID or name). Such a comment **disables nothing**: the
    finding it was meant to hide is still reported, and nothing else is hidden by accident.
    The message suggests the closest directive or rule.

    Rules are named by ID (`DL501`) or name (`placeholder-text`), separated by spaces or commas;
    `ALL` or no rule at all means every rule. Text after ` -- ` is a description (as in ESLint):
    `<!-- digestlint-disable-next-line DL501 -- the source has no results -->`.

    ## Why
    A typo in a suppression used to be worse than no suppression: `disable-nextline` was read as
    `disable` and silenced the rule for the rest of the file, and an unknown code (`DL599`) was
    accepted silently, so the comment did not do what its author believed.

    ## Example
    Bad:

        <!-- digestlint-disable-nextline DL501 -->
        <!-- digestlint-disable-next-line DL599 -->

    Good:

        <!-- digestlint-disable-next-line DL501 -->

    ## Fix safety
    No automatic fix: the intended directive or rule cannot be known for sure (the message
    suggests one).
    """

    id = "DL005"
    name = "invalid-suppression"
    severity = "error"
    summary = "A digestlint suppression comment with an unknown directive or rule; it disables nothing"

    def check(self, doc, ctx):
        for problem in doc.suppression_problems:
            yield Violation(problem.start, problem.end, problem.message)
