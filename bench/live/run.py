"""Live room under load: one room, many socket.io clients, Serambi (production configuration) against a
minimal Node socket.io server (bench/live/reference.mjs) measured in the same run as the reference.

For each client count and each server: start the server on 127.0.0.1 (a fresh process and, for Serambi,
a freshly seeded SQLite database in a temp dir), sign the senders in over HTTP, then drive
bench/live/load.mjs: connect and join all clients, wait for presence traffic to settle, let the senders
send on a fixed schedule, wait until every offered message reached every client (or the drain timeout).
The server's CPU (utime+stime of all its processes, /proc) is read around the connect phase and around
the send phase. Run from the project root with the project's venv:

    .venv/bin/python -m bench.live.run [--clients 100 500 1000] [--source DIR] [--servers node serambi]

`--source` is the Serambi tree under test (default: this one); it needs its own `.venv` (`make setup`).
`--workers 1 2` measures Serambi on one gevent worker (no Redis, as before) and on two sharing the room through
Redis (REDIS_URL, the production configuration), interleaved with Node in every round.
"""
import argparse
import http.cookiejar
import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

from bench.forum.run import cpu_seconds, free_port, server_pids, stop

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PASSWORD = "bench-live-password"


class Lines:
    """A child's stdout, read line by line on a thread, with a deadline on every wait."""

    def __init__(self, process: subprocess.Popen):
        self.queue = queue.Queue()
        threading.Thread(target=self._pump, args=(process.stdout,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self.queue.put(line.rstrip("\n"))
        self.queue.put(None)

    def wait_for(self, prefix: str, seconds: float) -> str:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                raise RuntimeError(f"the process ended before {prefix!r}")
            if line.startswith(prefix):
                return line[len(prefix):].strip()
        raise TimeoutError(f"no {prefix!r} within {seconds:.0f} s")


def wait_healthy(port: int, process: subprocess.Popen, log: Path, processes: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).status == 200 \
                    and len(server_pids(process.pid)) == processes:
                return
        except OSError:
            pass
        time.sleep(0.3)
    stop(process)
    sys.exit(f"the server did not start; see {log}")


def start_node(folder: Path) -> tuple[subprocess.Popen, int]:
    if not (HERE / "node_modules" / "socket.io").is_dir():
        sys.exit("the Node reference needs its server package: (cd bench/live && npm ci)")
    log = folder / "reference.log"
    process = subprocess.Popen(["node", str(HERE / "reference.mjs"), "0"], stdout=subprocess.PIPE,
                               stderr=log.open("w"), text=True)
    try:
        port = int(Lines(process).wait_for("listening", 20))
    except (RuntimeError, TimeoutError):
        stop(process)
        sys.exit(f"the Node reference did not start; see {log}")
    return process, port


def serambi_env(source: Path, folder: Path, redis_url: str | None) -> dict:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'serambi.db'}", "SECRET_KEY": "bench-live",
           "SOCKETIO_ASYNC_MODE": "gevent", "SERAMBI_RATELIMIT_LOGIN": "1000 per minute",
           "PATH": f"{source / '.venv' / 'bin'}:{os.environ['PATH']}"}
    env.pop("REDIS_URL", None)
    if redis_url:
        # Redis's publish/subscribe channels ignore the database number: a channel of its own per run keeps
        # the workers of this run apart from any other Socket.IO process on the same Redis.
        env.update(REDIS_URL=redis_url, SOCKETIO_CHANNEL=f"bench-live-{os.getpid()}-{folder.name}")
    return env


def fresh_redis(url: str) -> None:
    """Empties the benchmark's Redis database before a run, though each run's channel keeps its online
    counts (`serambi:live:<channel>:present:<event>`) and chat flood counters apart: the sign-in
    limit's counters (`LIMITS:...`) would count in the next run. Refuses a database holding anything else."""
    import redis
    client = redis.Redis.from_url(url)
    foreign = [key for key in client.scan_iter(count=1000) if not key.startswith((b"serambi:live:", b"LIMITS"))]
    if foreign:
        sys.exit(f"{url} holds keys that are not the benchmark's (e.g. {foreign[0]!r}): choose another --redis-db")
    client.flushdb()


