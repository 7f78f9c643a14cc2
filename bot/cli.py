"""The ``precis`` command line (also ``python -m bot``).

With no command it starts the Discord bot. The other commands work offline without a token:
``summarize`` and ``quotes`` read URLs (through the safe fetcher), HTML or text files and stdin;
``ingest``, ``whosaid``, ``quotes-by``, ``ask`` and ``search`` use the same per-guild cache and
the same code path as the bot's slash commands; ``backup`` and ``restore`` copy the databases.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot import __version__
from bot import cli_output as out
from bot.config import load_settings
from bot.errors import ConfigError, EmptyCacheError, PrecisError
from bot.models import (
    DEFAULT_QUOTE_COUNT,
    DEFAULT_SUMMARY_SENTENCES,
    MAX_SUMMARY_SENTENCES,
    Answer,
    ArticleHit,
    Digest,
)

log = logging.getLogger("precis")
LOCAL_GUILD_ID = 1  # the guild the CLI uses when --guild isn't given

NO_TOKEN_HELP = """\
Precis needs a Discord bot token to connect to Discord, and none is set.

  1. Create an application at https://discord.com/developers/applications, open its Bot tab,
     reset the token and copy it.
  2. Put it in a file named .env next to where you run Precis:   DISCORD_TOKEN=your-token
     (or export DISCORD_TOKEN in your shell). See .env.example for every setting.
  3. Run `python -m bot` again.

Without a token you can still use Precis offline, for example:
  precis summarize https://example.com/news/article --sentences 3
  precis summarize page.html --json
  precis ingest https://example.com/news/article && precis whosaid "some quoted words"
Run `precis --help` for every command.
"""


# --- reading sources --------------------------------------------------------------------------


async def _preview(precis: Any, source: str, args: argparse.Namespace) -> Digest:
    """One source through the service's uncached preview path (nothing is saved)."""
    from bot.sources import is_url, read_source

    options = {
        "sentences": args.sentences,
        "algorithm": args.algorithm,
        "quote_count": DEFAULT_QUOTE_COUNT,
    }
    if is_url(source):
        return await precis.preview(source, **options)
    local = read_source(source)
    return await precis.preview_body(local.body, is_html=local.is_html, pdf=local.is_pdf, **options)


async def _each_source(
    args: argparse.Namespace, show: Callable[[str, Digest], None], *, like: str
) -> int:
    from bot.service import Precis

    precis = await Precis.start(load_settings(), housekeeping=False, inline=True)
    failures = 0
    try:
        for source in args.sources:
            try:
                digest = await _preview(precis, source, args)
            except PrecisError as exc:
                failures += 1
                out.report_error(source, exc.user_message, json_lines=args.json, like=like)
                continue
            except Exception as exc:  # a bug: say so briefly, keep going with the next source
                failures += 1
                log.debug("unexpected error on %s", source, exc_info=True)
                message = f"Unexpected error ({type(exc).__name__}); please report it."
                out.report_error(source, message, json_lines=args.json, like=like)
                continue
            show(source, digest)
    finally:
        await precis.close()
    return 1 if failures else 0


async def cmd_summarize(args: argparse.Namespace) -> int:
    def show(source: str, digest: Digest) -> None:
        if args.json:
            out.emit(out.digest_record(source, digest))
        else:
            out.print_digest(digest)

    return await _each_source(args, show, like="summarize")


async def cmd_quotes(args: argparse.Namespace) -> int:
    def show(source: str, digest: Digest) -> None:
        if args.all:
            chosen = list(digest.quotes)
        else:
            chosen = [q for q in digest.quotes if q.kind == "direct" and not q.partial]
        if args.json:
            out.emit(out.quotes_record(source, digest, chosen))
        else:
            out.print_quotes(digest.article.title or source, chosen)

    return await _each_source(args, show, like="quotes")


# --- the cache ----------------------------------------------------------------------------------


async def _with_service(
    args: argparse.Namespace, work: Callable[[Any], Awaitable[int]], *, reads_only: bool = True
) -> int:
    from bot.service import Precis
    from bot.storage.store import guild_path

    settings = load_settings()
    if args.data_dir:
        settings = replace(settings, data_dir=Path(args.data_dir))
    path = guild_path(settings.data_dir, args.guild)
    if reads_only and not path.is_file():
        # Don't create an empty database just to read from it (a query run from another folder
        # would otherwise answer "nobody said that" from a cache that was never filled).
        raise EmptyCacheError(
            f"The cache is empty: there is no database at {path.resolve()}. Save articles with "
            "`precis ingest SOURCE`, or point --data-dir (or DATA_DIR) at the folder you used."
        )
    precis = await Precis.start(settings, housekeeping=False, inline=True)
    try:
        return await work(precis)
    finally:
        await precis.close()


