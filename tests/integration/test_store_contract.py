"""One contract for every Store: the folder behind `make run`, S3 behind the Lambda, and the in-memory
fake the interleaving tests use (so the fake cannot drift from the real adapters)."""

import pytest

from daily_papers.aws import S3Store
from daily_papers.exceptions import PreconditionFailed
from daily_papers.ports import content_hash
from daily_papers.store import LocalStore
from tests.unit.fakes import MemoryStore


@pytest.fixture(params=["local", "s3", "memory"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalStore(tmp_path / "site")
    if request.param == "memory":
        return MemoryStore()
    return S3Store(request.getfixturevalue("bucket"))


def test_round_trip_of_utf8_bytes(store):
    etag = store.put("posts/2026-02-09/index.md", "한국어 😀".encode(), "text/markdown; charset=utf-8")
    got = store.get("posts/2026-02-09/index.md")
    assert got.body.decode("utf-8") == "한국어 😀" and got.etag == etag
    assert store.head("posts/2026-02-09/index.md").etag == etag


def test_missing_keys_are_none(store):
    assert store.get("nope.html") is None and store.head("nope.html") is None


def test_the_content_hash_comes_back_in_metadata(store):
    # the publisher skips unchanged uploads by comparing this hash
    store.put("index.html", b"x", "text/html; charset=utf-8", metadata={"sha256": content_hash(b"x")})
    assert store.head("index.html").metadata["sha256"] == content_hash(b"x")


def test_conditional_writes(store):
    first = store.put("data/manifest.json", b"1", "application/json", if_none_match=True)
    with pytest.raises(PreconditionFailed):
        store.put("data/manifest.json", b"2", "application/json", if_none_match=True)
    with pytest.raises(PreconditionFailed):
        store.put("data/manifest.json", b"2", "application/json", if_match='"stale"')
    store.put("data/manifest.json", b"2", "application/json", if_match=first)
    assert store.get("data/manifest.json").body == b"2"


def test_if_match_on_a_missing_key_is_a_lost_race(store):
    with pytest.raises(PreconditionFailed):
        store.put("data/manifest.json", b"1", "application/json", if_match='"gone"')


def test_list_keys_by_prefix(store):
    for key in ("data/2026-02-10.json", "data/2026-02-09.json", "index.html"):
        store.put(key, b"{}", "application/json")
    assert store.list_keys("data/") == ["data/2026-02-09.json", "data/2026-02-10.json"]
    assert store.list_keys("missing/") == []


def test_a_listing_gives_the_etag_a_read_gives(store):
    # the publisher compares them to notice that another run rewrote a data object
    store.put("data/2026-02-09.json", b"1", "application/json")
    before = store.etags("data/2026-02-")
    assert before == {"data/2026-02-09.json": store.get("data/2026-02-09.json").etag}
    store.put("data/2026-02-09.json", b"2", "application/json")
    assert store.etags("data/2026-02-")["data/2026-02-09.json"] != before["data/2026-02-09.json"]
    assert store.etags("data/2026-03-") == {}
