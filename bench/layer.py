"""The deps layer, built as `sam build` builds it, then zipped: the size Lambda gets."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / ".venv-tools" / "bin"
REQUIREMENTS = ROOT / "layers" / "deps" / "requirements.txt"


@dataclass
class LayerSize:
    zipped_mb: float
    unzipped_mb: float
    method: str


def layer_size() -> LayerSize:
    with tempfile.TemporaryDirectory(prefix="bench-layer-") as tmp:
        content, method = _sam_build(Path(tmp))
        if content is None:
            content, method = _pip_install(Path(tmp))
        return _zip_size(content, Path(tmp) / "layer.zip", method)


def _sam_build(tmp: Path) -> tuple[Path | None, str]:
    sam = TOOLS / "sam"
    if not sam.exists():
        return None, ""
    env = {**os.environ, "PATH": f"{TOOLS}{os.pathsep}{os.environ.get('PATH', '')}", "SAM_CLI_TELEMETRY": "0"}
    command = [str(sam), "build", "DepsLayer", "--no-cached", "--template-file", str(ROOT / "template.yaml")]
    command += ["--build-dir", str(tmp / "build"), "--cache-dir", str(tmp / "cache")]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    built = tmp / "build" / "DepsLayer"
    return (built, "sam build DepsLayer") if done.returncode == 0 and built.is_dir() else (None, "")


def _pip_install(tmp: Path) -> tuple[Path, str]:
    target = tmp / "layer" / "python"
    command = [sys.executable, "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS), "--target", str(target)]
    command += ["--platform", "manylinux2014_aarch64", "--only-binary=:all:", "--python-version", "3.13"]
    subprocess.run(command, check=True, capture_output=True)
    return target.parent, "pip install --platform manylinux2014_aarch64 (sam build failed)"


def _zip_size(content: Path, archive: Path, method: str) -> LayerSize:
    unzipped = 0
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(content.rglob("*")):
            if path.is_file():
                unzipped += path.stat().st_size
                zipped.write(path, path.relative_to(content).as_posix())
    return LayerSize(archive.stat().st_size / 2**20, unzipped / 2**20, method)
