"""The contenders of the frames benchmark, each run alone in its own process.

``python benchmarks/frames_contenders.py NAME --cache DIR --size N --out DIR`` runs one
contender over the cached bodies of the first ``N`` conversations and prints one JSON
line: wall seconds, input rows (conversations + messages objects read), rows per
table written, and the process's peak RSS (with the RSS after imports, so the
increase is visible). Contenders:

* ``floor``: read every body and parse it with orjson; nothing else.
* ``ours``: bodies (bytes) -> :mod:`voxys_frames` frames -> a Parquet snapshot,
  converted in batches and streamed through :class:`~voxys_frames.snapshot.SnapshotWriter`
  as a crawl does.
* ``pandas``: ``pandas.json_normalize`` per table (conversations, embedded messages,
  labels, SLA events, endpoint messages, attachments), concatenated, written to Parquet.
* ``dlt``: a dlt pipeline over the parsed payloads, filesystem destination, Parquet
  files; dlt makes its own child tables (``conversations__labels``...).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from frames_cache import ACCOUNT_ID, BodyCache, Record
from memory import peak_rss_mib, proc_status_mib

from voxys_frames.convert.bodies import Body, Endpoint, history_page_name, list_page_name

Run = Callable[[BodyCache, int, Path], dict[str, int]]
"""A contender: (cache, size, output directory) -> rows per table it produced."""

CHUNK_BODIES = 500
"""Bodies per batch for the contenders that take lists of records (pandas, dlt)."""
BATCH_OBJECTS = 20_000
"""Conversations or messages converted together by ours."""


def _peak_mib() -> float:
    """This process's peak (VmHWM), or its children's if larger (a contender may run one)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return max(peak_rss_mib(), children)


# --- floor ------------------------------------------------------------------------------


def floor(cache: BodyCache, size: int, out: Path) -> dict[str, int]:
    """Read and parse every body; count the objects so the parse cannot be skipped."""
    conversations = messages = 0
    for _, body in cache.list_bodies(size):
        conversations += len(orjson.loads(body)["data"]["payload"])
    for _, body in cache.message_bodies(size):
        messages += len(orjson.loads(body)["payload"])
    return {"conversations": conversations, "messages": messages}


# --- ours -------------------------------------------------------------------------------


