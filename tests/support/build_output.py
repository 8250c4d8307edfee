"""What `sam build` must ship for a fast cold start: every module's bytecode, for both architectures.

Lambda's /var/task and /opt are read-only, so a module without usable bytecode there is compiled on
every cold start. Usable means: `__pycache__/NAME.cpython-313.pyc` from Python 3.13's compiler, hash
based and unchecked (a timestamp pyc is rejected when packaging changes the file's mtime, a checked
one hashes the source on every import), and compiled from the very bytes of the `.py` beside it.

    python -m tests.support.build_output BUILD_DIR   # prints what is wrong, exits 1 if anything is
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

CACHE_TAG = "cpython-313"  # the python3.13 runtime's
UNCHECKED_HASH = 0b01  # the pyc flags: hash based, source not checked
ARCHITECTURES = ("x86_64", "aarch64")


def bytecode_problems(root: Path) -> list[str]:
    """Each module under `root` without bytecode the runtime would load as is, and why."""
    if sys.implementation.cache_tag != CACHE_TAG:
        raise RuntimeError(f"check with Python 3.13 (its magic number), not {sys.implementation.cache_tag}")
    problems = []
    for source in sorted(root.rglob("*.py")):
        pyc = source.parent / "__pycache__" / f"{source.stem}.{CACHE_TAG}.pyc"
        name = source.relative_to(root)
        header = pyc.read_bytes()[:16] if pyc.exists() else b""
        if not header:
            problems.append(f"{name}: no {CACHE_TAG} bytecode")
        elif header[:4] != importlib.util.MAGIC_NUMBER:
            problems.append(f"{name}: bytecode from another Python version")
        elif int.from_bytes(header[4:8], "little") != UNCHECKED_HASH:
            problems.append(f"{name}: bytecode not compiled with --invalidation-mode unchecked-hash")
        elif header[8:16] != importlib.util.source_hash(source.read_bytes()):
            problems.append(f"{name}: bytecode compiled from other source than the file's")
    return problems


def native_problems(root: Path) -> list[str]:
    """Each native extension under `root` that is missing for one of Lambda's two architectures."""
    problems = []
    for library in sorted(root.rglob("*.so")):
        for have, want in (ARCHITECTURES, ARCHITECTURES[::-1]):
            twin = library.with_name(library.name.replace(f"-{have}-linux-gnu", f"-{want}-linux-gnu"))
            if twin != library and not twin.exists():
                problems.append(f"{library.relative_to(root)}: no {want} build ({twin.name})")
        if not any(f"-{arch}-linux-gnu" in library.name for arch in ARCHITECTURES):
            problems.append(f"{library.relative_to(root)}: no architecture in its name")
    return problems


def build_problems(build: Path) -> list[str]:
    """The function's and the layer's problems in a `sam build` output folder."""
    function, layer = build / "PublisherFunction", build / "DepsLayer"
    problems = [f"{part.name}: not built" for part in (function, layer) if not part.is_dir()]
    problems += [f"{function.name}/{p}" for p in bytecode_problems(function)]
    return problems + [f"{layer.name}/{p}" for p in bytecode_problems(layer) + native_problems(layer)]


def main(argv: list[str]) -> int:
    problems = build_problems(Path(argv[0]))
    for problem in problems:
        sys.stderr.write(problem + "\n")
    if not problems:
        sys.stdout.write(f"{argv[0]}: every module has {CACHE_TAG} bytecode; native code for both architectures\n")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
