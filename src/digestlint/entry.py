"""The ``digestlint`` command's entry point: a run that :mod:`digestlint.quick` can answer from
its record is answered before the command line module (click, the engine) is imported."""

from __future__ import annotations

import sys
TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not imported at run time (start-up cost)
    from typing import Optional


def main(argv: Optional[list[str]] = None) -> None:
    if argv is None:
        args = sys.argv[1:]
        if args and args[0] not in ("lsp", "server"):
            import gc

            # the young-generation threshold the command sets anyway (cli._tune_gc), from the
            # start: importing ~300 modules otherwise runs ~6% of a one-file run's CPU in the GC
            gc.set_threshold(10000, 50, 1000)
            from digestlint import quick

            status = quick.replay(args)
            if status is not None:
                sys.exit(status)
            folder = quick.miss_folder()
            if folder is not None:  # a one-file run that missed: reuse what an earlier one compiled
                from digestlint import startcache

                startcache.install(folder)
    from digestlint.cli import main as command

    command(argv)
