"""Run the emulator: a real uvicorn server on 127.0.0.1, or in-process for httpx.

The in-process transport needs only httpx; serving on a port needs uvicorn, from the
``emulator`` extra (``pip install 'voxys-frames[emulator]'``).

Examples
--------
>>> import httpx
>>> emu = Emulator(EmulatorConfig(seed=3, conversations=5, token="t"))
>>> with httpx.Client(transport=emu.transport(), base_url="http://emulator") as http:
...     http.get("/api/v1/accounts/1/agents", headers={"api_access_token": "t"}).status_code
200
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType

import httpx

from voxys_frames.emulator.app import EmulatorApp
from voxys_frames.emulator.config import EmulatorConfig
from voxys_frames.emulator.live import LiveActivity
from voxys_frames.extras import require


def _uvicorn() -> ModuleType:
    """The uvicorn module, or a :class:`MissingDependencyError` naming the extra."""
    return require("uvicorn", extra="emulator", feature="serving the emulator on a port")


@dataclass(frozen=True)
class ServerInfo:
    """Where a running emulator listens, and how to call it."""

    base_url: str
    account_id: int
    token: str
    port: int


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


class InProcessTransport(httpx.BaseTransport):
    """A synchronous httpx transport that calls the ASGI app in this process."""

    def __init__(self, app: EmulatorApp) -> None:
        self._asgi = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="emulator-loop", daemon=True
        )
        self._thread.start()

    async def _call(self, request: httpx.Request) -> tuple[int, httpx.Headers, bytes]:
        response = await self._asgi.handle_async_request(request)
        body = await response.aread()
        return response.status_code, response.headers, body

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Run ``request`` through the app and return the whole response."""
        future = asyncio.run_coroutine_threadsafe(self._call(request), self._loop)
        status, headers, body = future.result()
        return httpx.Response(status, headers=headers, content=body, request=request)

    def close(self) -> None:
        """Stop and close the private event loop (httpx calls this on client close)."""
        if self._loop.is_closed():
            return
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
        self._loop.close()


class Emulator:
    """The emulator for one :class:`EmulatorConfig`: its data, app and live activity."""

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        self.app = EmulatorApp(self.config)
        self.world = self.app.world
        self.live = LiveActivity(self.world, self.config.live, seed=self.config.seed)

    def transport(self) -> InProcessTransport:
        """An httpx transport that serves requests in-process (starts live activity)."""
        if self.config.live.enabled:
            self.live.start()
        return InProcessTransport(self.app)

    @contextmanager
    def serve(
        self, *, port: int | None = None, log_level: str = "critical"
    ) -> Iterator[ServerInfo]:
        """Serve on 127.0.0.1 in a background thread for the duration of the block."""
        uvicorn = _uvicorn()
        chosen = port or free_port()
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=chosen,
            log_level=log_level,
            access_log=False,
            lifespan="on",
            timeout_keep_alive=30,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name="emulator-server", daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                msg = f"the emulator could not start on 127.0.0.1:{chosen}"
                raise RuntimeError(msg)
            time.sleep(0.01)
        if self.config.live.enabled:
            self.live.start()
        try:
            yield self.info(chosen)
        finally:
            self.live.stop()
            server.should_exit = True
            thread.join(timeout=10)

    def info(self, port: int) -> ServerInfo:
        """The :class:`ServerInfo` for a server on ``port``."""
        return ServerInfo(
            base_url=f"http://127.0.0.1:{port}",
            account_id=self.config.account_id,
            token=self.config.token,
            port=port,
        )

    def run(
        self,
        *,
        port: int = 0,
        log_level: str = "warning",
        on_ready: Callable[[ServerInfo], None] | None = None,
    ) -> None:
        """Serve on 127.0.0.1:``port`` in the foreground until interrupted.

        The socket is bound before ``on_ready`` is called, so a client that reads
        the announced address can connect at once (port 0 picks a free port).
        """
        uvicorn = _uvicorn()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(2048)
        if on_ready is not None:
            on_ready(self.info(sock.getsockname()[1]))
        if self.config.live.enabled:
            self.live.start()
        config = uvicorn.Config(self.app, log_level=log_level, access_log=False, lifespan="on")
        try:
            uvicorn.Server(config).run(sockets=[sock])
        finally:
            self.live.stop()
            sock.close()
