"""The architecture as a test: each arrow between modules that the design forbids fails here.

render does no I/O (nothing that reads or writes the site), rank, periods and digest are pure, models
import only periods of the package, fetch never writes, each AWS or HTTP client lives in its adapter, and
only config.py reads the environment."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "functions" / "publisher" / "daily_papers"
# module -> the only modules that may import it
ADAPTERS = {
    "boto3": {"aws.py", "bedrock.py", "mail.py"},
    "botocore": {"aws.py", "bedrock.py", "mail.py"},
    "requests": {"fetch.py", "webhooks.py"},
    "urllib3": {"fetch.py"},
    "aws_lambda_powertools.utilities.parameters": {"ssm.py"},
}
PURE = ["messages.py", "deliver.py", "ledger.py", "render.py", "rank.py", "enrich.py", "digest.py", "periods.py"]
# module -> the only modules of the package it may import (None: any)
ALLOWED = {
    "periods": set(),
    "models": {"periods"},
    "rank": {"models"},
    "digest": {"models", "periods", "rank"},
    "slugs": set(),
    "urls": {"periods"},
    "search_index": {"models", "slugs"},
    "render": {"config", "digest", "i18n", "models", "periods", "search_index", "slugs", "urls"},
    "fetch": {"deadline", "exceptions", "models", "observability", "periods"},
    "site_state": {"exceptions", "models", "periods", "ports", "urls"},
    "rebuild_months": {"models", "observability", "periods", "ports", "render", "site_state"},  # writes via publish
}
# Standard-library modules that do I/O or spawn work; the pure modules import none.
IO = {"os", "socket", "subprocess", "shutil", "tempfile", "pathlib", "urllib", "http", "fcntl", "io"}
WRITES = {"put", "post", "patch", "put_object", "delete", "delete_object", "invalidate", "write_text", "write_bytes"}


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def package_imports(path: Path) -> set[str]:
    """The package's own modules a file imports (relative imports, at any depth of the file)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
    return found


def importers(module: str) -> set[str]:
    return {p.name for p in PACKAGE.glob("*.py") if any(m == module or m.startswith(module + ".") for m in imports(p))}


@pytest.mark.parametrize("module", ADAPTERS)
def test_each_client_is_imported_only_by_its_adapter(module):
    assert importers(module) <= ADAPTERS[module]


@pytest.mark.parametrize("name", PURE)
def test_stages_and_builders_import_no_client(name):
    assert not {m.split(".")[0] for m in imports(PACKAGE / name)} & {"boto3", "botocore", "requests", "urllib3"}


def test_the_bedrock_runtime_client_is_created_only_by_its_adapter():
    sources = {p.name: p.read_text() for p in PACKAGE.glob("*.py")}
    assert [n for n, text in sources.items() if '"bedrock-runtime"' in text] == ["bedrock.py"]
    for stage in ("enrich.py", "render.py", "service.py", "rank.py", "models.py"):
        assert "from .aws" not in sources[stage] and "from .bedrock" not in sources[stage], stage


@pytest.mark.parametrize("module", ALLOWED)
def test_each_module_imports_only_what_its_layer_allows(module):
    assert package_imports(PACKAGE / f"{module}.py") <= ALLOWED[module]


@pytest.mark.parametrize("module", ["models", "rank", "slugs", "urls", "search_index", "render", "periods", "digest"])
def test_pure_modules_import_no_io(module):
    assert not {m.split(".")[0] for m in imports(PACKAGE / f"{module}.py")} & IO


def test_fetch_never_writes():
    calls = {
        node.func.attr
        for node in ast.walk(ast.parse((PACKAGE / "fetch.py").read_text()))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert not calls & WRITES


def test_only_the_config_module_reads_the_environment():
    readers = set()
    for path in PACKAGE.parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            named = isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "environb"}
            imported = (
                {a.name for a in node.names} if isinstance(node, ast.ImportFrom) and node.module == "os" else set()
            )
            if named or imported & {"environ", "getenv"}:
                readers.add(path.name)
    assert readers == {"config.py"}


def test_the_rules_see_the_imports_they_judge():
    """Guards the parser: a rule over a module whose imports it cannot see would pass vacuously."""
    assert package_imports(PACKAGE / "render.py") >= {"models", "urls"}
    assert package_imports(PACKAGE / "publish.py") >= {"render", "site_state"}
    assert "requests" in imports(PACKAGE / "fetch.py")


def test_the_publisher_and_its_renderer_are_built_only_in_wiring():
    sources = {p.name: p.read_text() for p in PACKAGE.glob("*.py")}
    assert [n for n, text in sources.items() if "SitePublisher(" in text or "SiteRenderer(" in text] == ["wiring.py"]
    assert "render" not in package_imports(PACKAGE / "service.py")  # the service reads and writes through the publisher
