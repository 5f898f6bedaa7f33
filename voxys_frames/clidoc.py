"""The command-line reference page, rendered from the parsers themselves.

``docs/cli.md`` is this module's output, and a test keeps the two equal, so the page
always matches ``--help``. Regenerate it with::

    .venv/bin/python -m voxys_frames.clidoc > docs/cli.md

Examples
--------
>>> page = render_cli_reference()
>>> page.startswith("# Command line")
True
>>> "## `voxys-frames snapshots`" in page
True
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager

from voxys_frames.cli import build_parser

HELP_WIDTH = 100
"""Terminal width the help texts are rendered at, so the page does not depend on the shell."""

INTRO = """# Command line

`voxys-frames` is installed into the project's environment (`.venv/bin/voxys-frames`).
Every command prints errors as one line on stderr (`voxys-frames: error: ...`) and exits
with a non-zero status; commands that write a snapshot print its path as the last line of
stdout. This page is generated from the parsers (`python -m voxys_frames.clidoc`), so it
is the same text as `--help`.
"""


@contextmanager
def _fixed_width(columns: int) -> Iterator[None]:
    """Render argparse help at ``columns`` characters, whatever the terminal is."""
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(columns)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The sub-command parsers of ``parser``, by name, in registration order."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _section(title: str, help_text: str) -> str:
    return f"## `{title}`\n\n```text\n{help_text.rstrip()}\n```\n"


def render_cli_reference() -> str:
    """Return the Markdown reference of ``voxys-frames`` and every sub-command."""
    with _fixed_width(HELP_WIDTH):
        parser = build_parser()
        sections = [INTRO, _section("voxys-frames", parser.format_help())]
        for name, sub in _subcommands(parser).items():
            sections.append(_section(f"voxys-frames {name}", sub.format_help()))
    return "\n".join(sections)


if __name__ == "__main__":  # pragma: no cover
    print(render_cli_reference(), end="")
