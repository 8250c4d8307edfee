"""A month's search shard updated in place: the days a run publishes are replaced, the others kept
from the stored shard only when they hash to the manifest's fingerprint; the bytes are those a full
build from every edition gives."""

import json
import random
from dataclasses import replace
from datetime import date

import pytest

from daily_papers import search_index, urls
from daily_papers.config import Settings
from daily_papers.models import DaySummary, Edition, Manifest, SiteView
from daily_papers.render import SiteRenderer
from tests.unit.factories import edition, paper

pytestmark = pytest.mark.unit

MONTH = "2026-11"
LABELS = ["LLM", "llm", "ＬＬＭ", "Llm", "Reasoning", "reasoning", "강화 학습", "🤖", "Vision", "VISION"]
ORGS = ["NVIDIA", "nvidia", "Nvidia", "Seoul National University", "seoul national university", None]


def renderer(language: str = "ko") -> SiteRenderer:
    return SiteRenderer(Settings.from_env({"SITE_BASE_URL": "https://papers.example.org", "SITE_LANGUAGE": language}))


def day_of(rng: random.Random, day: date, version: int) -> Edition:
    """A day with label variants that slug the same, papers shared with other days, and Korean text
    on some papers (more of them in later versions: summaries written later)."""
    papers = []
    for _ in range(rng.randint(0, 5)):
        pid = f"2611.{rng.randint(1, 40):05d}"  # some papers are on several days
        korean = rng.random() < 0.3 * version
        papers.append(
            paper(
                pid,
                rng.randint(0, 50),
                title=f"Title {pid} v{version}",
                authors=tuple(f"A{i}" for i in range(rng.randint(0, 23))),
                organization=rng.choice(ORGS),
                ai_keywords=tuple(rng.sample(LABELS, rng.randint(0, 4))),
                title_ko=f"제목 {pid}" if korean else None,
                summary_ko=f"요약 {pid} {day} {version}" if korean and rng.random() < 0.8 else None,
            )
        )
    return edition(day, papers)


def full(r: SiteRenderer, editions: list[Edition]) -> dict[str, bytes]:
    manifest = Manifest.of(r.day_summary(e) for e in editions)
    return {p.key: p.body for p in r.shard_pages(SiteView(manifest, editions), MONTH)}


def in_place(r: SiteRenderer, stored: dict[str, bytes], editions: list[Edition], batch: set[date]):
    """The shard rendered from the stored one and the batch's editions: the days kept, and the pages."""
    manifest = Manifest.of(r.day_summary(e) for e in editions)
    others = {e.day for e in editions} - batch
    bodies = tuple(json.loads(stored[k]) if k in stored else None for k in shard_keys())
    kept = r.stored_shard(MONTH, others, manifest, (bodies[0], bodies[1]))
    read = batch | (others - kept.keys())  # as the publisher does: the days not kept are read
    view = SiteView(manifest, [e for e in editions if e.day in read], shard_days=kept)
    return kept, {p.key: p.body for p in r.shard_pages(view, MONTH)}


def shard_keys() -> tuple[str, str]:
    return urls.search_shard(MONTH), urls.search_summaries(MONTH)


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("seed", range(40))
def test_a_shard_updated_in_place_is_the_shard_a_full_build_gives(seed, language):
    rng, r = random.Random(seed), renderer(language)
    # Given a month's days, published with a shard built from all of them
    days = sorted(rng.sample([date(2026, 11, d) for d in range(1, 31)], rng.randint(1, 12)))
    editions = {d: day_of(rng, d, 1) for d in days}
    before = dict(editions)
    ids = {d: {p.id for p in e.papers} for d, e in before.items()}
    stored = full(r, list(editions.values()))
    # When a run republishes a few of them (changed, emptied, with summaries now) and adds new ones,
    # and another run removed one (a corrupt day is left out)
    batch = set(rng.sample(days, rng.randint(0, min(3, len(days)))))
    new = {date(2026, 11, d) for d in rng.sample(range(1, 31), 2)} - set(days)
    for day in batch | new:
        editions[day] = day_of(rng, day, 2)
    if len(set(days) - batch) > 1 and rng.random() < 0.5:
        editions.pop(rng.choice(sorted(set(days) - batch)))
    after = list(editions.values())
    kept, pages = in_place(r, stored, after, batch | new)
    # Then the bytes are those of a full build, and every other day is kept from the stored shard
    # (but a day sharing a paper with another: its summary may be another day's, so it is read)
    assert pages == full(r, after)
    shared = {p.id for d in days for p in before[d].papers if sum(p.id in ids[e] for e in days) > 1}
    others = set(editions) - batch - new
    assert {d for d in others if not shared & ids[d]} <= set(kept) <= others


