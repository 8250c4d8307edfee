"""The Makefile is the single interface: every target documented in `make help`, and the system
packages installed by one target that everything needing them depends on."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = (ROOT / "Makefile").read_text()
RULES = dict(re.findall(r"^([a-z0-9-]+):(.*)$", MAKEFILE, re.MULTILINE))


def prerequisites(target: str) -> set[str]:
    """Every target `target` depends on, directly or not."""
    found: set[str] = set()
    pending = [target]
    while pending:
        for name in RULES.get(pending.pop(), "").split("##")[0].split():
            if name not in found:
                found.add(name)
                pending.append(name)
    return found


def test_every_phony_target_has_a_help_line():
    phony = re.search(r"^\.PHONY:(.*)$", MAKEFILE, re.MULTILINE)
    assert phony is not None
    undocumented = [t for t in phony[1].split() if "## " not in RULES.get(t, "")]
    assert undocumented == []


def test_one_target_installs_every_debian_package_the_tests_and_benches_need():
    packages = re.search(r"^APT_PACKAGES := (.*)$", MAKEFILE, re.MULTILINE)
    assert packages is not None
    assert set(packages[1].split()) >= {"chromium", "fonts-nanum", "fonts-noto-color-emoji", "nodejs", "hugo"}
    assert any(p.endswith(("jre-headless", "jdk-headless")) for p in packages[1].split())  # the HTML checker
    elsewhere = [ln for ln in MAKEFILE.splitlines() if "apt-get install" in ln and "$$missing" not in ln]
    assert elsewhere == []  # one list, not install hints scattered over targets


def test_everything_ci_runs_gets_the_system_packages_first():
    assert "system-deps" in prerequisites("test")
    for target in ("infra", "e2e", "screenshots"):
        assert "system-deps" in prerequisites(target), target


def test_ci_fails_under_95_percent_branch_coverage_of_the_package():
    import tomllib

    coverage = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["coverage"]
    assert coverage["run"]["branch"] is True and coverage["run"]["source"] == ["functions/publisher/daily_papers"]
    assert coverage["report"]["fail_under"] >= 95 and "omit" not in coverage["run"]
    assert {"unit", "integration", "coverage"} <= prerequisites("test")
    assert "--cov-append" in MAKEFILE.split("\nintegration:")[1].split("\n\n")[0]  # integration adds to unit's data
