"""E2E fixtures: the `sam build` output running under the Lambda RIE, as `sam local invoke` runs it."""

from __future__ import annotations

import copy
import getpass
import hashlib
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.fake_hf import FakeHfApi
from tests.support.lambda_emulator import (
    LambdaEmulator,
    LocalFunction,
    Tools,
    running,
    sam_build,
    warn_ignored,
)

REPO = Path(__file__).resolve().parents[2]
FUNCTION = "PublisherFunction"
ARCHITECTURE = "x86_64"  # the emulator binary here is x86_64; the template's default is arm64
PARAMETERS = {"Architecture": ARCHITECTURE}
CREDENTIALS = {"region": "us-east-1", "key": "testing", "secret": "testing", "sessiontoken": "testing"}
# Stable across runs (and outside the repo's .aws-sam, which other builds use): keeps `sam build` fast.
SAM_CACHE = Path(tempfile.gettempdir()) / (
    f"daily-papers-sam-cache-{getpass.getuser()}-{hashlib.sha1(str(REPO).encode()).hexdigest()[:8]}"
)


@pytest.fixture(scope="session")
def tools() -> Tools:
    venv = REPO / ".venv-tools"
    if not (venv / "bin" / "sam").exists():
        pytest.fail(f"{venv}/bin/sam is missing: run `make dev` first")
    found = Tools.probe(venv)
    if not found.rie(ARCHITECTURE).exists():
        pytest.fail(f"the aws-sam-cli package has no Lambda emulator at {found.rie(ARCHITECTURE)}")
    return found


@pytest.fixture(scope="session")
def build_dir(tools: Tools, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`sam build` of the real template, into a tmp dir (never the project's .aws-sam)."""
    return sam_build(
        tools,
        REPO / "template.yaml",
        tmp_path_factory.mktemp("sam"),
        cache_root=SAM_CACHE,
        parameter_overrides=PARAMETERS,
    )


@pytest.fixture(scope="session")
def runtime_dir(tools: Tools, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The runtime's /var/runtime: awslambdaric and its dependencies, and nothing else."""
    return tools.stage_runtime_client(tmp_path_factory.mktemp("var-runtime"))


@pytest.fixture(scope="session")
def env_vars_file() -> dict[str, Any]:
    """The project's `sam local invoke --env-vars` file."""
    return json.loads((REPO / "env.json").read_text(encoding="utf-8"))


@pytest.fixture
def publisher(
    tools: Tools,
    build_dir: Path,
    runtime_dir: Path,
    env_vars_file: dict[str, Any],
    fake_hf: FakeHfApi,
    moto_endpoint: str,
    bucket: str,
    tmp_path: Path,
) -> Iterator[LambdaEmulator]:
    """A cold PublisherFunction (one `sam local invoke` container) wired to fake HF and moto S3.

    Its environment is what `sam local invoke PublisherFunction --env-vars F` passes, where F is
    env.json with this test's bucket and fake HF API.
    """
    env_vars = copy.deepcopy(env_vars_file)
    env_vars.setdefault(FUNCTION, {}).update(
        SITE_BUCKET=bucket, HF_API_BASE=fake_hf.url, AWS_ENDPOINT_URL_S3=moto_endpoint
    )
    function = LocalFunction.resolve(
        tools,
        build_dir / "template.yaml",
        FUNCTION,
        parameter_overrides=PARAMETERS,
        env_vars_file=env_vars,
        credentials=CREDENTIALS,
    )
    assert function.architectures == [ARCHITECTURE], function.architectures
    warn_ignored(function.ignored, FUNCTION)
    emulator = LambdaEmulator(
        rie=tools.rie(ARCHITECTURE),
        python=tools.base_python,
        function=function,
        runtime_dir=runtime_dir,
        log_path=tmp_path / "emulator.log",
        home=tmp_path / "home",
        # Beyond what SAM CLI passes: S3 is moto (SAM CLI would drop AWS_ENDPOINT_URL_S3 from the
        # env vars file unless the template declared it, see warn_ignored), every other AWS API
        # too (a test never reaches real AWS), and there is no X-Ray daemon.
        extra_env={
            "AWS_ENDPOINT_URL_S3": moto_endpoint,
            "AWS_ENDPOINT_URL": moto_endpoint,
            "POWERTOOLS_TRACE_DISABLED": "true",
        },
    )
    with running(emulator):
        yield emulator
