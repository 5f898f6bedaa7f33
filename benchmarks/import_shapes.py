"""``import-raw`` on data shaped unlike the emulator's: the ratio to the parse floor per shape.

One raw archive is made by a crawl of the emulator; each shape below is a rewrite of
its bodies into what another Chatwoot-shaped server or generator could send. Every
shape is then imported (``import_archive``: read, decompress, convert, write the
snapshot) in a process of its own, beside the parse floor of the same bodies
(``orjson.loads`` of every body, already decompressed in memory), and the script prints
CPU seconds, the ratio to the floor, peak RSS and how many bodies took the typed fast
path (counted by :data:`voxys_frames.convert.batch.CALLS`).

Shapes:

* ``emulator``: the bodies as the emulator sent them;
* ``fork_keys``: every conversation and message carries five keys no table declares
  (int, float, text, object, list), as a fork adds them;
* ``varying_types``: undeclared keys whose JSON type changes from object to object
  (int, text, null, object, list, bool), and free-form objects sent as ``null``;
* ``pretty_keys_reversed``: indented JSON with every object's keys in reverse order
  (another serializer's bytes);
* ``long_threads``: the histories of 20 conversations joined into one thread
  (messages re-numbered into that conversation), so bodies hold ~400 messages;
* ``few_messages``: every history cut to its first message (many tiny bodies).

Usage: ``.venv/bin/python benchmarks/import_shapes.py --conversations 3000``
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
from import_raw import floor, make_archive, run_import

Json = Any
Rewrite = Callable[[Path, list[tuple[Path, Json]]], Iterator[tuple[Path, bytes]]]


def _objects(relative: Path, doc: Json) -> Iterator[dict[str, Any]]:
    """The conversation or message objects of a body (others are left as they are)."""
    top = relative.parts[0]
    if top == "conversations" and isinstance(doc, dict):
        for conversation in (doc.get("data") or {}).get("payload") or []:
            yield conversation
            yield from conversation.get("messages") or []
    elif top == "messages" and isinstance(doc, dict):
        yield from doc.get("payload") or []


def _each(
    docs: list[tuple[Path, Json]], change: Callable[[int, dict[str, Any]], None]
) -> Iterator[tuple[Path, bytes]]:
    number = 0
    for relative, doc in docs:
        for item in _objects(relative, doc):
            number += 1
            change(number, item)
        yield relative, orjson.dumps(doc)


def emulator(_: Path, docs: list[tuple[Path, Json]]) -> Iterator[tuple[Path, bytes]]:
    return _each(docs, lambda _n, _o: None)


def fork_keys(_: Path, docs: list[tuple[Path, Json]]) -> Iterator[tuple[Path, bytes]]:
    def change(number: int, item: dict[str, Any]) -> None:
        item["fork_score"] = number
        item["fork_weight"] = number / 7
        item["fork_ref"] = f"ref-{number}"
        item["fork_meta"] = {"model": "v2", "rank": number % 5}
        item["fork_tags"] = ["a", f"t{number % 3}"]

    return _each(docs, change)


VARYING: tuple[Json, ...] = (1, "one", None, {"k": 1}, [1, "x"], True, 2.5)


def varying_types(_: Path, docs: list[tuple[Path, Json]]) -> Iterator[tuple[Path, bytes]]:
    def change(number: int, item: dict[str, Any]) -> None:
        item["fork_value"] = VARYING[number % len(VARYING)]
        item["fork_other"] = VARYING[(number * 3) % len(VARYING)]
        for free in ("content_attributes", "additional_attributes", "custom_attributes"):
            if number % 4 == 0 and free in item:
                item[free] = None

    return _each(docs, change)


def _reversed(value: Json) -> Json:
    if isinstance(value, dict):
        return {key: _reversed(value[key]) for key in reversed(value)}
    if isinstance(value, list):
        return [_reversed(item) for item in value]
    return value


def pretty_keys_reversed(_: Path, docs: list[tuple[Path, Json]]) -> Iterator[tuple[Path, bytes]]:
    for relative, doc in docs:
        yield relative, orjson.dumps(_reversed(doc), option=orjson.OPT_INDENT_2)


def long_threads(_: Path, docs: list[tuple[Path, Json]]) -> Iterator[tuple[Path, bytes]]:
    joined: dict[int, list[Json]] = {}
    for relative, doc in docs:
        if relative.parts[0] != "messages":
            yield relative, orjson.dumps(doc)
            continue
        conversation = int(relative.parts[1])
        joined.setdefault((conversation - 1) // 20 * 20 + 1, []).extend(doc.get("payload") or [])
    for conversation, messages in joined.items():
        for message in messages:
            message["conversation_id"] = conversation
        messages.sort(key=lambda m: m["id"])
        body = {"meta": {}, "payload": messages}
        yield Path("messages", str(conversation), "page-1.json.gz"), orjson.dumps(body)


def few_messages(_: Path, docs: list[tuple[Path, Json]]) -> Iterator[tuple[Path, bytes]]:
    for relative, doc in docs:
        if relative.parts[0] == "messages" and isinstance(doc, dict):
            doc["payload"] = (doc.get("payload") or [])[:1]
        yield relative, orjson.dumps(doc)


SHAPES: dict[str, Rewrite] = {
    "emulator": emulator,
    "fork_keys": fork_keys,
    "varying_types": varying_types,
    "pretty_keys_reversed": pretty_keys_reversed,
    "long_threads": long_threads,
    "few_messages": few_messages,
}


def rewrite(source: Path, target: Path, shape: Rewrite) -> int:
    """Copy the archive ``source`` to ``target`` with every body rewritten; bodies written."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.json.gz"))
    docs = [
        (path.relative_to(source), orjson.loads(gzip.decompress(path.read_bytes())))
        for path in sorted(source.rglob("*.json.gz"))
    ]
    written = 0
    for relative, body in shape(source, docs):
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_bytes(gzip.compress(body, compresslevel=1))
        written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=3000)
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES))
    parser.add_argument("--phase", choices=["floor", "import"])
    parser.add_argument("--archive", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.phase == "floor":
        floor(args.archive)
        return
    if args.phase == "import":
        run_import(args.archive, args.out)
        return
    with tempfile.TemporaryDirectory() as tmp:
        source = make_archive(Path(tmp), args.conversations)
        print(f"archive: {args.conversations} conversations made by the emulator")
        print(
            f"{'shape':<22}{'bodies':>8}{'MB':>8}{'floor s':>9}{'import s':>10}"
            f"{'ratio':>8}{'peak MiB':>10}{'typed':>8}{'messages':>10}"
        )
        for name in args.shapes:
            archive = Path(tmp) / name
            bodies = rewrite(source, archive, SHAPES[name])
            me = [sys.executable, __file__, "--archive", str(archive)]
            cpu_floor, size = subprocess.check_output([*me, "--phase", "floor"], text=True).split()
            out = subprocess.check_output(
                [*me, "--phase", "import", "--out", str(Path(tmp) / f"{name}-out")], text=True
            ).split()
            cpu, peak, typed, converted, rows = out
            print(
                f"{name:<22}{bodies:>8}{int(size) / 1e6:>8.1f}{float(cpu_floor):>9.2f}"
                f"{float(cpu):>10.2f}{float(cpu) / float(cpu_floor):>7.1f}x{float(peak):>10.0f} "
                f"{typed + '/' + converted:>10}{rows:>10}"
            )


if __name__ == "__main__":
    main()
