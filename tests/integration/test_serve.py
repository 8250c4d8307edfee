"""The local server behind `make run` sends the content types the bucket gets."""

import threading
import urllib.error
import urllib.request

import pytest

from daily_papers.serve import make_server


@pytest.fixture
def served(tmp_path):
    (tmp_path / "posts/2026-02-09").mkdir(parents=True)
    (tmp_path / "posts/2026-02-09/index.md").write_text("# 한국어", encoding="utf-8")
    (tmp_path / "posts/2026-02-09/index.html").write_text("<p>ok</p>")
    (tmp_path / "feed.xml").write_text("<rss/>")
    (tmp_path / "atom.xml").write_text("<feed/>")
    server = make_server(str(tmp_path), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/posts/2026-02-09/index.md", "text/markdown; charset=utf-8"),
        ("/posts/2026-02-09/", "text/html; charset=utf-8"),
        ("/feed.xml", "application/rss+xml; charset=utf-8"),
        ("/atom.xml", "application/atom+xml; charset=utf-8"),
    ],
)
def test_content_types_match_the_bucket(served, path, content_type):
    with urllib.request.urlopen(served + path) as response:
        assert response.headers["Content-Type"] == content_type


def test_a_missing_path_gets_the_sites_404_page_with_status_404(served, tmp_path):
    (tmp_path / "404.html").write_text("<h1>페이지를 찾을 수 없습니다</h1>", encoding="utf-8")
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(served + "/no/such/page/")
    assert missing.value.code == 404 and missing.value.headers["Content-Type"] == "text/html; charset=utf-8"
    assert missing.value.read().decode("utf-8") == "<h1>페이지를 찾을 수 없습니다</h1>"
