"""``digestlint sources …``: the paper sources store (see :mod:`digestlint.analysis.sources`).

``digestlint sources fetch PATHS`` downloads the titles and abstracts of the posts' papers from
the arXiv API into the store (the only command that uses the network); ``digestlint sources
show PATHS`` says which papers of the posts have a source and of what kind. Exit status 0 on
success, 2 for a usage or configuration error or a fetch that could not finish (one line on
stderr; what was fetched is kept).
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn, Optional

import click

EXIT_OK, EXIT_ERROR = 0, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def sources() -> None:
    """Paper sources (titles, abstracts, full texts) that DL701 and DL703-DL705 check summaries against."""


@sources.command("fetch")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--store", type=click.Path(), default=None,
              help="The sources store to fill (a .jsonl file or a folder) [default: the configuration's 'sources'].")
@click.option("--config", "config_file", type=click.Path(), help="Use this configuration file for every path.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file (then --store is needed).")
@click.option("--batch-size", type=click.IntRange(1, 2000), default=100, show_default=True,
              help="arXiv IDs per API request (id_list).")
@click.option("--pause", type=click.FloatRange(min=0), default=3.0, show_default=True,
              help="Seconds between two requests (the arXiv API's terms ask for 3).")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Retries of a request after a network error, a timeout or a 429/5xx answer.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds to wait for an answer.")
@click.option("--api-url", default=None, help="The arXiv API query URL [default: https://export.arxiv.org/api/query].")
@click.option("--refresh", is_flag=True, help="Ask again for papers the store already has.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def fetch_command(paths, store, config_file, isolated, batch_size, pause, retries, timeout, api_url, refresh, quiet) -> None:
    """Download the title and abstract of every arXiv paper of the posts in PATHS into the store."""
    from digestlint import sources_fetch
    from digestlint.config import ConfigError

    def log(message: str) -> None:
        if not quiet:
            click.echo(message, err=True)

    try:
        ids, configured = sources_fetch.collect_ids(paths or ["."], config_file, isolated)
    except ConfigError as exc:
        _die(str(exc))
    target: Optional[str] = os.path.abspath(store) if store else configured
    if target is None:
        _die("no sources store: set sources = \"sources\" in .digestlint.toml (or [tool.digestlint]) or pass --store PATH")
    if not ids:
        log("no arXiv IDs in the posts; nothing to fetch")
        sys.exit(EXIT_OK)
    try:
        report = sources_fetch.fetch(
            ids, target, api_url=api_url or sources_fetch.ARXIV_API, batch_size=batch_size, pause=pause,
            retries=retries, timeout=timeout, refresh=refresh, log=log,
        )
    except sources_fetch.FetchError as exc:
        _die(str(exc))
    for message in report.errors:
        log(f"arXiv API error: {message}")
    if report.missing:
        log(f"not found by the arXiv API: {', '.join(report.missing)}")
    if not quiet:
        click.echo(
            f"{len(report.fetched)} fetched, {report.already} already in the store, {len(report.missing)} not found "
            f"({report.requests} request(s)) -> {sources_fetch.store_file(target)}"
        )
    sys.exit(EXIT_OK)


@sources.command("show")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--config", "config_file", type=click.Path(), help="Use this configuration file for every path.")
def show_command(paths, config_file) -> None:
    """List the arXiv papers of the posts in PATHS and whether the store has a source for each."""
    from digestlint import sources_fetch
    from digestlint.analysis import sources as sources_lib
    from digestlint.config import ConfigError

    try:
        ids, configured = sources_fetch.collect_ids(paths or ["."], config_file, False)
    except ConfigError as exc:
        _die(str(exc))
    if not configured:
        _die("no sources store configured (key 'sources')")
    try:
        held = sources_lib.load(configured)
    except sources_lib.SourceStoreError as exc:
        _die(str(exc))
    for aid in ids:
        src = held.get(aid)
        click.echo(f"{aid}\t{src.kind if src else 'no source'}\t{src.title if src else ''}")
    sys.exit(EXIT_OK)


def _die(message: str) -> NoReturn:
    click.echo(f"digestlint sources: {message}", err=True)
    sys.exit(EXIT_ERROR)


def main(args: list[str]) -> int:
    try:
        sources.main(args=args, prog_name="digestlint sources", standalone_mode=True)
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return 0
