"""``import-raw`` against the parse floor, on one raw archive made by a crawl of the emulator.

Prints, for an archive of N conversations: the parse floor (orjson over every body,
already decompressed in memory), ``import_archive`` (read, decompress, convert, write
the snapshot) and its peak RSS, each in its own process.

Usage: ``.venv/bin/python benchmarks/import_raw.py --conversations 3000``
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from emulator_process import emulator_process
from memory import peak_rss_mib

TOKEN = "bench-import-token"


def make_archive(root: Path, conversations: int) -> Path:
    """Crawl an emulator process of ``conversations`` over loopback, keeping the raw archive.

    The emulator runs in its own process (as in ``crawl_scale.py``): in this one it would
    share the interpreter with the crawl and make the archive slow to build at 100k.
    """
    from voxys_frames import fetch

    with emulator_process(conversations, TOKEN) as (_, info):
        fetch(
            info["base_url"],
            info["account_id"],
            TOKEN,
            root / "snaps",
            quiet=True,
            rate_limit=None,
            concurrency=8,
            keep_raw=root / "raw",
        )
    return root / "raw"


def floor(archive: Path) -> None:
    """Print the CPU seconds orjson takes over every body, and their size in bytes."""
    import orjson

    bodies = [gzip.decompress(p.read_bytes()) for p in archive.rglob("*.json.gz")]
    started = time.process_time()
    for body in bodies:
        orjson.loads(body)
    print(f"{time.process_time() - started:.3f} {sum(map(len, bodies))}")


def run_import(archive: Path, out: Path) -> None:
    """Print the import's CPU seconds, peak RSS (MiB), messages bodies that took the typed
    decoder, bodies converted, and the snapshot's message rows."""
    from voxys_frames.archive import import_archive
    from voxys_frames.convert.batch import CALLS
    from voxys_frames.snapshot import read_manifest

    started = time.process_time()
    path = import_archive(archive, out)
    cpu = time.process_time() - started
    peak = peak_rss_mib()
    rows = read_manifest(path)["tables"]["messages"]["rows"]
    print(f"{cpu:.3f} {peak:.0f} {CALLS['fast_messages']} {CALLS['bodies']} {rows}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=3000)
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
        archive = make_archive(Path(tmp), args.conversations)
        bodies = sum(1 for _ in archive.rglob("*.json.gz"))
        me = [sys.executable, __file__, "--archive", str(archive)]
        cpu_floor = float(subprocess.check_output([*me, "--phase", "floor"], text=True).split()[0])
        out = subprocess.check_output(
            [*me, "--phase", "import", "--out", str(Path(tmp) / "o")], text=True
        )
        cpu_import, peak = (float(x) for x in out.split()[:2])
        print(f"archive: {args.conversations} conversations, {bodies} bodies")
        print(f"parse floor (orjson, CPU): {cpu_floor:.2f} s")
        print(
            f"import_archive (CPU):      {cpu_import:.2f} s = {cpu_import / cpu_floor:.1f}x the floor"
        )
        print(f"import_archive peak RSS:   {peak:.0f} MiB")


if __name__ == "__main__":
    main()