def test_a_label_whose_first_use_is_replaced_keeps_the_labels_of_the_others():
    r = renderer()
    older = edition(date(2026, 11, 2), [paper("2611.00001", ai_keywords=("llm",), organization="nvidia")])
    newer = edition(date(2026, 11, 3), [paper("2611.00002", ai_keywords=("LLM",), organization="NVIDIA")])
    stored = full(r, [older, newer])
    assert json.loads(stored[shard_keys()[0]])["topics"] == {"llm": "LLM"}
    # When the newer day is replaced by one without the keyword, the older day's label is the table's
    renewed = replace(newer, papers=(paper("2611.00002"),))
    kept, pages = in_place(r, stored, [older, renewed], {renewed.day})
    assert set(kept) == {older.day} and pages == full(r, [older, renewed])
    assert json.loads(pages[shard_keys()[0]])["topics"] == {"llm": "llm"}


def stored_for(r: SiteRenderer, editions: list[Edition]) -> tuple[Manifest, dict[str, bytes]]:
    return Manifest.of(r.day_summary(e) for e in editions), full(r, editions)


def korean_month() -> list[Edition]:
    return [
        edition(date(2026, 11, d), [paper(f"2611.0000{d}", title_ko="제목", summary_ko=f"요약 {d}")]) for d in (2, 3, 4)
    ]


def kept_days(r: SiteRenderer, manifest: Manifest, shard: object, summaries: object) -> set[date]:
    return set(r.stored_shard(MONTH, manifest.days_of(MONTH), manifest, (shard, summaries)))


def test_a_stored_shard_as_published_holds_every_day():
    r = renderer()
    manifest, stored = stored_for(r, korean_month())
    shard, summaries = (json.loads(stored[k]) for k in shard_keys())
    assert kept_days(r, manifest, shard, summaries) == set(manifest.days_of(MONTH))


HIT = date(2026, 11, 3)


def entry_of(shard, day):
    return next(p for p in shard["papers"] if p["d"] == day.isoformat())


DAMAGES = {  # (shard, summaries) -> (shard, summaries) as found
    "missing": lambda sh, sm: (None, sm),
    "not a shard": lambda sh, sm: (["papers"], sm),
    "older schema": lambda sh, sm: ({**sh, "v": search_index.SCHEMA - 1}, sm),
    "another month": lambda sh, sm: ({**sh, "month": "2026-10"}, sm),
    "an entry edited": lambda sh, sm: (entry_of(sh, HIT).update(u=99) or sh, sm),
    "an entry dropped": lambda sh, sm: ({**sh, "papers": [p for p in sh["papers"] if p["d"] != HIT.isoformat()]}, sm),
    "summaries missing": lambda sh, sm: (sh, None),
    "summaries of another schema": lambda sh, sm: (sh, {**sm, "v": search_index.SCHEMA - 1}),
    "a summary edited": lambda sh, sm: (sh, {**sm, "sk": {**sm["sk"], "2611.00003": "다른 요약"}}),
    "labels tampered": lambda sh, sm: ({**sh, "topics": {"x": "y"}, "orgs": {}}, sm),
}
ONE_DAY = {"an entry edited", "an entry dropped", "a summary edited"}  # the other days are still proven


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_stale_or_damaged_shard_holds_no_day_it_cannot_prove(damage):
    r = renderer()
    editions = [*korean_month(), edition(date(2026, 11, 5), [paper("2611.00005", ai_keywords=("LLM",))])]
    manifest, stored = stored_for(r, editions)
    shard, summaries = DAMAGES[damage](*(json.loads(stored[k]) for k in shard_keys()))
    held = kept_days(r, manifest, shard, summaries)
    if damage in ONE_DAY:
        assert held == set(manifest.days_of(MONTH)) - {HIT}
    elif damage.startswith("summaries"):  # only the day without Korean summaries is proven
        assert held == {date(2026, 11, 5)}
    else:
        assert held == set()


def test_a_manifest_without_fingerprints_or_of_other_days_proves_nothing():
    r = renderer()
    editions = korean_month()
    _, stored = stored_for(r, editions)
    shard, summaries = (json.loads(stored[k]) for k in shard_keys())
    # a manifest written before fingerprints (or a day older than its detailed days) has none
    old = Manifest.of(DaySummary.of(e) for e in editions)
    assert kept_days(r, old, shard, summaries) == set()
    # a day republished since the shard was written has another fingerprint
    changed = replace(editions[0], papers=(paper("2611.00009"),))
    moved = Manifest.of(r.day_summary(e) for e in [changed, *editions[1:]])
    assert kept_days(r, moved, shard, summaries) == {e.day for e in editions[1:]}


def test_an_english_shard_is_not_kept_on_a_korean_site_nor_the_reverse():
    editions = korean_month()
    for writer, reader in (("en", "ko"), ("ko", "en")):
        _, stored = stored_for(renderer(writer), editions)
        manifest = Manifest.of(renderer(reader).day_summary(e) for e in editions)
        bodies = [json.loads(stored[k]) if k in stored else None for k in shard_keys()]
        assert kept_days(renderer(reader), manifest, *bodies) == set()


def test_a_shard_says_when_its_summaries_are_worth_reading():
    r = renderer()
    _, stored = stored_for(r, korean_month())
    assert r.shard_summaries_wanted(json.loads(stored[shard_keys()[0]]))
    _, english = stored_for(renderer("en"), korean_month())
    assert not r.shard_summaries_wanted(json.loads(english[shard_keys()[0]]))
    assert not r.shard_summaries_wanted(None)
