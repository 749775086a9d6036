"""`make test`: the whole suite on SQLite, then again on PostgreSQL, both always run.

Without a reachable PostgreSQL the second run is skipped with the reason, except on CI, where it fails.
"""
import os
import subprocess
import sys


def postgres_problem(url: str) -> str | None:
    import psycopg

    try:
        psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3).close()
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]
    return None


def pytest(env: dict, label: str, *options: str) -> int:
    print(f"\n=== Test suite on {label} ===", flush=True)
    # pytest-xdist workers, each with its own database (tests/conftest.py): two more than the CPUs, because
    # the browser, socket and fault tests spend much of their time waiting on servers they started (on 2 cores,
    # 3 workers took 15:40 for both runs once the suite had grown to 3,900 tests).
    workers = (os.cpu_count() or 1) + 2
    return subprocess.call([sys.executable, "-m", "pytest", "-n", str(workers), *options, *sys.argv[2:]], env=env)


def main() -> int:
    """Both runs, whatever the first one's outcome (a SQLite failure must not hide PostgreSQL's); fails if
    either fails."""
    postgres_url = sys.argv[1]
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    outcomes = {"SQLite": pytest(env, "SQLite"), "PostgreSQL": postgres_run(env, postgres_url)}
    print("\n=== " + ", ".join(f"{label}: {'passed' if status == 0 else 'FAILED'}"
                             for label, status in outcomes.items()) + " ===")
    return 1 if any(outcomes.values()) else 0


def postgres_run(env: dict, postgres_url: str) -> int:
    problem = postgres_problem(postgres_url)
    if problem:
        if os.environ.get("CI"):
            print(f"PostgreSQL is required on CI and is not reachable at {postgres_url}: {problem}")
            return 1
        print(f"Skipping the PostgreSQL run (set PG_TEST_URL to point at one): {problem}")
        return 0
    # The browser journeys exercise pages and scripts, not the database, the fault suite starts its own
    # PostgreSQL, and the stress test its own server: once, in the first run, is enough. So is every test
    # that never asks for the database (tests/conftest.py deselects those on this run).
    return pytest({**env, "TEST_DATABASE_URL": postgres_url},
                  "PostgreSQL (the tests that use the database, without the browser journeys, the fault suite "
                  "and the stress test)",
                  "--ignore=tests/browser", "--ignore=tests/faults", "--ignore=tests/stress")


if __name__ == "__main__":
    sys.exit(main())
