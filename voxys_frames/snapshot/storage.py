"""Where snapshots live: a local directory or an ``s3://bucket/prefix`` URL.

A :class:`Storage` is one root directory on one file system. It does the few file
operations snapshots need (small files, listings, moves, removals) through
:mod:`pyarrow.fs`, and hands polars the path or URL of every Parquet file together with
the ``storage_options`` to reach it, so polars reads and writes the data natively.

Object storage is configured by the standard AWS environment variables:
``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``, ``AWS_REGION``
(or ``AWS_DEFAULT_REGION``) and ``AWS_ENDPOINT_URL_S3`` / ``AWS_ENDPOINT_URL`` for an
S3-compatible server (MinIO, Ceph, R2...). Without keys both pyarrow and polars fall back
to the usual AWS chain (profile files, instance roles). Secrets never appear in a repr.

Examples
--------
>>> import tempfile
>>> local = Storage.open(tempfile.mkdtemp())
>>> local.is_local, local.storage_options
(True, None)
>>> local.write_bytes("a/b.json", b"{}")
>>> local.is_file("a/b.json"), local.directories()
(True, ['a'])
>>> settings = S3Settings.from_environ(
...     {"AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s3cr3t",
...      "AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:9000"})
>>> settings
S3Settings(access_key='AKIA', region='eu-west-1', endpoint_url='http://127.0.0.1:9000')
>>> settings.storage_options()["aws_allow_http"]
'true'
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

import pyarrow.fs as pafs

from voxys_frames.exceptions import ConfigurationError, SnapshotError

S3_SCHEME: Final = "s3://"


def is_url(root: str | Path) -> bool:
    """Whether ``root`` names object storage (``scheme://...``) rather than a local path.

    >>> is_url("s3://bucket/snapshots"), is_url("data/snapshots"), is_url(Path("/tmp"))
    (True, False, False)
    """
    return isinstance(root, str) and "://" in root and not root.startswith("file://")


@dataclass(frozen=True)
class S3Settings:
    """S3 credentials, region and endpoint, as read from the AWS environment variables."""

    access_key: str | None = None
    secret_key: str | None = field(default=None, repr=False)
    session_token: str | None = field(default=None, repr=False)
    region: str | None = None
    endpoint_url: str | None = None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> S3Settings:
        """Read the settings; a key without its secret, or a bad endpoint, is an error."""
        env = os.environ if environ is None else environ
        settings = cls(
            access_key=env.get("AWS_ACCESS_KEY_ID") or None,
            secret_key=env.get("AWS_SECRET_ACCESS_KEY") or None,
            session_token=env.get("AWS_SESSION_TOKEN") or None,
            region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or None,
            endpoint_url=env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL") or None,
        )
        if (settings.access_key is None) != (settings.secret_key is None):
            have, missing = (
                ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
                if settings.access_key
                else ("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID")
            )
            msg = f"{have} is set but {missing} is not: set both or neither"
            raise ConfigurationError(msg)
        if settings.endpoint_url:
            parts = urlsplit(settings.endpoint_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                msg = f"AWS_ENDPOINT_URL must look like http(s)://host[:port], got {settings.endpoint_url!r}"
                raise ConfigurationError(msg)
        return settings

    def filesystem(self) -> pafs.FileSystem:
        """A pyarrow S3 file system with these settings."""
        options: dict[str, object] = {
            "access_key": self.access_key,
            "secret_key": self.secret_key,
            "session_token": self.session_token,
            "region": self.region,
        }
        if self.endpoint_url:
            parts = urlsplit(self.endpoint_url)
            options["endpoint_override"] = parts.netloc
            options["scheme"] = parts.scheme
            options["region"] = self.region or "us-east-1"
        return pafs.S3FileSystem(**{k: v for k, v in options.items() if v is not None})

    def storage_options(self) -> dict[str, str]:
        """The same settings as polars ``storage_options`` (only those that are set)."""
        options = {
            "aws_access_key_id": self.access_key,
            "aws_secret_access_key": self.secret_key,
            "aws_session_token": self.session_token,
            "aws_region": self.region,
            "aws_endpoint_url": self.endpoint_url,
        }
        if self.endpoint_url and self.endpoint_url.startswith("http://"):
            options["aws_allow_http"] = "true"
        return {key: value for key, value in options.items() if value is not None}


class Storage:
    """A root directory, local or in an S3 bucket, and the operations snapshots need.

    Relative paths use ``/`` and may hold ``..`` (a manifest's files relative to its own
    directory); they never leave the file system the root is on.
    """

    def __init__(
        self,
        filesystem: pafs.FileSystem,
        base: str,
        *,
        scheme: str = "",
        storage_options: Mapping[str, str] | None = None,
    ) -> None:
        self.filesystem = filesystem
        self.base = base.rstrip("/") or "/"
        self.scheme = scheme
        self.storage_options = dict(storage_options) if storage_options is not None else None

    @classmethod
    def open(cls, root: str | Path, *, environ: Mapping[str, str] | None = None) -> Storage:
        """The storage of ``root``: a local path, ``file://`` path or ``s3://bucket/prefix``."""
        if isinstance(root, Path) or not is_url(root):
            text = str(root).removeprefix("file://")
            return cls(pafs.LocalFileSystem(), str(Path(text)))
        if not root.startswith(S3_SCHEME):
            scheme = root.split("://", 1)[0]
            msg = f"unsupported storage {scheme}:// in {root!r}: use a local path or s3://bucket/prefix"
            raise ConfigurationError(msg)
        bucket_and_prefix = root.removeprefix(S3_SCHEME).strip("/")
        if not bucket_and_prefix:
            msg = f"no bucket in {root!r}: use s3://bucket/prefix"
            raise ConfigurationError(msg)
        settings = S3Settings.from_environ(environ)
        return cls(
            settings.filesystem(),
            posixpath.normpath(bucket_and_prefix),
            scheme=S3_SCHEME,
            storage_options=settings.storage_options(),
        )

    @property
    def is_local(self) -> bool:
        """Whether the root is a local directory."""
        return not self.scheme

    @property
    def url(self) -> str:
        """The root as given back to users: a local path or an ``s3://`` URL."""
        return f"{self.scheme}{self.base}"

    def __repr__(self) -> str:
        return f"Storage({self.url!r})"

    def location(self, relative: str = "") -> Path | str:
        """What users get for ``relative``: a :class:`~pathlib.Path` locally, else a URL."""
        return Path(self._path(relative)) if self.is_local else self.uri(relative)

    def child(self, relative: str) -> Storage:
        """The storage rooted at the sub-directory ``relative``."""
        return Storage(
            self.filesystem,
            self._path(relative),
            scheme=self.scheme,
            storage_options=self.storage_options,
        )

    def uri(self, relative: str = "") -> str:
        """The path or URL polars reads and writes ``relative`` at."""
        return f"{self.scheme}{self._path(relative)}"

    def read_bytes(self, relative: str) -> bytes:
        """The content of the file ``relative``; FileNotFoundError when it does not exist."""
        with self._errors(relative), self.filesystem.open_input_stream(self._path(relative)) as f:
            data: bytes = f.read()
            return data

    def write_bytes(self, relative: str, data: bytes) -> None:
        """Write the file ``relative`` (one PUT on object storage: it appears whole)."""
        self.make_dirs(posixpath.dirname(relative))
        with self._errors(relative), self.filesystem.open_output_stream(self._path(relative)) as f:
            f.write(data)

    def is_file(self, relative: str) -> bool:
        """Whether the file ``relative`` exists."""
        return self.are_files([relative])[0]

    def are_files(self, relatives: list[str]) -> list[bool]:
        """For each of ``relatives``, whether it is an existing file (one batched call)."""
        if not relatives:
            return []
        with self._errors(relatives[0]):
            infos = self.filesystem.get_file_info([self._path(r) for r in relatives])
        return [info.type == pafs.FileType.File for info in infos]

    def directories(self, relative: str = "") -> list[str]:
        """The names of the sub-directories of ``relative``, sorted; none when it is missing."""
        selector = pafs.FileSelector(self._path(relative), allow_not_found=True)
        with self._errors(relative):
            infos = self.filesystem.get_file_info(selector)
        return sorted(
            posixpath.basename(info.path) for info in infos if info.type == pafs.FileType.Directory
        )

    def make_dirs(self, relative: str = "") -> None:
        """Create the directory ``relative`` locally (object storage has no directories)."""
        if self.is_local:
            Path(self._path(relative)).mkdir(parents=True, exist_ok=True)

    def check_writable_root(self) -> None:
        """Fail early with a clear error when the bucket does not exist or cannot be reached."""
        if self.is_local:
            self.make_dirs()
            return
        bucket = self.base.split("/", 1)[0]
        with self._errors(""):
            info = self.filesystem.get_file_info(bucket)
        if info.type != pafs.FileType.Directory:
            msg = f"bucket {bucket!r} of {self.url} does not exist"
            raise SnapshotError(msg)

    def move(self, source: str, target: str) -> None:
        """Move the file or (locally) directory ``source`` to ``target``.

        Locally a rename (atomic for a directory); on object storage a server-side copy
        then a delete of the source.
        """
        self.make_dirs(posixpath.dirname(target))
        with self._errors(source):
            self.filesystem.move(self._path(source), self._path(target))

    def remove(self, relative: str) -> None:
        """Remove the file or directory tree ``relative``; nothing happens when it is missing."""
        path = self._path(relative)
        with self._errors(relative):
            info = self.filesystem.get_file_info(path)
            if info.type == pafs.FileType.Directory:
                self.filesystem.delete_dir(path)
            elif info.type == pafs.FileType.File:
                self.filesystem.delete_file(path)

    def _path(self, relative: str) -> str:
        if not relative:
            return self.base
        joined = posixpath.normpath(posixpath.join(self.base, relative))
        if not self.is_local and not joined.startswith(self.base.split("/", 1)[0] + "/"):
            msg = f"{relative!r} leaves the bucket of {self.url}"
            raise SnapshotError(msg)
        return joined

    @contextmanager
    def _errors(self, relative: str) -> Iterator[None]:
        """Turn pyarrow's OSErrors into one-line SnapshotErrors naming the path."""
        try:
            yield
        except (FileNotFoundError, SnapshotError):
            raise
        except OSError as exc:
            where = self.uri(relative) if relative else self.url
            msg = f"{where}: {' '.join(str(exc).split())}"
            raise SnapshotError(msg) from exc
