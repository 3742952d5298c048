"""Bounded load generator on loopback: N concurrent clients against /api/ask of real app processes.

    python eval/loadgen.py [--seconds 15] [--clients 32] [--shared-server]   # prints one JSON line

One app process over an embedded index, or (``--shared-server``) two app processes sharing one
``chroma run`` server. Used by eval/bench.py and run by tests/test_load.py as a subprocess. Every
address is 127.0.0.1; every loop stops after ``seconds``; every process started here is stopped.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLI = str(BIN / "policy-assistant")
CHROMA = str(BIN / "chroma")
HOST = "127.0.0.1"

QUESTIONS: tuple[tuple[str, list[str]], ...] = (
    ("两癌筛查是哪个单位牵头的？", []),
    ("希望小屋要建多少处？", []),
    ("农家书屋归哪个部门管？", []),
    ("那它是谁负责的？", ["希望小屋是什么项目？"]),
    ("残疾儿童康复救助多少人？", []),
    ("Which department runs the Hope Cabins?", []),
    ("市公安局负责哪些实事？", []),
    ("这个方案的文号是多少？", []),
    ("我是35岁农村妇女，能免费筛查吗？", []),
    ("今天天气怎么样？", []),
)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def base_env(**extra: str | os.PathLike[str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "CHROMA_"))}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    env["ASSISTANT_RATE_LIMIT"] = "off"  # a few clients asking as fast as they can: the per-client limit would make this a 429 test
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


def ingest(env: dict[str, str], *extra: str, timeout: float = 600.0) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, "ingest", *extra], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def run_load(urls: Sequence[str], seconds: float, clients: int = 32, questions: Sequence[tuple[str, list[str]]] = QUESTIONS) -> dict:
    """``clients`` threads, each with its own connection, asking in a loop for ``seconds``; spread over ``urls``."""
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        url = urls[n % len(urls)] + "/api/ask"
        with httpx.Client(timeout=60.0) as http:
            i = n
            while time.monotonic() < deadline:
                question, history = questions[i % len(questions)]
                i += 1
                start = time.perf_counter()
                try:
                    r = http.post(url, json={"question": question, "history": history})
                    ok = r.status_code == 200 and "answer" in r.json()
                    problem = None if ok else f"{r.status_code}: {r.text[:200]}"
                except Exception as exc:  # noqa: BLE001 - every failure counts as an error
                    problem = f"{type(exc).__name__}: {exc}"
                elapsed = time.perf_counter() - start
                with lock:
                    if problem:
                        errors.append(problem)
                    else:
                        latencies.append(elapsed)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    wall = time.monotonic() - started
    lat = sorted(latencies)

    def pct(p):
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")

    return {
        "clients": clients,
        "apps": len(urls),
        "seconds": round(wall, 1),
        "requests": len(latencies) + len(errors),
        "errors": len(errors),
        "error_samples": errors[:3],
        "throughput": round(len(latencies) / wall, 1),
        "p50_ms": round(pct(0.50), 1),
        "p95_ms": round(pct(0.95), 1),
        "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else float("nan"),
    }


def load_single(workdir: Path, seconds: float, clients: int = 32) -> dict:
    """One app over an embedded index built into ``workdir``."""
    env = base_env(ASSISTANT_INDEX_DIR=workdir / "index")
    done = ingest(env)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    with app_process(env, workdir / "app.log") as (url, _):
        return run_load([url], seconds, clients)


def load_shared_server(workdir: Path, seconds: float, clients: int = 32) -> dict:
    """Two app processes sharing one ``chroma run`` server."""
    port = free_port()
    chroma = start_chroma(workdir / "chroma", port, workdir / "chroma.log")
    try:
        env = base_env(ASSISTANT_INDEX_DIR=workdir / "index", CHROMA_HOST=HOST, CHROMA_PORT=str(port))
        done = ingest(env)
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
        with app_process(env, workdir / "app1.log") as (url1, _), app_process(env, workdir / "app2.log") as (url2, _):
            return run_load([url1, url2], seconds, clients)
    finally:
        stop(chroma)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--shared-server", action="store_true", help="two app processes sharing one chroma server")
    parser.add_argument("--workdir", type=Path, default=None, help="index and logs go here (default: a temp dir)")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        workdir = args.workdir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="loadgen-")))
        run = load_shared_server if args.shared_server else load_single
        result = run(workdir, args.seconds, args.clients)
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
