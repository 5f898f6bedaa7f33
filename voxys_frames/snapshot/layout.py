"""Where the files of a snapshot go inside a root: the flat layout and the hive layout.

The **flat** layout (the default) gives every snapshot one directory::

    ROOT/20250301T091530123456Z-1a2b3c/manifest.json
    ROOT/20250301T091530123456Z-1a2b3c/messages/part-00000.parquet

The **hive** layout holds many accounts' snapshots under one root, one hive-partitioned
Parquet dataset per table, which Spark, Trino, DuckDB and polars read as they are
(partition columns ``account`` and ``snapshot``)::

    ROOT/messages/account=1/snapshot=20250301T091530123456Z-1a2b3c/part-00000.parquet
    ROOT/conversations/account=1/snapshot=20250301T091530123456Z-1a2b3c/part-00000.parquet
    ROOT/_snapshots/account=1/snapshot=20250301T091530123456Z-1a2b3c/manifest.json

The manifest is written last: it is the commit marker. Its ``files`` point at the
partitions (relative to the manifest's directory), so ``load_snapshot``, ``show`` and
``diff`` work on ``ROOT/_snapshots/account=1/snapshot=...`` as on any snapshot.
``_snapshots`` starts with an underscore, so engines that list a root skip it.

Examples
--------
>>> hive = placement("hive", name="20250301T091530123456Z-1a2b3c", account_id=7)
>>> hive.snapshot_dir
'_snapshots/account=7/snapshot=20250301T091530123456Z-1a2b3c'
>>> hive.table_dir("messages")
'messages/account=7/snapshot=20250301T091530123456Z-1a2b3c'
>>> hive.relative_to_snapshot("messages/account=7/snapshot=20250301T091530123456Z-1a2b3c/part-00000.parquet")
'../../../messages/account=7/snapshot=20250301T091530123456Z-1a2b3c/part-00000.parquet'
>>> placement("flat", name="20250301T091530123456Z-1a2b3c", account_id=None).table_dir("messages")
'20250301T091530123456Z-1a2b3c/messages'
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Final, Literal, get_args

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.snapshot.manifest import MANIFEST, is_snapshot_name
from voxys_frames.snapshot.storage import Storage

Layout = Literal["flat", "hive"]
"""``flat``: one directory per snapshot; ``hive``: one partitioned dataset per table."""

SNAPSHOTS_DIR: Final = "_snapshots"
ACCOUNT: Final = "account"
SNAPSHOT: Final = "snapshot"


@dataclass(frozen=True)
class Placement:
    """The directories (relative to the root) of one snapshot's manifest and tables."""

    layout: Layout
    name: str
    account_id: int | None

    @property
    def snapshot_dir(self) -> str:
        """The directory that holds ``manifest.json``: the snapshot's path."""
        if self.layout == "flat":
            return self.name
        return f"{SNAPSHOTS_DIR}/{self.partition}"

    @property
    def partition(self) -> str:
        """``account=<id>/snapshot=<name>`` (hive layout)."""
        return f"{ACCOUNT}={self.account_id}/{SNAPSHOT}={self.name}"

    def table_dir(self, table: str) -> str:
        """The directory that holds the Parquet parts of ``table``."""
        if self.layout == "flat":
            return f"{self.name}/{table}"
        return f"{table}/{self.partition}"

    def relative_to_snapshot(self, path: str) -> str:
        """``path`` (relative to the root) as the manifest lists it."""
        return posixpath.relpath(path, self.snapshot_dir)


def placement(layout: Layout, *, name: str, account_id: int | None) -> Placement:
    """The placement of snapshot ``name``; the hive layout needs an ``account_id``."""
    if layout not in get_args(Layout):
        msg = f"unknown layout {layout!r}: use one of {', '.join(get_args(Layout))}"
        raise ConfigurationError(msg)
    if layout == "hive" and type(account_id) is not int:
        msg = (
            f"the hive layout partitions by account: account_id must be an int, got {account_id!r}"
        )
        raise ConfigurationError(msg)
    return Placement(layout, name, account_id)


def is_hive_root(storage: Storage) -> bool:
    """Whether ``storage`` holds a hive layout (a ``_snapshots`` directory)."""
    return SNAPSHOTS_DIR in storage.directories()


def hive_snapshot_dirs(storage: Storage, *, account_id: int | None = None) -> list[str]:
    """The committed snapshots of a hive root (relative dirs), oldest first, then by account.

    Only snapshots whose manifest exists are listed: a snapshot being written, or one
    whose writer died, is invisible.
    """
    accounts = (
        [f"{ACCOUNT}={account_id}"]
        if account_id is not None
        else [d for d in storage.directories(SNAPSHOTS_DIR) if _is_account_dir(d)]
    )
    candidates = [
        f"{SNAPSHOTS_DIR}/{account}/{directory}"
        for account in accounts
        for directory in storage.directories(f"{SNAPSHOTS_DIR}/{account}")
        if is_snapshot_name(directory.removeprefix(f"{SNAPSHOT}="))
    ]
    committed = storage.are_files([f"{c}/{MANIFEST}" for c in candidates])
    chosen = [c for c, ok in zip(candidates, committed, strict=True) if ok]
    return sorted(chosen, key=lambda c: (snapshot_name_of(c), c))


def _is_account_dir(name: str) -> bool:
    prefix, _, value = name.partition("=")
    return prefix == ACCOUNT and value.removeprefix("-").isdigit()


def snapshot_name_of(path: str) -> str:
    """The snapshot name in a snapshot path of either layout.

    >>> snapshot_name_of("s3://b/root/_snapshots/account=1/snapshot=20250301T091530123456Z-1a2b3c")
    '20250301T091530123456Z-1a2b3c'
    """
    return posixpath.basename(str(path).rstrip("/")).removeprefix(f"{SNAPSHOT}=")
