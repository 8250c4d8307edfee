"""The deps layer as `sam build` built it, zipped: the size Lambda gets."""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class LayerSize:
    zipped_mb: float
    unzipped_mb: float


def layer_size(build: Path) -> LayerSize:
    """`build/DepsLayer` zipped with ZIP_DEFLATED, as `sam deploy` uploads it."""
    content = build / "DepsLayer"
    unzipped = 0
    with tempfile.TemporaryDirectory(prefix="bench-layer-") as tmp:
        archive = Path(tmp) / "layer.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for path in sorted(content.rglob("*")):
                if path.is_file():
                    unzipped += path.stat().st_size
                    zipped.write(path, path.relative_to(content).as_posix())
        return LayerSize(archive.stat().st_size / 2**20, unzipped / 2**20)
