"""`sam build` of the whole template into a folder, as `make infra` and a deploy build it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / ".venv-tools" / "bin"


def sam_build(out: Path) -> Path:
    """Build the function and the layer (the template's default architecture) into `out/build`."""
    env = {**os.environ, "PATH": f"{TOOLS}{os.pathsep}{os.environ.get('PATH', '')}", "SAM_CLI_TELEMETRY": "0"}
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        env.pop(name, None)
    command = [str(TOOLS / "sam"), "build", "--no-cached", "--template-file", str(ROOT / "template.yaml")]
    command += ["--build-dir", str(out / "build"), "--cache-dir", str(out / "cache")]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        log = "\n".join((done.stdout + done.stderr).splitlines()[-40:])
        raise SystemExit(f"sam build failed (exit {done.returncode}):\n{log}")
    return out / "build"
