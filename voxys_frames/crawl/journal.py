"""The resume journal: a crawl's plan, its finished units and their spooled rows.

A crawl works in ``OUT/.crawl-<fingerprint>/`` (hidden, so it is never taken for a
snapshot), where the fingerprint names the account and the crawl options::

    state.json               the options and the plan (counts and ranges read at the start)
    journal.jsonl            one line per checkpoint: the units finished and the files written
    spool/<table>/part-N.parquet   the rows of those units
    raw/                     the raw archive being written (with keep_raw)

A checkpoint writes its Parquet files first (each renamed into place when complete),
then appends its journal line and syncs it. A crawl killed at any instant therefore
leaves lines that name only complete files; on resume, a torn last line and files no
line names are discarded, and the units of the remaining lines are not fetched again.

Only the units read back on resume are held in memory (:attr:`Journal.units`, handed
over once by :meth:`Journal.take_units`); the units a crawl checkpoints are written to
the journal file and not kept, so a crawl's memory does not grow with a record per unit.

Examples
--------
>>> import tempfile, polars as pl
>>> out = tempfile.mkdtemp()
>>> journal = Journal.open(out, "f00d", resume=False)
>>> journal.save_plan({"pages": 3})
>>> journal.checkpoint({"teams": pl.DataFrame({"id": [1]})}, [{"unit": "teams"}])
>>> again = Journal.open(out, "f00d", resume=True)
>>> journal.units  # checkpointed units are on disk only
[]
>>> again.plan, again.take_units(), again.units, len(again.spool_files("teams"))
({'pages': 3}, [{'unit': 'teams'}], [], 1)
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import orjson
import polars as pl

from voxys_frames.exceptions import SnapshotError

__all__ = ["Journal", "workdir_of"]

STATE: Final = "state.json"
JOURNAL: Final = "journal.jsonl"
SPOOL: Final = "spool"


def workdir_of(out: str | Path, fingerprint: str) -> Path:
    """The work directory of the crawl with ``fingerprint`` inside ``out``."""
    return Path(out) / f".crawl-{fingerprint}"


class Journal:
    """The work directory of one crawl; see the module docstring."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.plan: dict[str, Any] | None = None
        self.units: list[dict[str, Any]] = []
        """The finished units read back on resume, until :meth:`take_units` hands them over."""
        self.resumed = False
        self._checkpoints = 0
        self._files: dict[str, list[Path]] = {}

    @classmethod
    def open(cls, out: str | Path, fingerprint: str, *, resume: bool) -> Journal:
        """The journal for ``fingerprint``: continued when ``resume``, else started afresh."""
        journal = cls(workdir_of(out, fingerprint))
        if resume and (journal.directory / STATE).is_file():
            journal._load()
        else:
            shutil.rmtree(journal.directory, ignore_errors=True)
            (journal.directory / SPOOL).mkdir(parents=True)
        return journal

    @property
    def raw_dir(self) -> Path:
        """Where the raw archive is written during the crawl."""
        return self.directory / "raw"

    def save_plan(self, plan: Mapping[str, Any]) -> None:
        """Write the plan (read once at the start, kept for every resume)."""
        self.plan = dict(plan)
        _write_atomic(self.directory / STATE, orjson.dumps(self.plan, option=orjson.OPT_INDENT_2))

    def checkpoint(self, tables: Mapping[str, pl.DataFrame], units: list[dict[str, Any]]) -> None:
        """Make ``units`` and the rows in ``tables`` durable, in that order of visibility."""
        number = self._checkpoints
        written: list[str] = []
        for name, frame in tables.items():
            if frame.height == 0:
                continue
            relative = f"{SPOOL}/{name}/part-{number:06d}.parquet"
            target = self.directory / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".partial")
            frame.write_parquet(partial, compression="lz4", statistics=False)
            partial.replace(target)
            written.append(relative)
            self._files.setdefault(name, []).append(target)
        line = orjson.dumps({"checkpoint": number, "files": written, "units": units})
        with (self.directory / JOURNAL).open("ab") as handle:
            handle.write(line + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        self._checkpoints += 1

    def take_units(self) -> list[dict[str, Any]]:
        """The units read back on resume, handed over once: the journal keeps none after.

        >>> import tempfile
        >>> Journal.open(tempfile.mkdtemp(), "f00d", resume=False).take_units()
        []
        """
        units, self.units = self.units, []
        return units

    def spool_files(self, table: str) -> list[Path]:
        """The spooled Parquet files of ``table``, in the order written."""
        return list(self._files.get(table, []))

    def remove(self) -> None:
        """Delete the work directory (after the snapshot is committed)."""
        shutil.rmtree(self.directory, ignore_errors=True)

    def _load(self) -> None:
        try:
            self.plan = orjson.loads((self.directory / STATE).read_bytes())
        except orjson.JSONDecodeError:
            self.plan = None
        self.resumed = True
        journal = self.directory / JOURNAL
        data = journal.read_bytes() if journal.is_file() else b""
        kept = 0
        named: set[Path] = set()
        for raw in data.splitlines(keepends=True):
            try:
                line = orjson.loads(raw)
            except orjson.JSONDecodeError:
                break  # a torn last line: that checkpoint never happened
            if not raw.endswith(b"\n"):
                break
            kept += len(raw)
            self._checkpoints += 1
            self.units.extend(line["units"])
            for relative in line["files"]:
                path = self.directory / relative
                if not path.is_file():
                    msg = f"{journal}: names {relative}, which is missing; remove {self.directory}"
                    raise SnapshotError(msg)
                named.add(path)
                self._files.setdefault(path.parent.name, []).append(path)
        if kept < len(data):
            with journal.open("r+b") as handle:
                handle.truncate(kept)
        for path in (self.directory / SPOOL).rglob("*"):
            if path.is_file() and path not in named:
                path.unlink()


def _write_atomic(target: Path, data: bytes) -> None:
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    partial.replace(target)
