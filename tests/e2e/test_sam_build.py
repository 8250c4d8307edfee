"""The `sam build` output ships what a fast cold start needs (tests/support/build_output.py)."""

from pathlib import Path

from tests.support.build_output import build_problems


def test_the_build_ships_bytecode_for_every_module_and_both_architectures(build_dir: Path) -> None:
    problems = build_problems(build_dir)
    assert problems == [], f"{len(problems)} problems, first: {problems[:10]}"
