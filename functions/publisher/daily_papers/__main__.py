"""Command line: `python -m daily_papers publish|backfill|rebuild|serve` (what `make run` uses)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import UTC, datetime
from typing import TextIO, cast

from .config import Settings
from .events import Backfill, PublishDay, Rebuild, latest_complete_day, parse_event
from .exceptions import DailyPapersError, InvalidEvent
from .observability import logger
from .serve import make_server
from .wiring import build


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m daily_papers", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    publish = commands.add_parser("publish", help="publish one HF day (default: the latest complete one)")
    publish.add_argument("--date", help="HF day, YYYY-MM-DD (default: yesterday, UTC)")
    backfill = commands.add_parser("backfill", help="publish every day of a range")
    backfill.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    backfill.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
    rebuild = commands.add_parser("rebuild", help="re-render every page from the stored data, without HF")
    for command in (publish, backfill, rebuild):
        target = command.add_mutually_exclusive_group(required=True)
        target.add_argument("--out", help="the site folder")
        target.add_argument("--bucket", help="the site's S3 bucket")
    for command in (publish, backfill):
        command.add_argument("--force", action="store_true", help="replace published days even if shorter")
    serve = commands.add_parser("serve", help="serve a published folder on 127.0.0.1")
    serve.add_argument("--dir", default="_site")
    serve.add_argument("--port", type=int, default=8000)
    return root


def command_of(args: argparse.Namespace, now: datetime) -> PublishDay | Backfill | Rebuild:
    """Build the same command an event would, through the same validation."""
    if args.command == "rebuild":
        return Rebuild()
    if args.command == "backfill":
        event = {"from": args.start, "to": args.end, "force": args.force}
    else:
        event = {"date": args.date or latest_complete_day(now).isoformat(), "force": args.force}
    return parse_event(event, now)


def main(argv: list[str] | None = None) -> int:
    handler = cast(logging.StreamHandler[TextIO], logger.registered_handler)
    previous = handler.setStream(sys.stderr)  # logs on stderr, the outcome on stdout
    try:
        return run(parser().parse_args(argv))
    finally:
        if previous is not None:
            handler.setStream(previous)


def run(args: argparse.Namespace) -> int:
    if args.command == "serve":
        server = make_server(args.dir, port=args.port)
        sys.stderr.write(f"Serving {args.dir} on http://127.0.0.1:{args.port}/ (Ctrl-C stops)\n")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        return 0
    try:
        settings = Settings.from_env(bucket=args.bucket)
        command = command_of(args, datetime.now(UTC))
        outcome = build(settings, args.out).run(command)
    except InvalidEvent as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    except DailyPapersError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    sys.stdout.write(json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
