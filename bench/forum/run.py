"""Forum pages under gunicorn with concurrent clients, at 1,000 and 1,000,000 posts.

For each size: seed a SQLite file in a temp dir (bench/forum/seed.py), start gunicorn on 127.0.0.1,
and for each page warm up with wrk, then run wrk again and read the server's CPU time (master +
workers, /proc/<pid>/stat utime+stime) before and after: CPU ms per request = CPU used / requests
completed. Run: `.venv/bin/python -m bench.forum.run [SIZES...]` (needs wrk: `apt-get install wrk`).
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.forum.seed import ROOT, seed

PAGES = [("thread p1, guest", "/forum/t/{thread_id}"), ("category", "/forum/c/{category}"), ("home", "/")]
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_pids(master: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                children.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            pass  # a process that ended meanwhile
    return [master, *sorted(children)]


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime (fields 14 and 15 of /proc/<pid>/stat) of these processes."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def start_gunicorn(url: str, port: int, worker: str, log: Path) -> subprocess.Popen:
    options = ["-w", "2", "-k", "gevent"] if worker == "gevent" else ["-w", "2", "-k", "gthread", "--threads", "4"]
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench",
           "SOCKETIO_ASYNC_MODE": "gevent" if worker == "gevent" else "threading"}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), *options, "-b", f"127.0.0.1:{port}",
                               "--timeout", "60", "--no-control-socket", "app:create_app()"], cwd=ROOT, env=env,
                              stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).status == 200 \
                    and len(server_pids(server.pid)) == 3:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.kill()
    sys.exit(f"gunicorn did not start; see {log}")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def wrk(url: str, seconds: int, args) -> dict:
    out = subprocess.run(["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    scale = {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}
    latency = {p: float(v) * scale[unit] for p, v, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)}
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": latency["50"], "p99": latency["99"],
            "problems": " ".join(filter(None, [bad and f"{bad.group(1)} non-2xx", errors and errors.group(1)]))}


def measure(server: subprocess.Popen, base: str, path: str, args) -> dict:
    with urllib.request.urlopen(base + path, timeout=10) as response:
        html_bytes = len(response.read())
    wrk(base + path, args.warmup, args)
    pids = server_pids(server.pid)
    before = cpu_seconds(pids)
    result = wrk(base + path, args.duration, args)
    result["cpu_ms"] = (cpu_seconds(pids) - before) * 1000 / max(result["requests"], 1)
    if server_pids(server.pid) != pids:
        result["problems"] += " workers changed during the run"
    return {**result, "bytes": html_bytes}


def bench_size(posts: int, args) -> tuple[dict, list[dict]]:
    folder = Path(tempfile.mkdtemp(prefix="serambi-bench-"))
    db = folder / "forum.db"
    info = seed(posts, f"sqlite:///{db}")
    info.update(db=str(db), db_bytes=db.stat().st_size)
    print(json.dumps(info), flush=True)
    port = free_port()
    server = start_gunicorn(f"sqlite:///{db}", port, args.worker, folder / "gunicorn.log")
    try:
        rows = [{"posts": posts, "page": name, **measure(server, f"http://127.0.0.1:{port}", path.format(**info), args)}
                for name, path in PAGES]
    finally:
        stop(server)
        if not args.keep:
            shutil.rmtree(folder)
    return info, rows


def check_threaded_workers() -> None:
    if sys.version_info < (3, 12) and os.environ.get("SERAMBI_ALLOW_THREADED_WORKERS") != "1":
        sys.exit("gthread workers crash on Python < 3.12 and gunicorn.conf.py refuses them (bench/forum/README.md, "
                 "Worker crashes); set SERAMBI_ALLOW_THREADED_WORKERS=1 to measure them anyway")
    print("Warning: gthread workers are not what README's Production section runs; on Python < 3.12 they "
          "crash under load (SIGSEGV), so a worker may be rebooted during the run.", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 1_000_000], help="posts to seed")
    parser.add_argument("--worker", choices=["gthread", "gevent"], default="gevent",
                        help="gthread needs SERAMBI_ALLOW_THREADED_WORKERS=1 on Python < 3.12 (gunicorn.conf.py)")
    parser.add_argument("--duration", type=int, default=15, help="seconds measured per page")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--keep", action="store_true", help="keep the temp dirs (databases, gunicorn logs)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    if args.worker == "gthread":
        check_threaded_workers()
    results = [bench_size(posts, args) for posts in args.sizes]
    worker = "-k gevent -w 2" if args.worker == "gevent" else "-k gthread -w 2 --threads 4"
    print(f"\ngunicorn {worker}; wrk -t{args.threads} -c{args.connections} -d{args.duration}s after "
          f"{args.warmup} s warm-up; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    for info, _ in results:
        print(f"{info['posts']:,} posts: {info['threads']:,} threads, seeded in {info['seconds']} s, "
              f"SQLite file {info['db_bytes'] / 2**20:.1f} MiB")
    print(f"\n{'posts':>9}  {'page':17} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms/req':>10} {'HTML bytes':>10}")
    for _, rows in results:
        for r in rows:
            print(f"{r['posts']:>9,}  {r['page']:17} {r['rps']:7.1f} {r['p50']:7.1f} {r['p99']:7.1f} "
                  f"{r['cpu_ms']:10.2f} {r['bytes']:10,}  {r['problems']}")


if __name__ == "__main__":
    main()
