from digestlint.registry import Rule


class FileTooLarge(Rule):
    """
    ## What it does
    Reports a file larger than `max-file-size` (default 1 MiB, 1048576 bytes) and does not parse
    it further.

    ## Why
    A daily digest is a few dozen kilobytes. A multi-megabyte `.md` file is a generator gone
    wrong (a loop, a dumped log) and parsing it would only slow every run down.

    ## Example
    Bad: a 50 MB `posts/2025-09-13-daily-papers.md`.

    Good: the post as the generator meant it, or a higher `max-file-size` in the configuration
    when such a post is intended:

        [tool.digestlint]
        max-file-size = 4194304

    ## Fix safety
    No automatic fix.
    """

    id = "DL002"
    name = "file-too-large"
    severity = "error"
    summary = "File is larger than the configured limit and is not linted"
    file_level = True