def start_serambi(source: Path, folder: Path, workers: int, args) -> tuple[subprocess.Popen, int, dict]:
    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}" if workers > 1 or args.redis else None
    if redis_url:
        fresh_redis(redis_url)
    env = serambi_env(source, folder, redis_url)
    done = subprocess.run([str(source / ".venv" / "bin" / "python"), str(HERE / "seed.py"), str(args.senders),
                           PASSWORD], cwd=source, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode:
        sys.exit(f"seeding failed:\n{done.stdout}\n{done.stderr}")
    seeded = json.loads(done.stdout.strip().splitlines()[-1])
    port, log = free_port(), folder / "gunicorn.log"
    options = ["-k", "gevent", "-w", str(workers)]
    if args.worker_connections:
        options += ["--worker-connections", str(args.worker_connections)]
    process = subprocess.Popen([str(source / ".venv" / "bin" / "gunicorn"), *options, "-b", f"127.0.0.1:{port}",
                                "--timeout", "60", "--no-control-socket", "app:create_app()"],
                               cwd=source, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    wait_healthy(port, process, log, processes=1 + workers)  # the master and its workers
    return process, port, seeded


def sign_in(base: str, username: str) -> str:
    """The session cookie of a member signed in through the login form, as a Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/auth/login", timeout=20).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "username": username, "password": PASSWORD}).encode()
    landed = opener.open(f"{base}/auth/login", data=form, timeout=20)
    if urllib.parse.urlparse(landed.url).path == "/auth/login":
        sys.exit(f"signing in as {username} failed")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        total += int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
    return total / 1024


def clients_per_worker(pids: list[int], port: int) -> list[int]:
    """How many established connections to the server's port each gunicorn worker holds: its share of the
    room (gunicorn's workers accept from one listening socket; the kernel decides who gets which client)."""
    accepted = set()  # socket inodes of connections accepted on the port
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pids[0]}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":  # 01: ESTABLISHED
                accepted.add(fields[9])
    counts = []
    for pid in pids[1:]:
        count = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                count += os.readlink(fd)[8:-1] in accepted  # "socket:[inode]"
            except OSError:
                pass
        counts.append(count)
    return counts


def start_profiler(args, pids: list[int], clients: int) -> subprocess.Popen | None:
    """py-spy on gunicorn's worker (the last of the server's processes), when asked for."""
    if not args.py_spy or len(pids) < 2:
        return None
    output = args.py_spy.with_suffix(f".{clients}.txt")
    return subprocess.Popen([args.py_spy_bin, "record", "--pid", str(pids[-1]), "--format", "raw", "--rate", "100",
                             "--nonblocking", "--output", str(output)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def drive(server: subprocess.Popen, port: int, event_id: int, cookies: list[str], clients: int, folder: Path,
          args) -> dict:
    config = {"url": f"http://127.0.0.1:{port}", "namespace": "/live", "eventId": event_id, "clients": clients,
              "senders": [{"cookie": cookie} for cookie in cookies], "messagesPerSender": args.messages,
              "intervalMs": args.interval_ms, "window": args.window, "deflate": args.deflate,
              "connectTimeoutMs": 30_000, "ackTimeoutMs": 30_000, "quietMs": 1500, "settleTimeoutMs": 60_000,
              "drainTimeoutMs": args.drain_timeout * 1000}
    config_file = folder / f"load-{clients}.json"
    config_file.write_text(json.dumps(config))
    pids = server_pids(server.pid)
    cpu_start = cpu_seconds(pids)
    load = subprocess.Popen(["node", str(HERE / "load.mjs"), str(config_file)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=(folder / f"load-{clients}.log").open("w"), text=True)
    lines, profiler = Lines(load), None
    try:
        lines.wait_for("phase joined", 180)
        cpu_joined, rss, sockets = cpu_seconds(pids), rss_mib(pids), clients_per_worker(pids, port)
        profiler = start_profiler(args, pids, clients)
        load.stdin.write("go\n")
        load.stdin.flush()
        send_budget = args.messages * args.interval_ms / 1000 + args.drain_timeout + 60
        lines.wait_for("phase delivered", send_budget)
        cpu_sent = cpu_seconds(pids)
        result = json.loads(lines.wait_for("result", 30))
    finally:
        stop(load)
        if profiler:
            profiler.send_signal(signal.SIGINT)  # py-spy writes its file when interrupted
            profiler.wait(timeout=30)
    if server_pids(server.pid) != pids:
        result["problem"] = "the server's processes changed during the run"
    result.update(server_cpu_connect_ms=(cpu_joined - cpu_start) * 1000,
                  server_cpu_send_ms=(cpu_sent - cpu_joined) * 1000, server_rss_mib=rss)
    if sockets:
        result["clients_per_worker"] = sockets
    result["server_cpu_ms_per_1k"] = result["server_cpu_send_ms"] * 1000 / max(result["delivered"], 1)
    result["server_cpu_ms_per_message"] = result["server_cpu_send_ms"] / max(result["offered"], 1)
    return result


def server_name(kind: str, workers: int, redis: bool) -> str:
    """`serambi` is one worker without Redis, as in the earlier runs' files; `serambi-w2` two workers and Redis."""
    return kind if kind == "node" or (workers == 1 and not redis) else f"{kind}-w{workers}"


def measure(kind: str, clients: int, args, workers: int = 1) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"serambi-bench-live-{kind}-", dir=args.temp_dir))
    try:
        if kind == "node":
            server, port = start_node(folder)
            event_id, cookies = 1, ["" for _ in range(args.senders)]
        else:
            server, port, seeded = start_serambi(args.source, folder, workers, args)
            event_id = seeded["event_id"]
            cookies = [sign_in(f"http://127.0.0.1:{port}", name) for name in seeded["usernames"]]
        try:
            result = drive(server, port, event_id, cookies, clients, folder, args)
        finally:
            stop(server)
    finally:
        if args.keep:
            print(f"kept {folder}", flush=True)
        else:
            shutil.rmtree(folder)
    loads = os.getloadavg()
    return {"server": server_name(kind, workers, args.redis), "load_average": loads[0], "load_averages": loads,
            **result}


def ms(value) -> str:
    return "-" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


FIGURES = {  # name: how to read it from a row
    "connect ms": lambda r: r["connect_ms"], "deliv/s": lambda r: r["deliveries_per_s"],
    "p50": lambda r: r["latency_ms"]["p50"], "p95": lambda r: r["latency_ms"]["p95"],
    "p99": lambda r: r["latency_ms"]["p99"], "ack p99": lambda r: r["ack_ms"]["p99"],
    "CPU ms/1k": lambda r: r["server_cpu_ms_per_1k"], "CPU ms/msg": lambda r: r["server_cpu_ms_per_message"],
    "RSS MiB": lambda r: r["server_rss_mib"], "loadgen": lambda r: r["loadgen_cpu_ms"] / 10 / r["delivery_seconds"],
    "load": lambda r: r.get("load_average"),
}


def median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def medians(rows: list[dict]) -> list[dict]:
    """One line per (clients, server): the median of each figure over the rounds, loss and refusals summed."""
    groups = {}
    for r in rows:
        groups.setdefault((r["clients"], r["server"]), []).append(r)
    return [{"clients": clients, "server": server, "runs": len(group),
             "joined": min(r["joined"] for r in group), "lost": sum(r["lost"] for r in group),
             "refused": sum(r["refused"] for r in group),
             **{name: median([read(r) for r in group]) for name, read in FIGURES.items()}}
            for (clients, server), group in sorted(groups.items())]


def print_table(summary: list[dict]) -> None:
    print(f"\n{'clients':>7} {'server':8} {'runs':>4} {'joined':>6} {'lost':>5} {'refused':>7} "
          + " ".join(f"{name:>10}" for name in FIGURES))
    for line in summary:
        print(f"{line['clients']:>7} {line['server']:8} {line['runs']:>4} {line['joined']:>6} {line['lost']:>5} "
              f"{line['refused']:>7} " + " ".join(f"{ms(line[name]):>10}" for name in FIGURES))
    print("\nSerambi / Node (medians; loadgen is % of one core while delivering, load the 1-min load average):")
    for clients in sorted({line["clients"] for line in summary}):
        pair = {line["server"]: line for line in summary if line["clients"] == clients}
        for server in sorted(pair.keys() - {"node"}) if "node" in pair else ():
            ratios = {name: pair[server][name] / pair["node"][name]
                      for name in ("connect ms", "p50", "p95", "p99", "CPU ms/1k")
                      if pair["node"][name] and pair[server][name] is not None}
            print(f"{clients:>7} clients, {server}: "
                  + ", ".join(f"{name} {value:.2f}×" for name, value in ratios.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--servers", nargs="+", choices=["node", "serambi"], default=["node", "serambi"])
    parser.add_argument("--source", type=Path, default=ROOT, help="the Serambi tree under test (with its .venv)")
    parser.add_argument("--senders", type=int, default=30)
    parser.add_argument("--messages", type=int, default=7, help="per sender")
    parser.add_argument("--interval-ms", type=int, default=3000, help="between one sender's messages")
    parser.add_argument("--window", type=int, default=50, help="clients connecting at the same time")
    parser.add_argument("--deflate", action="store_true", help="clients offer permessage-deflate, as browsers do")
    parser.add_argument("--worker-connections", type=int, help="gunicorn's --worker-connections (default: its own)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1], metavar="N",
                        help="gunicorn gevent workers; more than one share the room through Redis (REDIS_URL); "
                        "several values are measured one after the other in every round, e.g. --workers 1 2")
    parser.add_argument("--redis", action="store_true", help="use Redis (REDIS_URL) with one worker too")
    parser.add_argument("--redis-db", type=int, default=12, help="the Redis database (127.0.0.1:6379) the benchmark "
                        "empties and uses for presence and rate limits (default 12; it must hold nothing else)")
    parser.add_argument("--drain-timeout", type=int, default=30, help="seconds to wait for the last deliveries")
    parser.add_argument("--rounds", type=int, default=1, help="rounds; the table shows medians")
    parser.add_argument("--label", help="what is measured (default: the source tree's git commit)")
    parser.add_argument("--temp-dir", help="where the temp dirs (the SQLite database) go, e.g. /dev/shm to take "
                        "the disk's fsync out of the picture (default: the system's temp dir)")
    parser.add_argument("--py-spy", type=Path, metavar="FILE", help="sample the gunicorn worker with py-spy during "
                        "the send phase; collapsed stacks go to FILE.<clients>.txt (CPU figures then include its cost)")
    parser.add_argument("--py-spy-bin", default="py-spy", help="the py-spy executable (pip install py-spy)")
    parser.add_argument("--keep", action="store_true", help="keep the temp dirs (database, logs)")
    parser.add_argument("--json", type=Path, help="write the results here (default: bench/results/live-<time>.json)")
    parser.add_argument("--show", type=Path, nargs="+", metavar="JSON",
                        help="only print the table of earlier runs' files (rows of several files are pooled)")
    args = parser.parse_args()
    if args.show:
        return print_table(medians([row for file in args.show for row in json.loads(file.read_text())["rows"]]))
    args.source = args.source.resolve()
    if args.senders > min(args.clients):
        parser.error("more senders than clients")
    if not (ROOT / "node_modules" / "socket.io-client").is_dir():
        sys.exit("the load generator needs socket.io-client: npm ci (or make setup)")
    if "serambi" in args.servers and not (args.source / ".venv" / "bin" / "gunicorn").exists():
        sys.exit(f"{args.source}/.venv has no gunicorn: make setup there")
    runs = [(kind, workers) for kind in args.servers for workers in (args.workers if kind == "serambi" else [1])]
    rows = []
    for _ in range(args.rounds):
        for clients in args.clients:
            for kind, workers in runs:
                rows.append(measure(kind, clients, args, workers))
                r = rows[-1]
                shares = f", clients per worker {r['clients_per_worker']}" if "clients_per_worker" in r else ""
                print(f"{r['server']} {clients}: joined {r['joined']}, p99 {ms(r['latency_ms']['p99'])} ms, "
                      f"lost {r['lost']}, refused {r['refused']}, online seen {r['last_online']}, "
                      f"load {' '.join(f'{v:.2f}' for v in r['load_averages'])}{shares}", flush=True)
    commit = args.label or subprocess.run(["git", "-C", str(args.source), "log", "-1", "--format=%h %s"],
                                          capture_output=True, text=True).stdout.strip()
    setup = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "source": str(args.source),
             "commit": commit, "cpus": os.cpu_count(), "senders": args.senders, "messages_per_sender": args.messages,
             "interval_ms": args.interval_ms, "window": args.window, "deflate": args.deflate,
             "temp_dir": args.temp_dir or tempfile.gettempdir(),
             "gunicorn": f"-k gevent -w {' / '.join(map(str, args.workers))}"
                         + (f" --worker-connections {args.worker_connections}" if args.worker_connections else ""),
             "redis": f"redis://127.0.0.1:6379/{args.redis_db}, a channel per run, "
                      + ("every Serambi run" if args.redis else "with more than one worker")}
    print(f"\n{json.dumps(setup)}")
    summary = medians(rows)
    print_table(summary)
    out = args.json or ROOT / "bench" / "results" / f"live-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"setup": setup, "medians": summary, "rows": rows}, indent=1))
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
