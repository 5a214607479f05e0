from digestlint.registry import Rule


class UnreadableFile(Rule):
    """
    ## What it does
    Reports a file that cannot be linted as text: it is not valid UTF-8, it holds binary content
    (a NUL byte), it is UTF-16 encoded, it is not a regular file (a FIFO, a folder named `x.md`),
    it does not exist, or reading it failed (permissions, a symbolic link loop, a file deleted
    during the run). The position is that of the first offending byte where there is one.

    ## Why
    A post the blog cannot render is worse than a post with a typo, and a linter that crashes on
    it hides every other finding. A UTF-8 byte-order mark and CRLF line endings are fine.

    ## Example
    A file saved as Windows-1252 with `café` in it:

        2025-09-13-daily-papers.md:3:12: DL001 [error] not valid UTF-8: byte 0xe9 at line 3, column 12

    Good: the same file saved as UTF-8.

    ## Fix safety
    No automatic fix: re-encode the file (`iconv -f cp1252 -t utf-8`).
    """

    id = "DL001"
    name = "unreadable-file"
    severity = "error"
    summary = "File is not valid UTF-8 text or cannot be read"
    file_level = True
