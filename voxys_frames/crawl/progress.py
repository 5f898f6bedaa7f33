"""Progress bars for a crawl: conversations done and messages read.

They use :mod:`tqdm.auto`, so they render as widgets in a notebook and as text on a
terminal's stderr (stdout stays free for the snapshot path). ``quiet`` turns them off.

Examples
--------
>>> progress = Progress(quiet=True)
>>> progress.expect(10)
>>> progress.conversation_done(messages=3)
>>> progress.done, progress.messages_read
(1, 3)
>>> progress.close()
"""

from __future__ import annotations

from tqdm.auto import tqdm

__all__ = ["Progress"]


class Progress:
    """The two bars of a crawl (disabled when ``quiet``)."""

    def __init__(self, *, quiet: bool, messages: bool = True) -> None:
        self.done = 0
        self.messages_read = 0
        self.conversations = tqdm(
            desc="conversations", unit="conv", disable=quiet, dynamic_ncols=True, position=0
        )
        self.messages = tqdm(
            desc="messages",
            unit="msg",
            disable=quiet or not messages,
            dynamic_ncols=True,
            position=1,
        )

    def expect(self, conversations: int | None) -> None:
        """Set the expected number of conversations (the count read at the start)."""
        if conversations is not None:
            self.conversations.total = conversations
            self.conversations.refresh()

    def conversation_done(self, *, messages: int = 0, count: int = 1) -> None:
        """Count finished conversations and the messages read for them."""
        self.done += count
        self.messages_read += messages
        bar = self.conversations
        if bar.total is not None and bar.n + count > bar.total:
            bar.total = bar.n + count
        bar.update(count)
        if messages:
            self.messages.update(messages)

    def close(self) -> None:
        """Close both bars."""
        self.messages.close()
        self.conversations.close()
