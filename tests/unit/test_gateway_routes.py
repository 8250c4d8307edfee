"""The browser tests' stand-in for CloudFront routes paths as cloudfront/rewrite.js does: both pass the
one table cloudfront/cases.json (the real function under Node, in `make infra`)."""

import json
from pathlib import Path

import pytest

from tests.support.gateway import route

CASES = json.loads((Path(__file__).resolve().parents[2] / "cloudfront" / "cases.json").read_text())


@pytest.mark.parametrize("prefix", ["/", "/blog/"])
def test_the_gateway_serves_and_redirects_as_the_cloudfront_function(prefix):
    assert CASES["serves"] and CASES["redirects"]
    for uri, served in CASES["serves"]:
        assert route(prefix, prefix + uri[1:]) == ("key", served[1:]), uri
    for uri, target in CASES["redirects"]:
        assert route(prefix, prefix + uri[1:]) == ("redirect", prefix + target[1:]), uri


def test_paths_outside_the_mount_are_missing():
    assert route("/blog/", "/posts/2026-02-09/") == ("missing", "")
