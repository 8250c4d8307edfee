import json
from datetime import UTC, date, datetime

import pytest

from daily_papers.config import Settings
from daily_papers.exceptions import FetchError
from daily_papers.observability import metrics
from daily_papers.service import DailyPapers, invoke
from daily_papers.store import LocalStore
from daily_papers.wiring import make_service
from tests.support.emf import emitted
from tests.unit.factories import paper
from tests.unit.fakes import FakeSource

DAY = date(2026, 2, 9)
NOW = datetime(2026, 2, 10, 0, 15, 3, tzinfo=UTC)


@pytest.fixture
def site(tmp_path):
    return tmp_path / "site"


def service(site, source, **env) -> DailyPapers:
    return make_service(Settings.from_env(env), source, LocalStore(site), clock=lambda: NOW)


def emitted_metrics(capsys) -> dict:
    """Flush Powertools metrics the way the handler decorator does and read the EMF blob."""
    metrics.flush_metrics()
    return emitted(capsys.readouterr().out)


@pytest.fixture(autouse=True)
def clean_metrics():
    metrics.clear_metrics()
    yield
    metrics.clear_metrics()


def test_manual_event_publishes_ranked_and_cut_to_top_n(site, capsys):
    source = FakeSource({DAY: [paper("2602.00001", 1), paper("2602.00002", 9), paper("2602.00003", 5)]})
    outcome = service(site, source, TOP_N="2").handle({"date": "2026-02-09"})
    assert (outcome.status, outcome.date, outcome.papers) == ("published", "2026-02-09", 2)
    assert "posts/2026-02-09/index.html" in outcome.keys
    data = json.loads((site / "data/2026-02-09.json").read_text())
    assert [p["id"] for p in data["papers"]] == ["2602.00002", "2602.00003"] and data["total"] == 3
    assert emitted_metrics(capsys) == {"PapersFetched": 3.0, "PostsPublished": 1.0, "RunCompleted": 1.0}


def test_scheduled_event_publishes_yesterday_utc(site):
    source = FakeSource({DAY: [paper()]})
    event = {"source": "aws.scheduler", "detail-type": "Scheduled Event", "time": "2026-02-10T00:15:00Z"}
    assert service(site, source, REFRESH_DAYS="0").handle(event).date == "2026-02-09"
    assert source.calls == [DAY]


def test_empty_day_writes_nothing(site, capsys):
    outcome = service(site, FakeSource()).handle({"date": "2026-02-07"})
    assert outcome.to_dict() == {"status": "empty", "date": "2026-02-07", "papers": 0, "keys": []}
    assert not site.exists() or not any(p.is_file() for p in site.rglob("*"))
    assert emitted_metrics(capsys) == {"PapersFetched": 0.0, "RunCompleted": 1.0}


def test_bad_event_is_answered_and_writes_nothing(site, capsys):
    source = FakeSource({DAY: [paper()]})
    outcome = service(site, source).handle({"date": "tomorrow"})
    assert outcome.status == "rejected" and "YYYY-MM-DD" in (outcome.error or "")
    assert source.calls == [] and not any(p.is_file() for p in site.rglob("*"))
    assert emitted_metrics(capsys) == {"EventsRejected": 1.0}


def test_fetch_failure_raises_and_counts_the_failure(site, capsys):
    broken = service(site, FakeSource(broken={DAY}))
    with pytest.raises(FetchError):
        invoke(lambda: broken, {"date": "2026-02-09"}, lambda: 900_000)
    assert not any(p.is_file() for p in site.rglob("*"))
    assert emitted_metrics(capsys) == {"RunFailed": 1.0}
