"""What every bench seed's command line shares: where the database goes, and the JSON it prints."""
import argparse
import json
import tempfile
from pathlib import Path
from typing import Callable


def add_database_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="SQLite file to create (default: in a new temp dir)")
    parser.add_argument("--url", help="SQLAlchemy URL of an empty database instead (e.g. PostgreSQL)")


def seed_and_report(parser: argparse.ArgumentParser, args, name: str, seed: Callable[[str], dict]) -> None:
    """Runs `seed(url)` on a new SQLite file (or on --url) and prints what it made as one JSON line."""
    path = None if args.url else Path(args.db or Path(tempfile.mkdtemp(prefix="serambi-bench-")) / f"{name}.db")
    if path and path.exists():
        parser.error(f"{path} exists")
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
    info = seed(args.url or f"sqlite:///{path}")
    if path:
        info.update(db=str(path), db_bytes=path.stat().st_size)
    print(json.dumps(info))
