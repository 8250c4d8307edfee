"""One cold start as Lambda runs it: import the handler, then its first invocation; prints the times.

Run by bench/coldstart.py with `python -S -P` (no site-packages, no script folder on sys.path), the
`sam build` output on PYTHONPATH and Lambda's environment. The event is refused by the service, but
only after the service and its clients are built: the first invocation's own cost, no request sent.
"""

import json
import sys
import time
from pathlib import Path

EVENT = {"action": "cold-start-probe"}
MARK = "COLD_START "


class Context:
    """What the runtime passes to the handler."""

    function_name = "daily-papers-PublisherFunction"
    function_version = "$LATEST"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:daily-papers-PublisherFunction"
    aws_request_id = "c01d5a7a-0000-4000-8000-000000000000"
    log_group_name = "/aws/lambda/daily-papers"
    log_stream_name = "2026/11/30/[$LATEST]0"

    def get_remaining_time_in_millis(self) -> int:
        return 900_000


def peak_rss_mb() -> float:
    """This process's peak RSS so far (VmHWM), as Lambda's "Max Memory Used" counts it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    started_wall, started_cpu = time.perf_counter(), time.process_time()
    import app  # the import is what is measured

    imported_wall, imported_cpu = time.perf_counter(), time.process_time()
    result = app.lambda_handler(EVENT, Context())
    done_wall, done_cpu = time.perf_counter(), time.process_time()
    figures = {
        "import_ms": (imported_wall - started_wall) * 1000,
        "import_cpu_ms": (imported_cpu - started_cpu) * 1000,
        "invoke_ms": (done_wall - imported_wall) * 1000,
        "invoke_cpu_ms": (done_cpu - imported_cpu) * 1000,
        "status": result.get("status"),
        "xray": "aws_xray_sdk" in sys.modules,
        "peak_mb": peak_rss_mb(),
    }
    sys.stdout.write(MARK + json.dumps(figures) + "\n")


if __name__ == "__main__":
    main()
