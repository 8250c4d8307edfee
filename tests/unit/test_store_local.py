"""LocalStore specifics; the behaviour both stores share is in tests/integration/test_store_contract.py."""

import pytest

from daily_papers.exceptions import StoreError
from daily_papers.store import LocalStore


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
