import pytest

from daily_papers.exceptions import PreconditionFailed, StoreError
from daily_papers.store import LocalStore


def test_round_trip_and_missing(tmp_path):
    store = LocalStore(tmp_path)
    etag = store.put("posts/2026-02-09/index.md", "한국어".encode(), "text/markdown; charset=utf-8")
    got = store.get("posts/2026-02-09/index.md")
    assert got.body.decode("utf-8") == "한국어" and got.etag == etag
    assert store.head("posts/2026-02-09/index.md").etag == etag
    assert store.get("nope.html") is None and store.head("nope.html") is None


def test_conditional_writes_behave_like_s3(tmp_path):
    store = LocalStore(tmp_path)
    first = store.put("m.json", b"1", "application/json", if_none_match=True)
    with pytest.raises(PreconditionFailed):
        store.put("m.json", b"2", "application/json", if_none_match=True)
    with pytest.raises(PreconditionFailed):
        store.put("m.json", b"2", "application/json", if_match="stale")
    store.put("m.json", b"2", "application/json", if_match=first)
    assert store.get("m.json").body == b"2"


def test_keys_cannot_escape_the_folder(tmp_path):
    store = LocalStore(tmp_path / "site")
    with pytest.raises(StoreError):
        store.put("../outside.html", b"x", "text/html")
    assert not (tmp_path / "outside.html").exists()


def test_list_keys_skips_temporary_files(tmp_path):
    store = LocalStore(tmp_path)
    store.put("data/2026-02-09.json", b"{}", "application/json")
    store.put("data/2026-02-10.json", b"{}", "application/json")
    (tmp_path / "data" / ".tmp-x").write_bytes(b"")
    assert store.list_keys("data/") == ["data/2026-02-09.json", "data/2026-02-10.json"]
    assert store.list_keys("missing/") == []
