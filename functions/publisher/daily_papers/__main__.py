"""Command line: `python -m daily_papers publish|serve` (what `make run` uses)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from .config import Settings
from .events import PublishDay, latest_complete_day, parse_day
from .exceptions import DailyPapersError, InvalidEvent
from .serve import make_server
from .wiring import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m daily_papers", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    publish = commands.add_parser("publish", help="publish one HF day (default: the latest complete one)")
    publish.add_argument("--date", help="HF day, YYYY-MM-DD (default: yesterday, UTC)")
    target = publish.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", help="write the site into this folder")
    target.add_argument("--bucket", help="write the site into this S3 bucket")
    serve = commands.add_parser("serve", help="serve a published folder on 127.0.0.1")
    serve.add_argument("--dir", default="_site")
    serve.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)

    if args.command == "serve":
        server = make_server(args.dir, port=args.port)
        sys.stderr.write(f"Serving {args.dir} on http://127.0.0.1:{args.port}/ (Ctrl-C stops)\n")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        return 0

    now = datetime.now(UTC)
    try:
        settings = Settings.from_env(bucket=args.bucket)
        day = parse_day(args.date, now) if args.date else latest_complete_day(now)
        outcome = build(settings, args.out).run(PublishDay(day))
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
