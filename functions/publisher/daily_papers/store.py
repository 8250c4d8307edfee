"""The local-folder Store: the embedded default for `make run` and the CLI's --out."""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from pathlib import Path

from .exceptions import PreconditionFailed, StoreError
from .ports import StoredObject, content_hash


class LocalStore:
    """Files under a root folder; writes are atomic renames, so a file's inode, time and size make its
    etag (a listing needs no read); the content's sha256 is its metadata, as the writers store it in S3."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._folders: set[Path] = set()  # made by this store: a rebuild writes thousands of pages

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
            with open(self._path(key), "rb") as handle:
                body, etag = handle.read(), _etag(os.fstat(handle.fileno()))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"reading {key}: {exc}") from exc
        return StoredObject(key, body, etag, {"sha256": content_hash(body)})

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
            if path.parent not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
            if if_match is None and not if_none_match:  # nothing to check: an atomic rename is enough
                return _replace(path, body)
            lock = os.open(self.root, os.O_RDONLY)
            try:
                fcntl.flock(lock, fcntl.LOCK_EX)
                current = _stat(path)
                if if_none_match and current is not None:
                    raise PreconditionFailed(f"{key} already exists")
                if if_match is not None and (current is None or current != if_match):
                    raise PreconditionFailed(f"{key} changed since it was read")
                return _replace(path, body)
            finally:
                os.close(lock)
        except OSError as exc:
            raise StoreError(f"writing {key}: {exc}") from exc

    def list_keys(self, prefix: str) -> list[str]:
        return sorted(self._files(prefix))

    def etags(self, prefix: str) -> dict[str, str]:
        try:
            return {key: _etag(path.stat()) for key, path in sorted(self._files(prefix).items())}
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
        # names only (os.listdir makes no DirEntry): the folder data/ holds one file a day
        for name in [n for n in os.listdir(base) if n.startswith(start)]:
            path = base / name
            paths += [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
        found = {p.relative_to(self.root).as_posix(): p for p in paths}
        return {k: p for k, p in found.items() if k.startswith(prefix) and not k.rsplit("/", 1)[-1].startswith(".")}


def _etag(stat: os.stat_result) -> str:
    """A new file is renamed into place on every write: its inode, write time and size change."""
    return f"{stat.st_ino:x}-{stat.st_mtime_ns:x}-{stat.st_size:x}"


def _stat(path: Path) -> str | None:
    try:
        return _etag(path.stat())
    except FileNotFoundError:
        return None


def _replace(path: Path, body: bytes) -> str:
    """Write `body` to a temporary file beside `path`, rename it into place; return its etag.
    The temporary name is this process's and thread's own (cheaper than mkstemp's random names and
    a chmod per page in a rebuild); one left by a crashed writer of the same pid is replaced."""
    tmp = path.with_name(f".tmp-{os.getpid()}-{threading.get_native_id()}-{path.name}")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(body)
        while view:
            view = view[os.write(fd, view) :]
        etag = _etag(os.fstat(fd))
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    os.close(fd)
    os.replace(tmp, path)
    return etag
