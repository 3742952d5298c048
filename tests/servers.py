"""Helpers for tests that need a real server or process on loopback (the app, ``chroma run``, the CLI)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLI = str(BIN / "policy-assistant")
CHROMA = str(BIN / "chroma")
HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_in_thread(app: Any, timeout: float = 30.0) -> Iterator[str]:
    """Run an ASGI app with uvicorn in a thread on a free loopback port; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def base_env(**extra: str | os.PathLike[str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "CHROMA_"))}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    env["ASSISTANT_RATE_LIMIT"] = "off"  # tests ask as fast as they can from one address; the limit has its own tests
    env.update({k: str(v) for k, v in extra.items()})
    return env


def stop(proc: subprocess.Popen | None, timeout: float = 15.0) -> None:
    """Terminate a process we started (its own process group), then kill it if it lingers."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


def spawn(args: Sequence[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    handle = open(log, "ab")  # noqa: SIM115 - lives as long as the process
    return subprocess.Popen(list(args), env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)


def wait_http(url: str, proc: subprocess.Popen, timeout: float, ok: tuple[int, ...] = (200,), log: Path | None = None) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"process exited ({proc.returncode}) before {url} answered:\n{tail}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2.0).status_code in ok:
                return
        time.sleep(0.3)
    raise TimeoutError(f"{url} not ready after {timeout:.0f}s")


@contextlib.contextmanager
def app_process(env: dict[str, str], log: Path, port: int | None = None, timeout: float = 180.0) -> Iterator[tuple[str, subprocess.Popen]]:
    """``policy-assistant serve`` on a free loopback port; yields (base url, process)."""
    port = port or free_port()
    proc = spawn([CLI, "serve", "--host", HOST, "--port", str(port)], env, log)
    try:
        wait_http(f"http://{HOST}:{port}/api/health", proc, timeout, log=log)
        yield f"http://{HOST}:{port}", proc
    finally:
        stop(proc)


def start_chroma(path: Path, port: int, log: Path, timeout: float = 60.0) -> subprocess.Popen:
    proc = spawn([CHROMA, "run", "--path", str(path), "--host", HOST, "--port", str(port)], base_env(), log)
    try:
        wait_http(f"http://{HOST}:{port}/api/v2/heartbeat", proc, timeout, log=log)
    except Exception:
        stop(proc)
        raise
    return proc
