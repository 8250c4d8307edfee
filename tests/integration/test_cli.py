"""`python -m daily_papers` (what `make run` calls) against the fake HF API."""

import json

from daily_papers.__main__ import main


def test_publish_a_day_into_a_folder(fake_hf, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HF_API_BASE", fake_hf.url)
    monkeypatch.setenv("SITE_BASE_URL", "http://127.0.0.1:8000")
    assert main(["publish", "--date", "2026-02-09", "--out", str(tmp_path)]) == 0
    outcome = json.loads(capsys.readouterr().out)
    assert outcome["status"] == "published" and outcome["papers"] == 10
    assert (tmp_path / "posts/2026-02-09/index.md").read_text(encoding="utf-8").count("👍") == 10


def test_backfill_and_rebuild_from_the_command_line(fake_hf, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HF_API_BASE", fake_hf.url)
    monkeypatch.setenv("HF_MIN_INTERVAL", "0")
    monkeypatch.setenv("SITE_BASE_URL", "http://127.0.0.1:8000")
    assert main(["backfill", "--from", "2026-02-07", "--to", "2026-02-09", "--out", str(tmp_path)]) == 0
    outcome = json.loads(capsys.readouterr().out)
    assert [d["status"] for d in outcome["days"]] == ["empty", "empty", "published"]
    fake_hf.requests.clear()
    assert main(["rebuild", "--out", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "rebuilt" and fake_hf.requests == []


def test_without_a_base_url_nothing_is_published_and_the_message_names_it(fake_hf, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HF_API_BASE", fake_hf.url)
    monkeypatch.delenv("SITE_BASE_URL", raising=False)
    assert main(["publish", "--date", "2026-02-09", "--out", str(tmp_path)]) == 1
    assert "SITE_BASE_URL" in capsys.readouterr().err
    assert not any(tmp_path.iterdir()) and fake_hf.requests == []


def test_bad_date_exits_2_with_a_message(tmp_path, capsys):
    assert main(["publish", "--date", "2026-13-01", "--out", str(tmp_path)]) == 2
    assert "not a real calendar day" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())
