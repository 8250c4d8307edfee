"""A rebuild renders months in worker processes when it can, and the site is the same either way."""

import json
import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from daily_papers import publish
from daily_papers.config import Settings
from daily_papers.publish import SitePublisher
from daily_papers.render import SiteRenderer
from daily_papers.store import LocalStore
from tests.support.site_check import drift
from tests.unit.factories import edition, paper

pytestmark = pytest.mark.unit
DAYS = [date(2026, 1, 5) + timedelta(days=n) for n in range(0, 80, 3)]  # three months
CORRUPT = DAYS[10]


class MarkedStore(LocalStore):
    """A folder store that leaves a file named after the process that opens it again."""

    def reopen(self) -> LocalStore:
        (self.root / f"reopened-{os.getpid()}").touch()
        return MarkedStore(self.root)


def seeded(root: Path) -> MarkedStore:
    store = MarkedStore(root)
    for n, day in enumerate(DAYS):
        body = json.dumps(edition(day, [paper(f"2601.{n:05d}", n + 1)]).to_dict()).encode()
        store.put(f"data/{day}.json", body, "application/json")
    store.put(f"data/{CORRUPT}.json", b'{"schema": 1, "date": "trunc', "application/json")
    return store


def rebuilt(root: Path, processes: int) -> tuple[dict[str, bytes], publish.Report]:
    store = seeded(root)
    renderer = SiteRenderer(Settings.from_env({"SITE_BASE_URL": "https://p.example"}))
    report = SitePublisher(store, renderer, reopen=store.reopen, processes=processes).rebuild()
    files = {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    return {k: v for k, v in files.items() if not k.startswith("reopened-")}, report


def workers_seen(root: Path) -> set[int]:
    return {int(p.name.split("-")[1]) for p in root.glob("reopened-*")} - {os.getpid()}


def test_worker_processes_write_the_same_site_as_one_process(tmp_path):
    alone, _ = rebuilt(tmp_path / "one", processes=1)
    shared, report = rebuilt(tmp_path / "two", processes=2)
    assert workers_seen(tmp_path / "two") and not workers_seen(tmp_path / "one")
    assert shared == alone
    assert set(report.skipped) == {CORRUPT}
    renderer = SiteRenderer(Settings.from_env({"SITE_BASE_URL": "https://p.example"}))
    assert drift(LocalStore(tmp_path / "two"), renderer) == []


def test_the_unreadable_day_found_by_a_worker_is_named_by_the_parent(tmp_path, caplog):
    _, report = rebuilt(tmp_path, processes=2)
    assert workers_seen(tmp_path)
    assert [r.key for r in caplog.records if getattr(r, "key", None)] == [f"data/{CORRUPT}.json"]
    assert report.skipped[CORRUPT].startswith("is corrupt")
    before, after = DAYS[9], DAYS[11]  # the days next to it now link to each other
    assert f'href="../{after}/"' in (tmp_path / f"posts/{before}/index.html").read_text()
    assert f'href="../{before}/"' in (tmp_path / f"posts/{after}/index.html").read_text()


def test_where_processes_cannot_start_the_rebuild_renders_in_this_one(tmp_path, monkeypatch, caplog):
    def no_semaphores(method):  # what AWS Lambda answers: it has no /dev/shm
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr("daily_papers.rebuild_months.multiprocessing.get_context", no_semaphores)
    site, report = rebuilt(tmp_path / "fallback", processes=2)
    assert not workers_seen(tmp_path / "fallback")
    assert any("one process" in r.getMessage() for r in caplog.records)
    assert site == rebuilt(tmp_path / "one", processes=1)[0] and set(report.skipped) == {CORRUPT}


def test_a_process_with_other_threads_running_does_not_fork(tmp_path):
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        rebuilt(tmp_path, processes=2)
    finally:
        stop.set()
        other.join()
    assert not workers_seen(tmp_path)