class Phases:
    """Wall seconds spent in each named phase of a contender, summed over its calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            self.seconds[name] = self.seconds.get(name, 0.0) + elapsed


PHASES = Phases()
"""What ``ours`` reports beside its total: convert, add (parts written) and commit."""


def _batches(bodies: Iterator[tuple[Record, bytes]], endpoint: Endpoint) -> Iterator[list[Body]]:
    """Consecutive bodies, still bytes, grouped until a batch holds ``BATCH_OBJECTS`` objects."""
    batch: list[Body] = []
    objects = 0
    requests: dict[int, int] = {}  # bodies read so far per conversation (history pages)
    for number, (record, raw) in enumerate(bodies, start=1):
        if endpoint == "messages":
            requests[record.conversation_id] = requests.get(record.conversation_id, 0) + 1
            name = history_page_name(record.conversation_id, requests[record.conversation_id])
        else:
            name = list_page_name(number)
        batch.append(Body(endpoint, name, raw, record.conversation_id or None))
        objects += record.objects
        if objects >= BATCH_OBJECTS:
            yield batch
            batch, objects = [], 0
    if batch:
        yield batch


def ours(cache: BodyCache, size: int, out: Path) -> dict[str, int]:
    """Bodies -> frames -> snapshot, streamed through SnapshotWriter.

    As a crawl converts them (:func:`voxys_frames.convert.batch.convert`): consecutive
    bodies, still bytes, are converted together (a frame per table per batch, not per
    body; a ``pages`` row per body). The time of each phase is kept in :data:`PHASES`:
    ``convert`` (bytes to frames: decoding included, the typed fast path where it
    applies), ``add`` (buffering, and writing a part whenever a table has enough rows)
    and ``commit`` (the writer's last parts, its de-duplication of whole tables across
    parts, labels, manifest).
    """
    from voxys_frames.convert.batch import convert
    from voxys_frames.snapshot import SnapshotWriter, read_manifest

    timed = PHASES.timed
    with SnapshotWriter(out, account_id=ACCOUNT_ID, crawl={"status": "all"}) as writer:
        for endpoint, bodies in (
            ("conversations", cache.list_bodies(size)),
            ("messages", cache.message_bodies(size)),
        ):
            for batch in _batches(bodies, endpoint):
                with timed("convert"):
                    tables = convert(batch, account_id=ACCOUNT_ID).tables
                with timed("add"):
                    writer.add(tables)
        with timed("commit"):
            path = writer.commit()
    tables = read_manifest(path)["tables"]
    return {name: int(entry["rows"]) for name, entry in tables.items()}


# --- pandas -----------------------------------------------------------------------------


def _chunks(bodies: Iterator[tuple[Any, bytes]]) -> Iterator[list[tuple[Any, Any]]]:
    chunk: list[tuple[Any, Any]] = []
    for record, body in bodies:
        chunk.append((record, orjson.loads(body)))
        if len(chunk) == CHUNK_BODIES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _arrow_safe(frame: Any) -> Any:
    """Object columns Arrow cannot type (ints here, lists there) as JSON text."""
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object:
            continue
        kinds = {type(v) for v in column if v is not None and v == v}
        if kinds and not kinds <= {str} and not kinds <= {bool}:
            frame[name] = column.map(
                lambda v: None if v is None or v != v else orjson.dumps(v).decode()
            )
    return frame


def pandas_normalize(cache: BodyCache, size: int, out: Path) -> dict[str, int]:
    """The same tables with pandas.json_normalize, written to Parquet with pyarrow."""
    import pandas as pd

    parts: dict[str, list[Any]] = {}

    def keep(name: str, frame: Any) -> None:
        parts.setdefault(name, []).append(frame)

    for chunk in _chunks(cache.list_bodies(size)):
        payload = [c for _, doc in chunk for c in doc["data"]["payload"]]
        conversations = pd.json_normalize(payload, sep=".")
        keep("conversations", conversations.drop(columns=["messages", "labels", "sla_events"]))
        keep(
            "messages",
            pd.json_normalize(
                [c for c in payload if c.get("messages")],
                record_path="messages",
                meta=["account_id"],
                meta_prefix="conversation.",
            ),
        )
        keep("labels", pd.json_normalize(payload, record_path="labels", meta=["account_id", "id"]))
        keep(
            "sla_events",
            pd.json_normalize(
                [c for c in payload if c.get("sla_events")],
                record_path="sla_events",
                meta=["account_id", "id"],
                meta_prefix="conversation.",
            ),
        )
    for chunk in _chunks(cache.message_bodies(size)):
        payload = [
            {**m, "conversation_id": record.conversation_id}
            for record, doc in chunk
            for m in doc["payload"]
        ]
        keep("messages", pd.json_normalize(payload, sep=".").drop(columns=["attachments"]))
        with_files = [
            {"id": m["id"], "attachments": [a for a in m["attachments"] if a is not None]}
            for m in payload
            if m.get("attachments")
        ]
        keep(
            "attachments",
            pd.json_normalize(
                with_files, record_path="attachments", meta=["id"], meta_prefix="message."
            ),
        )
    rows: dict[str, int] = {}
    for name, frames in parts.items():
        frame = _arrow_safe(pd.concat(frames, ignore_index=True))
        frame.to_parquet(out / f"{name}.parquet", compression="zstd", index=False)
        rows[name] = len(frame)
    return rows


# --- dlt --------------------------------------------------------------------------------


def dlt_pipeline(cache: BodyCache, size: int, out: Path) -> dict[str, int]:
    """A dlt pipeline to Parquet files (filesystem destination) over the parsed payloads."""
    os.environ["RUNTIME__DLTHUB_TELEMETRY"] = "false"
    import dlt

    @dlt.resource(name="conversations", write_disposition="append")
    def conversations() -> Iterator[list[Any]]:
        for chunk in _chunks(cache.list_bodies(size)):
            yield [c for _, doc in chunk for c in doc["data"]["payload"]]

    @dlt.resource(name="messages", write_disposition="append")
    def messages() -> Iterator[list[Any]]:
        for chunk in _chunks(cache.message_bodies(size)):
            yield [
                {**m, "conversation_id": record.conversation_id}
                for record, doc in chunk
                for m in doc["payload"]
            ]

    pipeline = dlt.pipeline(
        pipeline_name="frames_bench",
        pipelines_dir=str(out / "pipelines"),
        destination=dlt.destinations.filesystem(bucket_url=(out / "lake").as_uri()),
        dataset_name="voxys",
    )
    pipeline.run([conversations(), messages()], loader_file_format="parquet")
    counts = pipeline.last_trace.last_normalize_info.row_counts
    return {name: int(n) for name, n in counts.items() if not name.startswith("_dlt")}


CONTENDERS: dict[str, Run] = {
    "floor": floor,
    "ours": ours,
    "pandas": pandas_normalize,
    "dlt": dlt_pipeline,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("name", choices=sorted(CONTENDERS))
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    cache = BodyCache(args.cache)
    base_mib = proc_status_mib(os.getpid(), "VmRSS")
    started = time.perf_counter()
    cpu_started = time.process_time()
    tables = CONTENDERS[args.name](cache, args.size, args.out)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    print(
        json.dumps(
            {
                "name": args.name,
                "size": args.size,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "phases": PHASES.seconds,
                "rows_in": cache.objects(args.size),
                "tables": tables,
                "peak_rss_mib": _peak_mib(),
                "base_rss_mib": base_mib,
            }
        )
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
