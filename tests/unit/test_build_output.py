"""The check `make infra` and the e2e suite run over the `sam build` output (tests/support/build_output.py)."""

import compileall
import py_compile
from pathlib import Path

import pytest

from tests.support.build_output import build_problems, bytecode_problems, native_problems

MODULE = "VALUE = 1\n"


def package(root: Path, mode: py_compile.PycInvalidationMode | None = py_compile.PycInvalidationMode.UNCHECKED_HASH):
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text(MODULE)
    (root / "app.py").write_text(MODULE)
    if mode is not None:
        assert compileall.compile_dir(root, quiet=1, invalidation_mode=mode)
    return root


def test_modules_compiled_as_the_build_compiles_them_pass(tmp_path):
    assert bytecode_problems(package(tmp_path)) == []


@pytest.mark.parametrize(
    ("mode", "problem"),
    [
        (None, "app.py: no cpython-313 bytecode"),
        (py_compile.PycInvalidationMode.TIMESTAMP, "app.py: bytecode not compiled with --invalidation-mode"),
        (py_compile.PycInvalidationMode.CHECKED_HASH, "app.py: bytecode not compiled with --invalidation-mode"),
    ],
)
def test_missing_or_revalidated_bytecode_is_named(tmp_path, mode, problem):
    found = bytecode_problems(package(tmp_path, mode))
    assert len(found) == 2 and found[0].startswith(problem), found


def test_bytecode_of_other_source_or_another_python_is_named(tmp_path):
    root = package(tmp_path)
    (root / "app.py").write_text("VALUE = 2\n")  # edited after compiling: the pyc would run the old code
    pyc = root / "pkg" / "__pycache__" / "__init__.cpython-313.pyc"
    pyc.write_bytes(b"\x00\x00\r\n" + pyc.read_bytes()[4:])
    assert bytecode_problems(root) == [
        "app.py: bytecode compiled from other source than the file's",
        "pkg/__init__.py: bytecode from another Python version",
    ]


def test_native_code_must_be_there_for_both_architectures(tmp_path):
    for name in ("a.cpython-313-x86_64-linux-gnu.so", "a.cpython-313-aarch64-linux-gnu.so"):
        (tmp_path / name).touch()
    assert native_problems(tmp_path) == []
    (tmp_path / "b.cpython-313-x86_64-linux-gnu.so").touch()
    (tmp_path / "c.abi3.so").touch()
    assert native_problems(tmp_path) == [
        "b.cpython-313-x86_64-linux-gnu.so: no aarch64 build (b.cpython-313-aarch64-linux-gnu.so)",
        "c.abi3.so: no architecture in its name",
    ]


def test_a_build_without_the_function_or_the_layer_fails(tmp_path):
    package(tmp_path / "PublisherFunction")
    assert build_problems(tmp_path) == ["DepsLayer: not built"]