async def cmd_ingest(args: argparse.Namespace) -> int:
    from bot.sources import is_url, read_source

    async def work(precis: Any) -> int:
        failures = 0
        for source in args.sources:
            try:
                if is_url(source):
                    digest = await precis.digest(args.guild, source, refresh=args.refresh)
                else:
                    local = read_source(source)
                    digest = await precis.ingest_body(
                        args.guild,
                        local.body,
                        url=local.key,
                        is_html=local.is_html,
                        pdf=local.is_pdf,
                        refresh=args.refresh,
                    )
            except PrecisError as exc:
                failures += 1
                out.report_error(source, exc.user_message, json_lines=args.json, like="ingest")
                continue
            if args.json:
                out.emit(out.ingest_record(source, digest))
            else:
                out.print_ingested(source, digest)
        return 1 if failures else 0

    return await _with_service(args, work, reads_only=False)


async def cmd_whosaid(args: argparse.Namespace) -> int:
    async def work(precis: Any) -> int:
        hits = await precis.who_said(args.guild, args.phrase)
        if not hits:
            return out.nothing("Nobody in the saved articles said that.", json_lines=args.json)
        out.print_hits(hits if args.all else hits[:1], json_lines=args.json, say_unnamed=True)
        return 0

    return await _with_service(args, work)


async def cmd_quotes_by(args: argparse.Namespace) -> int:
    async def work(precis: Any) -> int:
        hits = await precis.quotes(args.guild, speaker=args.speaker, limit=args.limit)
        if not hits:
            return out.nothing(f"I have no quotes by {args.speaker}.", json_lines=args.json)
        out.print_hits(hits, json_lines=args.json)
        return 0

    return await _with_service(args, work)


def _article(ref: str | None) -> str | None:
    """``--url`` as given: a link, an article id, or a file path as it was ingested."""
    from bot.sources import is_url, source_key

    if ref is None or is_url(ref) or ref.lstrip("#").isdigit() or ref.startswith("stdin:"):
        return ref
    return source_key(ref)


async def cmd_ask(args: argparse.Namespace) -> int:
    async def work(precis: Any) -> int:
        answers: list[Answer] = await precis.ask(args.guild, args.question, _article(args.url))
        if not answers:
            return out.nothing(
                "I couldn't find an answer in the saved articles.", json_lines=args.json
            )
        out.print_answers(answers, json_lines=args.json)
        return 0

    return await _with_service(args, work)


async def cmd_search(args: argparse.Namespace) -> int:
    async def work(precis: Any) -> int:
        hits: list[ArticleHit] = await precis.search(args.guild, args.terms)
        if not hits:
            return out.nothing("No saved article matches that.", json_lines=args.json)
        out.print_articles(hits, json_lines=args.json)
        return 0

    return await _with_service(args, work)


async def cmd_backup(args: argparse.Namespace) -> int:
    from bot.storage import backup_all

    settings = load_settings()
    data_dir = Path(args.data_dir) if args.data_dir else settings.data_dir
    written = await backup_all(data_dir, Path(args.out))
    print(f"backed up {len(written)} guild database(s) to {args.out}")
    return 0


async def cmd_restore(args: argparse.Namespace) -> int:
    settings = load_settings()
    data_dir = Path(args.data_dir) if args.data_dir else settings.data_dir
    if args.replica:
        return await _restore_replica(args, settings, data_dir)
    if args.backup is None:
        raise ConfigError("Name the backup folder to restore, or use --replica.")
    if args.guild or args.shards or args.shard_count or args.force:
        raise ConfigError("--guild, --shards, --shard-count and --force go with --replica.")
    from bot.storage import restore

    written = await restore(Path(args.backup), data_dir)
    print(f"restored {len(written)} guild database(s) into {data_dir}")
    return 0


async def _restore_replica(args: argparse.Namespace, settings: Any, data_dir: Path) -> int:
    from bot.replica_store import parse_shard_ids, restore_from_replica

    if args.backup is not None:
        raise ConfigError("--replica restores from REPLICA_URL; drop the backup folder.")
    if not settings.replica_url:
        raise ConfigError("--replica restores from REPLICA_URL, which is not set.")
    shards = None
    if args.shards or args.shard_count:
        if not (args.shards and args.shard_count):
            raise ConfigError(
                "--shards and --shard-count go together (e.g. --shards 0-3 --shard-count 16)."
            )
        shards = parse_shard_ids(args.shards, args.shard_count)
    results = await restore_from_replica(
        settings,
        data_dir,
        guild_ids=args.guild or (),
        shards=shards,
        shard_count=args.shard_count,
        force=args.force,
    )
    done = [r for r in results if r.restored]
    for r in results:
        if not r.restored:
            print(f"guild {r.guild_id}: not restored: {r.reason}", file=sys.stderr)
    print(f"restored {len(done)} of {len(results)} guild database(s) into {data_dir}")
    return 0 if len(done) == len(results) else 1


# --- the bot ------------------------------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if not settings.discord_token:
        print(NO_TOKEN_HELP, file=sys.stderr)
        return 2
    from bot.discord_ui.app import run_bot

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_bot(settings, sync_global=getattr(args, "sync_global", False)))
    return 0


# --- argument parsing -------------------------------------------------------------------------


