"""CPU time of core.markdown.render_markdown on pathological inputs (bench/markdown/corpus.py), at sizes up to
the forms' limits: 20,000 characters for posts and descriptions, 2,000 for chat lines (inline).

Run: `.venv/bin/python -m bench.markdown.run` (options: --cap SECONDS, --only TEXT, --repeat N).
Prints, per generator and mode, the size that took longest and its CPU ms (best of --repeat runs).
"""
import argparse
import signal
import sys
import time

from bench.markdown.corpus import GENERATORS
from core.markdown import RENDERING_BUDGET, render_markdown, rendering_cost

MODES = {"post": (False, (500, 2_000, 5_000, 10_000, 20_000)), "chat": (True, (200, 500, 1_000, 2_000))}
BUDGET_MS = 50


class _OverCap(Exception):
    pass


def _stop(signum, frame):
    raise _OverCap


def cpu_ms(text: str, inline: bool, cap: float) -> float | None:
    """CPU milliseconds of one render, or None when it ran past `cap` CPU seconds or failed."""
    signal.setitimer(signal.ITIMER_VIRTUAL, cap)
    start = time.process_time()
    try:
        render_markdown(text, inline=inline)
    except _OverCap:
        return None
    except Exception as error:  # a crash is as bad as a freeze: report it, keep measuring the others
        print(f"  {type(error).__name__}: {str(error)[:60]}", file=sys.stderr)
        return None
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
    return (time.process_time() - start) * 1000


def accepted_sizes(make, sizes) -> tuple[list[int], int | None]:
    """The sizes whose text render_markdown takes, ending with the largest one it takes (found by bisection
    on its cheap estimate), and the size from which it refuses the text (None: it takes them all)."""
    def taken(size: int) -> bool:
        return rendering_cost(make(size)) <= RENDERING_BUDGET
    if taken(sizes[-1]):
        return list(sizes), None
    low, high = 0, sizes[-1]
    while high - low > 10:
        middle = (low + high) // 2
        low, high = (middle, high) if taken(middle) else (low, middle)
    return [size for size in sizes if size < low] + [low], high


def worst(make, inline: bool, sizes, cap: float, repeat: int) -> tuple[int, float | None]:
    """(size, best-of-`repeat` ms) for the slowest size; stops growing at the first size over the cap."""
    slowest = (0, 0.0)
    for size in sizes:
        text = make(size)
        runs = []
        for _ in range(repeat):
            ms = cpu_ms(text, inline, cap)
            if ms is None:
                return len(text), None
            runs.append(ms)
        if min(runs) >= slowest[1]:
            slowest = (len(text), min(runs))
    return slowest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=10.0, help="CPU seconds after which a render is stopped")
    parser.add_argument("--only", default="", help="run the generators whose name contains this")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    signal.signal(signal.SIGVTALRM, _stop)
    render_markdown("warm *up*")
    print(f"CPU ms per render, best of {args.repeat}; renders stopped after {args.cap:g} s; "
          f"Python {sys.version.split()[0]}")
    print(f"{'generator':32} {'mode':5} {'size':>6} {'CPU ms':>9}  refused from")
    overall = (0.0, "")
    for name, make in GENERATORS.items():
        if args.only not in name:
            continue
        for mode, (inline, sizes) in MODES.items():
            taken, refused = accepted_sizes(make, sizes)
            size, ms = worst(make, inline, taken, args.cap, args.repeat)
            shown = f"> {args.cap * 1000:.0f}" if ms is None else f"{ms:.1f}"
            flag = "  over budget" if ms is None or ms > BUDGET_MS else ""
            print(f"{name:32} {mode:5} {size:6d} {shown:>9}  {refused or '':>6}{flag}", flush=True)
            cost = float("inf") if ms is None else ms
            if cost >= overall[0]:
                overall = (cost, f"{name} ({mode}, {size} characters): {shown} ms")
    print(f"worst case: {overall[1]}")


if __name__ == "__main__":
    main()
