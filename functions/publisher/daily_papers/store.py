"""The local-folder Store: the embedded default for `make run` and the CLI's --out."""

from __future__ import annotations

import fcntl
import os
import tempfile
from pathlib import Path

from .exceptions import PreconditionFailed, StoreError
from .ports import StoredObject, content_hash


class LocalStore:
    """Files under a root folder; etag = sha256 of the content; writes are atomic renames."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def reopen(self) -> LocalStore:
        """The same folder, for a worker process."""
        return LocalStore(self.root)

    def _path(self, key: str) -> Path:
        """Checked by its text (no resolve(): a rebuild asks thousands of times): a key is relative,
        with no empty, '.' or '..' part, so it cannot leave the folder."""
        if key.startswith("/") or any(part in ("", ".", "..") for part in key.split("/")):
            raise StoreError(f"key {key!r} escapes the site folder")
        return self.root / key

    def get(self, key: str) -> StoredObject | None:
        try:
            body = self._path(key).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"reading {key}: {exc}") from exc
        digest = content_hash(body)
        return StoredObject(key, body, digest, {"sha256": digest})

    def head(self, key: str) -> StoredObject | None:
        found = self.get(key)
        return found and StoredObject(key, b"", found.etag, found.metadata)

    def put(
        self,
        key: str,
        body: bytes,
        content_type: str,
        *,
        metadata: dict[str, str] | None = None,
        if_match: str | None = None,
        if_none_match: bool = False,
    ) -> str:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            lock = os.open(self.root, os.O_RDONLY)
            try:
                fcntl.flock(lock, fcntl.LOCK_EX)
                current = self.head(key)
                if if_none_match and current is not None:
                    raise PreconditionFailed(f"{key} already exists")
                if if_match is not None and (current is None or current.etag != if_match):
                    raise PreconditionFailed(f"{key} changed since it was read")
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
                with os.fdopen(fd, "wb") as handle:
                    handle.write(body)
                os.chmod(tmp, 0o644)
                os.replace(tmp, path)
            finally:
                os.close(lock)
        except OSError as exc:
            raise StoreError(f"writing {key}: {exc}") from exc
        return content_hash(body)

    def list_keys(self, prefix: str) -> list[str]:
        return sorted(self._files(prefix))

    def etags(self, prefix: str) -> dict[str, str]:
        try:
            return {key: content_hash(path.read_bytes()) for key, path in sorted(self._files(prefix).items())}
        except OSError as exc:
            raise StoreError(f"listing {prefix}: {exc}") from exc

    def _files(self, prefix: str) -> dict[str, Path]:
        """Files under prefix; only the entries of the prefix's folder that match its last part are
        walked, so listing one month's data keys does not walk every day (the daily run does that)."""
        folder, _, start = prefix.rpartition("/")
        base = self.root / folder if folder else self.root
        if not base.is_dir():
            return {}
        paths: list[Path] = []
        with os.scandir(base) as entries:  # names only: no Path object for the entries that do not match
            for entry in entries:
                if entry.name.startswith(start):
                    path = Path(entry.path)
                    paths += [p for p in path.rglob("*") if p.is_file()] if entry.is_dir() else [path]
        found = {p.relative_to(self.root).as_posix(): p for p in paths}
        return {k: p for k, p in found.items() if k.startswith(prefix) and not k.rsplit("/", 1)[-1].startswith(".")}
