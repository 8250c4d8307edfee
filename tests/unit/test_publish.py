import json
from datetime import date, timedelta

from daily_papers.config import Settings
from daily_papers.publish import SitePublisher
from daily_papers.render import SiteRenderer
from daily_papers.store import LocalStore
from tests.unit.factories import RANKED_AT, edition, paper

DAY = date(2026, 2, 9)


def publisher(tmp_path) -> SitePublisher:
    return SitePublisher(LocalStore(tmp_path), SiteRenderer(Settings.from_env({})))


def test_first_publish_writes_the_day_then_the_listings(tmp_path):
    keys = publisher(tmp_path).write_days(edition(DAY)).keys
    assert keys[:4] == [
        "data/2026-02-09.json",
        "posts/2026-02-09/index.md",
        "posts/2026-02-09/index.html",
        "data/manifest.json",
    ]
    assert {"index.html", "feed.xml"} <= set(keys[4:])
    data = json.loads((tmp_path / "data/2026-02-09.json").read_text())
    assert [p["id"] for p in data["papers"]] == ["2602.00001", "2602.00002"]


def test_republishing_a_day_replaces_it_without_duplicates(tmp_path):
    pub = publisher(tmp_path)
    pub.write_days(edition(DAY, [paper("2602.00001", 3)]))
    pub.write_days(edition(DAY, [paper("2602.00001", 9), paper("2602.00003", 1)], RANKED_AT + timedelta(hours=5)))
    manifest = json.loads((tmp_path / "data/manifest.json").read_text())
    assert manifest["months"] == {"2026-02": "9"} and manifest["recent"]["2026-02-09"]["count"] == 2
    index = (tmp_path / "index.html").read_text()
    assert index.count('href="posts/2026-02-09/"') == 1
    assert (tmp_path / "feed.xml").read_text().count("<item>") == 1


def test_unchanged_republish_uploads_nothing(tmp_path):
    pub = publisher(tmp_path)
    pub.write_days(edition(DAY))
    assert pub.write_days(edition(DAY)).keys == []


def test_days_are_listed_newest_first_with_prev_next_links(tmp_path):
    pub = publisher(tmp_path)
    for offset in (0, 2, 1):
        pub.write_days(edition(DAY + timedelta(days=offset)))
    index = (tmp_path / "index.html").read_text()
    positions = [index.index(f'href="posts/2026-02-{d}/"') for d in ("11", "10", "09")]
    assert positions == sorted(positions)
    middle = (tmp_path / "posts/2026-02-10/index.html").read_text()
    assert 'href="../2026-02-09/"' in middle and 'href="../2026-02-11/"' in middle
    newest = (tmp_path / "posts/2026-02-11/index.html").read_text()
    assert 'href="../2026-02-10/"' in newest and 'rel="next"' not in newest


def test_the_manifest_is_always_written_after_the_day(tmp_path):
    order = []

    class Recording(LocalStore):
        def put(self, key, *args, **kwargs):
            order.append(key)
            return super().put(key, *args, **kwargs)

    SitePublisher(Recording(tmp_path), SiteRenderer(Settings.from_env({}))).write_days(edition(DAY))
    manifest_at = order.index("data/manifest.json")
    assert {"data/2026-02-09.json", "posts/2026-02-09/index.html"} <= set(order[:manifest_at])
    assert {"index.html", "feed.xml"} <= set(order[manifest_at:])
