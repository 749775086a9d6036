"""Fault points, for the fault suite only: a process started with SERAMBI_FAULT_POINTS=name[,name…] kills
itself with SIGKILL when it reaches one of them, as a crash there would, so the tests can prove that
nothing a member was told is saved gets lost. Unset (always, outside tests) a fault point does nothing."""
import os
import signal

_ARMED = frozenset(filter(None, os.environ.get("SERAMBI_FAULT_POINTS", "").split(",")))


def reached(name: str) -> None:
    if name in _ARMED:
        os.kill(os.getpid(), signal.SIGKILL)
