"""The bench's history is shaped like real HF days, and the same on every run (bench/history.py)."""

import statistics
from datetime import date

from tests.support.history import KEYWORDS, ORGS, history_days, synthetic_edition

DAYS = history_days(150, date(2026, 11, 23))


def test_a_day_is_the_same_on_every_run_and_in_any_history():
    day = DAYS[40]
    assert synthetic_edition(day) == synthetic_edition(day)
    assert synthetic_edition(day) != synthetic_edition(DAYS[41])
    assert len(synthetic_edition(day, papers=7).papers) == 7


def test_days_papers_and_people_vary_around_real_ones():
    editions = [synthetic_edition(day) for day in DAYS]
    counts = [len(e.papers) for e in editions]
    papers = [p for e in editions for p in e.papers]
    abstracts = [len(p.summary) for p in papers]
    assert 2 <= min(counts) and max(counts) <= 130 and max(counts) > 60
    assert 0.7 <= sum(15 <= c <= 50 for c in counts) / len(counts) <= 0.95  # most days
    assert 1_300 <= statistics.mean(abstracts) <= 1_500 and statistics.pstdev(abstracts) > 250  # real: ~1,400
    assert sum("\n" in p.summary for p in papers) > len(papers) / 4  # arXiv's hard line breaks
    assert len({a for p in papers for a in p.authors}) > 1_000
    assert len({len(p.authors) for p in papers}) > 10
    assert 0.55 <= sum(p.organization is not None for p in papers) / len(papers) <= 0.75
    assert len({p.organization for p in papers}) > 40 and ORGS[0] in {p.organization for p in papers}
    keywords = [k for p in papers for k in p.ai_keywords]
    assert len(set(keywords)) > 200 and keywords.count(KEYWORDS[0]) > len(papers) / 5


def test_the_top_papers_carry_korean_titles_and_summaries_as_the_korean_site_stores_them():
    edition = synthetic_edition(DAYS[0], papers=40)
    assert all(p.title_ko and p.summary_ko and p.summary_model for p in edition.papers[:30])
    assert not any(p.title_ko for p in edition.papers[30:])
