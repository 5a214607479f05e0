from digestlint.registry import Rule


class UnusedSuppression(Rule):
    """
    ## What it does
    Reports a suppression comment (or one rule named in it) that suppressed no finding in the
    run: the problem it was written for has been fixed, or the comment is on the wrong line.
    Opt-in (not in the default selection, like ruff's RUF100): enable it with
    `--extend-select DL006` or `extend-select = ["unused-suppression"]`.

    Only rules that are enabled for the file are reported (a suppression of a rule the run does
    not check may be needed by a run that does). A suppression of a corpus rule (DL306
    republished-paper, DL106 tag-typo) counts as used when that rule's finding was suppressed in
    the same run; in the editor, where corpus rules do not run, those are never reported.
    Comments that DL005 reports (unknown directive or rule) are not reported again here.

    ## Why
    Stale suppressions pile up in generated posts and templates; each one hides the next real
    problem on its line or range.

    ## Example
    Bad (the paragraph below has no placeholder any more):

        <!-- digestlint-disable-next-line DL501 -->
        실험 결과 정확도가 12% 향상되었습니다.

    Good: the comment removed.

    ## Fix safety
    No automatic fix: remove the comment, or the named rule from it, by hand.
    """

    id = "DL006"
    name = "unused-suppression"
    severity = "info"
    summary = "A suppression comment that suppressed no finding (opt-in)"
    default_enabled = False
    engine_reported = True