def _sentences(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= n <= MAX_SUMMARY_SENTENCES:
        raise argparse.ArgumentTypeError(f"choose between 1 and {MAX_SUMMARY_SENTENCES} sentences")
    return n


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def _algorithm_names() -> list[str]:
    from bot.summarize import ALGORITHMS

    return list(ALGORITHMS)


def build_parser() -> argparse.ArgumentParser:
    from bot.summarize import DEFAULT_ALGORITHM

    parser = argparse.ArgumentParser(
        prog="precis",
        description="Precis: news summaries and quotes. With no command, starts the Discord bot.",
    )
    parser.add_argument("--version", action="version", version=f"precis {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="start the Discord bot (the default)")
    run.add_argument("--sync-global", action="store_true", help="sync slash commands globally once")
    run.set_defaults(handler=cmd_run)

    def sources_parser(name: str, help: str) -> argparse.ArgumentParser:
        aliases = ["summarise"] if name == "summarize" else []
        p = sub.add_parser(name, help=help, aliases=aliases)
        p.add_argument(
            "sources",
            nargs="+",
            metavar="SOURCE",
            help="URL, .html/.htm(.gz) or .txt file, or - for stdin",
        )
        p.add_argument(
            "--sentences",
            "-n",
            type=_sentences,
            default=DEFAULT_SUMMARY_SENTENCES,
            help="summary length (1-10)",
        )
        p.add_argument(
            "--algorithm",
            "-a",
            choices=_algorithm_names(),
            default=DEFAULT_ALGORITHM,
            help="summary algorithm",
        )
        p.add_argument(
            "--json", action="store_true", help="one JSON object per source (JSON Lines)"
        )
        return p

    sources_parser("summarize", "summarise articles offline (also: summarise)").set_defaults(
        handler=cmd_summarize
    )
    q = sources_parser("quotes", "list the quotes in articles and who said them")
    q.add_argument(
        "--all", action="store_true", help="also fragments and reported (indirect) speech"
    )
    q.set_defaults(handler=cmd_quotes)

    def cache_parser(name: str, help: str, *, json_flag: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help)
        p.add_argument("--data-dir", help="where the guild databases live (default: DATA_DIR)")
        p.add_argument(
            "--guild", type=int, default=LOCAL_GUILD_ID, help="guild id (default: the local guild)"
        )
        if json_flag:
            p.add_argument("--json", action="store_true", help="JSON Lines output")
        return p

    ingest = cache_parser("ingest", "fetch, summarise and cache articles")
    ingest.add_argument("sources", nargs="+", metavar="SOURCE")
    ingest.add_argument("--refresh", action="store_true", help="fetch again even if cached")
    ingest.set_defaults(handler=cmd_ingest)

    who = cache_parser("whosaid", "who said a phrase, from the cached articles")
    who.add_argument("phrase")
    who.add_argument("--all", action="store_true", help="every match, not just the best")
    who.set_defaults(handler=cmd_whosaid)

    by = cache_parser("quotes-by", "quotes by a speaker across cached articles")
    by.add_argument("speaker")
    by.add_argument("--limit", type=_positive, default=10, help="at most this many (default 10)")
    by.set_defaults(handler=cmd_quotes_by)

    ask = cache_parser("ask", "answer a question from the cached articles")
    ask.add_argument("question")
    ask.add_argument(
        "--url",
        help="only this article: its link, the file or source it was ingested from, or its #id",
    )
    ask.set_defaults(handler=cmd_ask)

    search = cache_parser("search", "search cached articles")
    search.add_argument("terms")
    search.set_defaults(handler=cmd_search)

    backup = sub.add_parser(
        "backup", help="copy every guild database consistently (safe while the bot runs)"
    )
    backup.add_argument("--data-dir")
    backup.add_argument("out", help="folder to write the copies to")
    backup.set_defaults(handler=cmd_backup)

    restore = sub.add_parser(
        "restore",
        help="restore guild databases from a backup folder or, with --replica, from REPLICA_URL",
        description="Run it while the bot is stopped: it replaces database files.",
    )
    restore.add_argument("backup", nargs="?", help="folder written by `precis backup`")
    restore.add_argument("--data-dir")
    restore.add_argument(
        "--replica", action="store_true", help="restore from REPLICA_URL with Litestream"
    )
    restore.add_argument(
        "--guild", type=int, action="append", metavar="ID", help="only this guild (repeatable)"
    )
    restore.add_argument("--shards", metavar="IDS", help="only guilds of these shards: 0-3, 4,5,7")
    restore.add_argument("--shard-count", type=_positive, metavar="N", help="total shard count")
    restore.add_argument(
        "--force", action="store_true", help="overwrite guild databases that already exist"
    )
    restore.set_defaults(handler=cmd_restore)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("aiosqlite").setLevel(logging.INFO)  # one line per query otherwise
    handler = getattr(args, "handler", cmd_run)
    try:
        if handler is cmd_run:
            return cmd_run(args)
        return asyncio.run(handler(args))
    except ConfigError as exc:
        print(f"precis: {exc.user_message}", file=sys.stderr)
        return 2
    except PrecisError as exc:
        print(f"precis: {exc.user_message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `precis summarize … | head`: the reader left. Quietly, as other Unix tools do; stdout
        # goes to devnull so the interpreter's final flush can't raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
