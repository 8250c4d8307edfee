"""The docs cite tests by name; each cited test file and test function exists where it is said to be."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
# `test_x.py`, `test_x.py::test_y`, `::test_y` (same file as the citation before it), `test_y`, `test_y_*`
CITED = re.compile(r"`(?:(?:[\w/]*/)?(test_\w+\.py))?(?:::)?(test_\w+\*?)?[^`]*`")


def defined_tests() -> dict[str, set[str]]:
    """test file name -> the test functions it defines."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "tests").rglob("test_*.py"):
        tree = ast.parse(path.read_text())
        names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}
        found.setdefault(path.name, set()).update(names)
    return found


def citations(text: str) -> list[tuple[str | None, str | None]]:
    """(file, test) pairs as cited, a `::test` taking the file of the citation before it on the line."""
    cited = []
    for line in text.splitlines():
        current = None
        for match in CITED.finditer(line):
            file, test = match[1], match[2]
            current = file or current
            if file or test:
                cited.append((current if test and "::" in match[0] else file, test))
    return cited


def exists(test: str, names: set[str]) -> bool:
    return any(n.startswith(test[:-1]) for n in names) if test.endswith("*") else test in names


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_test_cited_in_the_docs_exists(doc):
    files = defined_tests()
    every = set().union(*files.values())
    missing = []
    for file, test in citations(doc.read_text()):
        if file and file not in files:
            missing.append(file)
        elif test and not exists(test, files[file] if file else every):
            missing.append(f"{file or ''}::{test}")
    assert not missing


def test_the_citation_parser_reads_each_form():
    line = "`a/test_x.py::test_one`, `::test_two` (unit), `test_y.py`, `test_three`, `test_y.py::test_f_*` and `x`"
    assert citations(line) == [
        ("test_x.py", "test_one"),
        ("test_x.py", "test_two"),
        ("test_y.py", None),
        (None, "test_three"),
        ("test_y.py", "test_f_*"),
    ]
    assert exists("test_f_*", {"test_f_g"}) and not exists("test_f_*", {"test_g"}) and not exists("test_f", {"test_fg"})
