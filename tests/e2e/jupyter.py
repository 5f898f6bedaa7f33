"""JupyterLab on 127.0.0.1 for browser tests: isolated state, known token, stopped by its PID."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = os.environ.get("VOXYS_FRAMES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Lab settings for tests: no news or update check, every cell rendered (no windowing),
# never an autosave writing into the notebook under test.
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}

# True once the current notebook's kernel is connected and idle; the toolbar's idle
# indicator is not enough (Lab may replace a kernel just after starting it). It must
# not throw: a throw ends wait_for_function at once instead of retrying.
KERNEL_READY_JS = """() => {
  try {
    const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const ctx = w && w.sessionContext;
    const k = ctx && ctx.session && ctx.session.kernel;
    return !!k && ctx.isReady && !ctx.isRestarting
           && k.connectionStatus === 'connected' && k.status === 'idle';
  } catch (e) { return false; }
}"""


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: where it is, its token, its log."""

    base_url: str
    token: str
    log: Path

    def url(self, notebook: str) -> str:
        """The URL that opens ``notebook`` in a fresh workspace."""
        return f"{self.base_url}/lab/tree/{notebook}?reset&token={self.token}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def isolated_env(state: Path) -> dict[str, str]:
    """Environment whose HOME and every Jupyter/IPython/XDG directory live under ``state``."""
    dirs = {
        "HOME": state,
        "XDG_CONFIG_HOME": state / ".config",
        "XDG_CACHE_HOME": state / ".cache",
        "XDG_DATA_HOME": state / ".local/share",
        "IPYTHONDIR": state / ".ipython",
        "JUPYTER_CONFIG_DIR": state / ".jupyter",
        "JUPYTER_DATA_DIR": state / ".local/share/jupyter",
        "JUPYTER_RUNTIME_DIR": state / ".local/share/jupyter/runtime",
        "JUPYTERLAB_SETTINGS_DIR": state / ".jupyter/lab/user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": state / ".jupyter/lab/workspaces",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    for plugin, values in USER_SETTINGS.items():
        package, name = plugin.rsplit("/", 1)
        target = dirs["JUPYTERLAB_SETTINGS_DIR"] / package / f"{name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VOXYS_"))}
    env.update({name: str(path) for name, path in dirs.items()})
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            msg = f"jupyter lab exited early with rc={proc.returncode}"
            raise RuntimeError(msg)
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    msg = f"jupyter lab not ready at {url.split('?')[0]} after {timeout:.0f} s"
    raise TimeoutError(msg)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM by PID (the server shuts its kernels down), SIGKILL after 15 s."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


@contextmanager
def jupyter_lab(root: Path, state: Path, *, timeout: float = 60) -> Iterator[Lab]:
    """JupyterLab serving ``root`` on a free loopback port, its state under ``state``."""
    port, token = free_port(), secrets.token_hex(16)
    env = isolated_env(state)
    log = state / "lab-server.log"
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", "--allow-root", f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly", "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env, cwd=root)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_ready(f"{base}/api/status?token={token}", proc, timeout)
            yield Lab(base, token, log)
        finally:
            _stop(proc)
