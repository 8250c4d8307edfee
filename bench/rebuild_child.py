"""One full rebuild of a seeded site folder, in a process of its own (what `make bench-vs-hugo` times).

Usage: python -m bench.rebuild_child SITE_DIR
"""

import sys

from bench import env

env.apply()

from daily_papers.events import Rebuild  # noqa: E402
from daily_papers.store import LocalStore  # noqa: E402
from daily_papers.wiring import make_service  # noqa: E402

from .history import StaticSource  # noqa: E402
from .measure import settings  # noqa: E402


def main() -> None:
    outcome = make_service(settings(), StaticSource(), LocalStore(sys.argv[1])).run(Rebuild())
    if outcome.status != "rebuilt":
        raise SystemExit(f"rebuild ended {outcome.status}")


if __name__ == "__main__":
    main()
