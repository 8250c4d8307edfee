"""The metrics Powertools flushed to stdout as one CloudWatch EMF JSON line, read back."""

import json
from typing import Any


def blob(stdout: str) -> dict[str, Any]:
    """The one EMF blob in stdout (other JSON lines, such as logs, are left out)."""
    lines = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    blobs = [line for line in lines if "_aws" in line]
    assert len(blobs) == 1, blobs
    return blobs[0]


def emitted(stdout: str) -> dict[str, float | list[float]]:
    """{name: value} of the one EMF blob in stdout; a metric added twice shows as a list."""
    found = blob(stdout)
    names = [m["Name"] for m in found["_aws"]["CloudWatchMetrics"][0]["Metrics"]]
    values = {name: found[name] for name in names}
    return {name: v[0] if isinstance(v, list) and len(v) == 1 else v for name, v in values.items()}
