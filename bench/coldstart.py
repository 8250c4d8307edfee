"""Fresh-process figures: cold starts as Lambda runs them, and the peak memory of a daily run.

A cold start runs the `sam build` output copied to a read-only `var/task` and `opt` (as Lambda mounts
the function and the layer), with Lambda's environment: the template's variables as SAM resolves them
(tests/support/lambda_emulator.py), the runtime's own (LAMBDA_TASK_ROOT, _HANDLER, TZ, ...),
PYTHONDONTWRITEBYTECODE=1 and `python -S` (no site-packages: every module comes from the build).
Every endpoint (HF, S3, CloudFront, Bedrock, X-Ray) is on 127.0.0.1: nothing leaves the machine.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tests.support.lambda_emulator import LocalFunction, Tools

from .env import FAKE_AWS
from .lambda_child import MARK

ROOT = Path(__file__).resolve().parents[1]
FUNCTION = ROOT / "functions" / "publisher"
CHILD = Path(__file__).resolve().parent / "lambda_child.py"
CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens, a request would fail at once
CREDENTIALS = {"region": "us-east-1", "key": "testing", "secret": "testing", "sessiontoken": "testing"}
LAMBDA_RUNTIME = {
    "LANG": "en_US.UTF-8",
    "TZ": ":UTC",
    "PATH": "/usr/local/bin:/usr/bin/:/bin",
    "PYTHONDONTWRITEBYTECODE": "1",
    "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
    "_HANDLER": "app.lambda_handler",
    "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000",
    "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
    "_X_AMZN_TRACE_ID": "Root=1-674a5b1c-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1",
    "SITE_BASE_URL": "https://d111111abcdef8.cloudfront.net",  # the template's !Sub of the distribution
    "HF_API_BASE": CLOSED,
}


@dataclass
class ColdStart:
    """Medians over fresh processes, and each run's import time."""

    import_ms: float
    import_cpu_ms: float
    invoke_ms: float
    invoke_cpu_ms: float
    peak_mb: float  # peak RSS after the first invocation
    runs_ms: list[float]
    xray: bool  # whether the X-Ray SDK was imported


@contextmanager
def lambda_layout(build: Path, bytecode: bool = True) -> Iterator[tuple[Path, Path]]:
    """The build's function and layer as Lambda mounts them, read-only: (task root, /opt)."""
    with tempfile.TemporaryDirectory(prefix="bench-lambda-") as tmp:
        task, opt = Path(tmp) / "var" / "task", Path(tmp) / "opt"
        shutil.copytree(build / "PublisherFunction", task)
        shutil.copytree(build / "DepsLayer", opt)
        if not bytecode:  # what the build shipped before (BuildMethod python3.13)
            for cache in [*task.rglob("__pycache__"), *opt.rglob("__pycache__")]:
                shutil.rmtree(cache)
        compiled = len(list(Path(tmp).rglob("*.pyc")))
        subprocess.run(["chmod", "-R", "a-w", tmp], check=True)
        try:
            yield task, opt
            if len(list(Path(tmp).rglob("*.pyc"))) != compiled:  # root ignores the mode bits
                raise RuntimeError("a cold start wrote bytecode: it did not run as in Lambda")
        finally:
            subprocess.run(["chmod", "-R", "u+w", tmp], check=True)


def lambda_env(build: Path, task: Path, opt: Path, trace_calls: bool) -> dict[str, str]:
    """The function's environment in Lambda, with the template's defaults (and TraceCalls)."""
    function = LocalFunction.resolve(
        Tools.probe(ROOT / ".venv-tools"),
        build / "template.yaml",
        "PublisherFunction",
        parameter_overrides={"TraceCalls": str(trace_calls).lower()},
        env_vars_file={},
        credentials=CREDENTIALS,
    )
    env = {k: v for k, v in function.env.items() if k != "AWS_SAM_LOCAL"}  # sam local turns tracing off
    env |= {k: CLOSED for k in env if k.startswith("AWS_ENDPOINT_URL")} | {"AWS_ENDPOINT_URL": CLOSED}
    env |= LAMBDA_RUNTIME | {"LAMBDA_TASK_ROOT": str(task), "LAMBDA_RUNTIME_DIR": str(task.parent / "runtime")}
    return env | {"HOME": str(task.parent), "PYTHONPATH": f"{task}{os.pathsep}{opt / 'python'}"}


def cold_starts(setups: dict[str, tuple[dict[str, str], Path]], runs: int) -> dict[str, ColdStart]:
    """For each setup (environment, task root), `runs` fresh processes, the setups taking turns."""
    found: dict[str, list[dict[str, object]]] = {name: [] for name in setups}
    for _ in range(runs):
        for name, (env, task) in setups.items():
            found[name].append(_cold_start(env, task))
    return {name: _medians(figures) for name, figures in found.items()}


def _medians(found: list[dict[str, object]]) -> ColdStart:
    if any(f["status"] != "rejected" for f in found):
        raise RuntimeError(f"the probe event was not refused as expected: {found}")

    def median(name: str) -> float:
        return statistics.median(float(str(f[name])) for f in found)

    runs = [float(str(f["import_ms"])) for f in found]
    xray = all(f["xray"] for f in found)
    return ColdStart(median("import_ms"), median("import_cpu_ms"), median("invoke_ms"), median("invoke_cpu_ms"),
                     median("peak_mb"), runs, xray)  # fmt: skip


def _cold_start(env: dict[str, str], cwd: Path) -> dict[str, object]:
    command = [sys.executable, "-S", "-P", str(CHILD)]
    out = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    lines = [line for line in out.stdout.splitlines() if line.startswith(MARK)]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"cold start failed (exit {out.returncode}):\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}")
    figures: dict[str, object] = json.loads(lines[-1].removeprefix(MARK))
    return figures


def heaviest_imports_of(env: dict[str, str], cwd: Path, top: int = 8) -> list[tuple[str, float]]:
    """`import app` under `-X importtime` in the same layout: the heaviest imports, cumulative."""
    command = [sys.executable, "-S", "-P", "-X", "importtime", "-c", "import app"]
    traced = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=True)
    return heaviest_imports(traced.stderr, top)


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


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_ENDPOINT_URL", "SITE_BUCKET"))}
    return {**env, **FAKE_AWS, "PYTHONPATH": str(FUNCTION), **extra}


def peak_memory(bucket: str, endpoint: str, day: date) -> dict[str, float | str]:
    """A cold daily run through the real handler in a fresh process: peak RSS (MB), status."""
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
