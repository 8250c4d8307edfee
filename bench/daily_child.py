"""One cold daily run through the real handler, in a fresh process; prints its peak memory as JSON.

Usage: SITE_BUCKET=... AWS_ENDPOINT_URL_S3=... python -m bench.daily_child YYYY-MM-DD
"""

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

started = time.perf_counter()
import app  # noqa: E402  (the import is part of what is measured)
from tests.support.lambda_context import FakeLambdaContext  # noqa: E402

from .history import StaticSource  # noqa: E402


def peak_rss_kib() -> int:
    """This process's peak RSS (VmHWM). ru_maxrss is not used when VmHWM is there: Linux carries the
    parent's high-water mark across fork+exec into it, so a child of a big process reports the parent's."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def main() -> None:
    day = date.fromisoformat(sys.argv[1])
    service = app.service()
    service.source = StaticSource(day)  # the HF fetch is not what is measured
    result = app.lambda_handler(
        {"date": day.isoformat()}, FakeLambdaContext(function_name="daily-papers-bench", remaining_ms=900_000)
    )
    report = {
        "status": result["status"],
        "peak_mb": peak_rss_kib() / 1024,
        "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "seconds": time.perf_counter() - started,
    }
    sys.stdout.write(json.dumps(report) + "\n")


if __name__ == "__main__":
    main()
