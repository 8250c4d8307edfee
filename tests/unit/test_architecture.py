"""Import rules: each external client lives in its adapter; the stages and message builders stay pure."""

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
PURE = ["messages.py", "deliver.py", "ledger.py", "render.py", "rank.py", "enrich.py"]


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
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
