"""What importing the handler loads, every cold start: nothing it does not need before the first event.

The X-Ray SDK (docs/performance.md) only when tracing is on; boto3 and botocore's client machinery
only when the first invocation builds the clients; no Powertools event classes (one loads them all).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from daily_papers.config import tracing_on
from daily_papers.exceptions import ConfigError

FUNCTION = Path(__file__).resolve().parents[2] / "functions" / "publisher"
HEAVY = ["aws_lambda_powertools.utilities.data_classes", "aws_xray_sdk", "boto3", "botocore.client"]
PROBE = f"import sys, app; print(sorted(set({HEAVY!r}) & set(sys.modules)))"


@pytest.mark.parametrize(
    ("value", "on"), [(None, True), ("false", True), ("0", True), ("", True), ("true", False), (" TRUE ", False)]
)
def test_tracing_is_on_unless_powertools_trace_disabled_is_true(value, on):
    assert tracing_on({} if value is None else {"POWERTOOLS_TRACE_DISABLED": value}) is on


def test_a_bad_value_is_refused_with_the_variable_named():
    with pytest.raises(ConfigError, match="POWERTOOLS_TRACE_DISABLED"):
        tracing_on({"POWERTOOLS_TRACE_DISABLED": "sometimes"})


@pytest.mark.parametrize(
    ("disabled", "loaded"),
    [("true", []), ("false", ["aws_xray_sdk", "botocore.client"])],  # its recorder makes a botocore session
)
def test_importing_the_handler_loads_the_heavy_modules_only_when_tracing_is_on(disabled, loaded):
    env = {**os.environ, "PYTHONPATH": str(FUNCTION), "POWERTOOLS_TRACE_DISABLED": disabled}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(loaded)
