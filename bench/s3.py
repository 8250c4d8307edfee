"""moto S3 in its own process (its CPU is not the publisher's), request counting, and fast seeding."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from daily_papers import urls

from .env import FAKE_AWS
from .history import data_file, synthetic_edition

OPERATIONS = {"GetObject": "GET", "PutObject": "PUT", "HeadObject": "HEAD", "ListObjectsV2": "LIST"}


class MotoS3:
    """`ThreadedMotoServer` on 127.0.0.1, port 0, in a child process; `AWS_ENDPOINT_URL_S3` points at it."""

    def __enter__(self) -> MotoS3:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.moto_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, **FAKE_AWS},
        )
        line = self.process.stdout.readline() if self.process.stdout else ""
        if not line.startswith("http://127.0.0.1:"):
            self.process.kill()
            raise RuntimeError(f"moto did not start: {line!r}")
        self.endpoint = line.strip()
        os.environ["AWS_ENDPOINT_URL_S3"] = self.endpoint
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.stdin:
            self.process.stdin.close()  # the child stops its server when its stdin closes
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def new_bucket(self) -> str:
        import boto3

        name = f"bench-{uuid.uuid4().hex[:12]}"
        boto3.client("s3").create_bucket(Bucket=name)
        return name


class RequestCounter:
    """Counts the real HTTP requests a boto3 client sends (retries included), by type, and bytes uploaded."""

    def __init__(self, client: Any):
        self.calls: Counter[str] = Counter()
        self.bytes_put = 0
        client.meta.events.register("before-send.s3", self._on_send)

    def reset(self) -> None:
        self.calls.clear()
        self.bytes_put = 0

    def _on_send(self, request: Any, event_name: str = "", **_: Any) -> None:
        operation = event_name.rsplit(".", 1)[-1]
        kind = OPERATIONS.get(operation, operation)
        self.calls[kind] += 1
        if kind == "PUT":
            self.bytes_put += _length(request.body)


def _length(body: Any) -> int:
    if body is None:
        return 0
    if isinstance(body, bytes | bytearray | str):
        return len(body)
    position = body.tell()
    body.seek(0, os.SEEK_END)
    size = body.tell() - position
    body.seek(position)
    return size


def seed_bucket(bucket: str, days: list[date], workers: int = 8) -> tuple[int, int]:
    """Write the days' data files with direct put_object calls, a few at a time: (papers, bytes)."""
    import boto3

    client = boto3.client("s3")

    def put(day: date) -> tuple[int, int]:
        edition = synthetic_edition(day)
        key, body = data_file(edition)
        client.put_object(Bucket=bucket, Key=key, Body=body, ContentType=urls.content_type(key))
        return len(edition.papers), len(body)

    with ThreadPoolExecutor(workers) as pool:
        written = list(pool.map(put, days))
    return sum(papers for papers, _ in written), sum(size for _, size in written)
