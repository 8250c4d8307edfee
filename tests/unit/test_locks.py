"""The hashed locks: every runtime package pinned with hashes, and `make dev` gets the layer's versions."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYER = ROOT / "layers" / "deps" / "requirements.txt"
DEV = ROOT / "requirements-dev.txt"
PIN = re.compile(r"^([a-z0-9][a-z0-9._-]*)==([^\s\\]+) \\$", re.MULTILINE)


def pins(path: Path) -> dict[str, str]:
    return dict(PIN.findall(path.read_text()))


@pytest.mark.parametrize("lock", [LAYER, DEV], ids=["layer", "dev"])
def test_every_requirement_is_pinned_with_hashes(lock):
    lines = [ln for ln in lock.read_text().splitlines() if ln and not ln.lstrip().startswith(("#", "--hash"))]
    assert lines and all(PIN.match(ln + "\n") for ln in lines), lines  # no range, no -r of an unhashed file
    assert lock.read_text().count("==") == len(pins(lock))
    for block in re.split(r"\n(?=[a-z0-9])", lock.read_text())[1:]:  # one package and its hashes each
        assert "--hash=sha256:" in block, block.split("\n")[0]


def test_the_transitive_runtime_packages_are_locked():
    assert {"aws-xray-sdk", "wrapt", "certifi", "idna", "s3transfer", "typing-extensions"} <= pins(LAYER).keys()


def test_make_dev_installs_the_layer_versions():
    layer, dev = pins(LAYER), pins(DEV)
    assert {name: dev.get(name) for name in layer} == layer


def test_make_dev_installs_only_from_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    installs = [ln for ln in makefile.splitlines() if "pip install" in ln and "-r " in ln]
    venv = [ln for ln in installs if "$(PY) -m pip" in ln]
    assert venv and all("--require-hashes" in ln and "-r requirements-dev.txt" in ln for ln in venv), venv
