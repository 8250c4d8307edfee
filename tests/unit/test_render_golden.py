"""Golden output: a fixed site rendered into tmp_path and compared with tests/unit/golden/.

After an intended change to the templates, regenerate with
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_render_golden.py
and review the diff of tests/unit/golden/ before committing it.
"""

import os
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from daily_papers.config import Settings
from daily_papers.digest import snapshot
from daily_papers.fetch import parse_item
from daily_papers.models import Edition, Paper, SiteView
from daily_papers.periods import week_of
from daily_papers.rank import rank
from daily_papers.render import SiteRenderer
from tests.support.data import seed_items
from tests.unit.factories import view_of

GOLDEN = Path(__file__).parent / "golden"
SKIP = ("assets/",)  # copies of templates/style.css and site.js


def fixed_site() -> SiteView:
    seed = rank(p for p in map(parse_item, seed_items()) if p is not None)
    extra = (
        Paper(
            id="2601.20001",
            title="한국어 논문 제목: <강화 학습> & 추론",
            summary="짧은 초록입니다.",
            upvotes=12,
            num_comments=1,
            authors=("김민준", "이서연"),
            organization="서울대학교",
            ai_keywords=("강화 학습", "Large Language Models", "🤖"),
        ),
        Paper(
            id="2601.20002",
            title="An English paper",
            summary="Short.",
            upvotes=3,
            authors=("A. Author",),
            summary_ko="짧은 논문을 <요약>한다 & 끝.",  # shown, escaped; the abstract becomes a link
            summary_model="apac.amazon.nova-lite-v1:0",
            summary_prompt="ko-1",
        ),
    )
    editions = {
        date(2026, 2, 9): Edition(date(2026, 2, 9), seed, datetime(2026, 2, 10, 0, 15, tzinfo=UTC), 14),
        date(2026, 1, 30): Edition(date(2026, 1, 30), extra, datetime(2026, 1, 31, 0, 15, tzinfo=UTC), 2),
    }
    # The week of 2026-01-30 closed with a snapshot: likes grew, and HF listed a paper the site never posted.
    week = week_of(date(2026, 1, 30))
    unseen = replace(extra[1], id="2601.20003", upvotes=7, title="<b>Not posted</b> & unseen")
    fresh = [replace(extra[0], upvotes=15), replace(extra[1], upvotes=40), replace(unseen, submitted_at="2026-01-31")]
    stored = {date(2026, 1, 30): editions[date(2026, 1, 30)]}
    taken = snapshot(week, fresh, stored, datetime(2026, 2, 2, 0, 15, tzinfo=UTC))
    return view_of(editions.values(), {week: taken})


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    settings = Settings.from_env({"SITE_BASE_URL": "https://papers.example", "SITE_AUTHOR": "lim4349"})
    for page in SiteRenderer(settings).all_pages(fixed_site()):
        if not page.key.startswith(SKIP):
            (out / page.key).parent.mkdir(parents=True, exist_ok=True)
            (out / page.key).write_bytes(page.body)
    return out


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_the_site_matches_the_golden_files(rendered):
    if os.environ.get("UPDATE_GOLDEN") == "1":
        for stale in files(GOLDEN) - files(rendered):
            (GOLDEN / stale).unlink()
        for key in files(rendered):
            (GOLDEN / key).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / key).write_bytes((rendered / key).read_bytes())
        pytest.skip("golden files regenerated: review `git diff tests/unit/golden`")
    assert files(rendered) == files(GOLDEN), "pages appeared or vanished: UPDATE_GOLDEN=1 to accept"
    for key in sorted(files(rendered)):
        expected = (GOLDEN / key).read_text(encoding="utf-8")
        assert (rendered / key).read_text(encoding="utf-8") == expected, f"{key} differs from golden"
