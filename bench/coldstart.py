"""Fresh-process figures: handler import time (with -X importtime), peak memory of a daily run."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .env import FAKE_AWS

ROOT = Path(__file__).resolve().parents[1]
FUNCTION = ROOT / "functions" / "publisher"
TIMED_IMPORT = "import time; t = time.perf_counter(); import app; print(time.perf_counter() - t)"


@dataclass
class ImportTime:
    median_ms: float
    runs_ms: list[float]
    heaviest: list[tuple[str, float]]  # (module, cumulative ms), heaviest first


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_ENDPOINT_URL", "SITE_BUCKET"))}
    return {**env, **FAKE_AWS, "PYTHONPATH": str(FUNCTION), **extra}


def import_time(runs: int = 5, top: int = 8) -> ImportTime:
    """`import app` in fresh processes: median wall time, and the heaviest imports by cumulative time."""
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", TIMED_IMPORT], env=_env(), capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip()) * 1000)
    traced = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import app"], env=_env(), capture_output=True, text=True, check=True
    )
    return ImportTime(statistics.median(times), times, heaviest_imports(traced.stderr, top))


def heaviest_imports(importtime_log: str, top: int) -> list[tuple[str, float]]:
    """Parse `-X importtime` lines ('import time: self | cumulative | name'), skipping `app` itself."""
    entries = []
    for line in importtime_log.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2].strip()
        if name != "app":
            entries.append((name, int(parts[1]) / 1000))
    return sorted(entries, key=lambda e: -e[1])[:top]


def peak_memory(bucket: str, endpoint: str, day: date) -> dict[str, float | str]:
    """A cold daily run through the real handler in a fresh process: ru_maxrss (MB), status."""
    env = _env(SITE_BUCKET=bucket, AWS_ENDPOINT_URL_S3=endpoint, PYTHONPATH=f"{FUNCTION}{os.pathsep}{ROOT}")
    env["SITE_BASE_URL"] = "https://papers.example.org"  # as the template gives the function; needed to publish
    out = subprocess.run(
        [sys.executable, "-m", "bench.daily_child", day.isoformat()],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])
