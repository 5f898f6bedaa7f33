"""``voxys-frames emulator``: serve the Chatwoot-compatible emulator on 127.0.0.1.

Example::

    voxys-frames emulator --port 8765 --seed 7 --conversations 500 --account-id 1 --token dev-token
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voxys_frames.emulator import EmulatorConfig
    from voxys_frames.emulator.server import ServerInfo

EXAMPLE = """example:
  voxys-frames emulator --port 8765 --seed 7 --conversations 500 --account-id 1 --token dev-token
  # prints {"base_url": "http://127.0.0.1:8765", "account_id": 1, "token": "dev-token"}
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``emulator`` command."""
    parser = subparsers.add_parser(
        "emulator",
        help="serve a Chatwoot-compatible API with seeded data on 127.0.0.1",
        description=(
            "Serve a Chatwoot-compatible API for one account on 127.0.0.1. On start it prints one "
            "JSON line with base_url, account_id and token, then serves until interrupted."
        ),
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: a free port)")
    parser.add_argument("--seed", type=int, default=7, help="data seed: same seed, same bytes")
    parser.add_argument("--conversations", type=int, default=500, help="number of conversations")
    parser.add_argument("--account-id", type=int, default=1, help="the account's id")
    parser.add_argument("--token", default="dev-token", help="the administrator's API token")
    parser.add_argument(
        "--now",
        type=datetime.fromisoformat,
        default=None,
        help="emulated start time, ISO 8601 (default 2026-11-01T00:00:00+00:00)",
    )
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=3000,
        help="requests per window and client IP before 429 (0: no limit)",
    )
    parser.add_argument(
        "--rate-window", type=float, default=60.0, help="rate-limit window, seconds"
    )
    parser.add_argument(
        "--latency-ms", type=float, default=0.0, help="delay added to every response"
    )
    parser.add_argument(
        "--fault-5xx", type=float, default=0.0, help="share of 502/503/504 HTML answers"
    )
    parser.add_argument("--fault-slow", type=float, default=0.0, help="share of slow answers")
    parser.add_argument(
        "--fault-slow-seconds", type=float, default=2.0, help="delay of a slow answer"
    )
    parser.add_argument(
        "--fault-truncated", type=float, default=0.0, help="share of cut-short 200 bodies"
    )
    parser.add_argument(
        "--fault-drop", type=float, default=0.0, help="share of connections dropped mid-body"
    )
    parser.add_argument("--fault-seed", type=int, default=0, help="seed of the fault draws")
    parser.add_argument(
        "--live", action="store_true", help="keep changing the account while serving"
    )
    parser.add_argument(
        "--live-interval", type=float, default=0.05, help="seconds between live ticks"
    )
    parser.add_argument("--live-events", type=int, default=3, help="events per live tick")
    parser.add_argument(
        "--inbox-secrets",
        action="store_true",
        help="serve the secret-bearing inbox keys an administrator sees (made-up values)",
    )
    parser.add_argument(
        "--legacy-contact-inboxes",
        action="store_true",
        help="embed the whole inbox in contacts' contact_inboxes, as servers before Chatwoot "
        "PR #10888 (February 2025) do",
    )
    parser.add_argument(
        "--no-enterprise",
        action="store_true",
        help="behave as a community build: no applied_sla, sla_events, applied_slas endpoints",
    )
    parser.add_argument(
        "--reporting-timezone",
        default=None,
        metavar="ZONE",
        help="put the account in rollup mode with this reporting time zone (IANA name): "
        "eligible reports are answered from daily rollups, windows rounded to whole days",
    )
    parser.set_defaults(handler=run)


def config_from_args(args: argparse.Namespace) -> EmulatorConfig:
    """Build the :class:`EmulatorConfig` the parsed arguments describe."""
    from voxys_frames.emulator import EmulatorConfig, FaultConfig, LiveConfig

    extra = {"now": args.now} if args.now is not None else {}
    return EmulatorConfig(
        seed=args.seed,
        conversations=args.conversations,
        account_id=args.account_id,
        token=args.token,
        rate_limit=args.rate_limit,
        rate_window=args.rate_window,
        latency=args.latency_ms / 1000,
        faults=FaultConfig(
            server_error_rate=args.fault_5xx,
            slow_rate=args.fault_slow,
            slow_seconds=args.fault_slow_seconds,
            truncated_rate=args.fault_truncated,
            drop_rate=args.fault_drop,
            seed=args.fault_seed,
        ),
        live=LiveConfig(
            enabled=args.live, interval=args.live_interval, events_per_tick=args.live_events
        ),
        inbox_secrets=args.inbox_secrets,
        legacy_contact_inboxes=args.legacy_contact_inboxes,
        enterprise=not args.no_enterprise,
        reporting_timezone=args.reporting_timezone,
        **extra,
    )


def announce(info: ServerInfo) -> None:
    """Print the one JSON line that tells clients where to connect."""
    line = {"base_url": info.base_url, "account_id": info.account_id, "token": info.token}
    print(json.dumps(line), flush=True)


def run(args: argparse.Namespace) -> int:
    """Build the data, bind the port, announce, and serve until interrupted."""
    from voxys_frames.emulator import Emulator

    emulator = Emulator(config_from_args(args))
    print(
        f"voxys-frames emulator: {emulator.world.count} conversations, "
        f"{int(emulator.world.cols['n_messages'][: emulator.world.count].sum())} messages",
        file=sys.stderr,
    )
    emulator.run(port=args.port, on_ready=announce)
    return 0
