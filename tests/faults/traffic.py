"""What members do while a fault test breaks something, and what the database kept."""
import threading
import uuid

import sqlalchemy

from tests.faults.browser import Browser
from tests.faults.services import wait_until


class Traffic:
    """What members do while a test breaks something: in a background thread, round after round, a guest
    opens the home page, a member signs in, and a signed-in member replies to the thread with a numbered
    reply. Every answer is recorded with the phase the test was in while it was asked and answered."""

    def __init__(self, base: str, thread_id: int):
        self.base, self.thread_id = base, thread_id
        self.run = uuid.uuid4().hex[:8]  # this traffic's replies, apart from those of other tests
        self.phase = "before"
        self.answers: list[tuple[str, str, int]] = []  # (phase, what, status)
        self.replied: list[str] = []  # bodies of replies the site acknowledged (redirected after storing)
        self.done = threading.Event()
        self.poster = Browser(base)
        assert self.poster.sign_in("budi") == 302
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.done.set()
        self.thread.join(timeout=120)

    def _run(self):
        number = 0
        while not self.done.is_set():
            self._record("home", lambda: Browser(self.base).request("/")[0])
            self._record("sign-in", lambda: Browser(self.base).sign_in("ani"))
            body = f"Balasan {self.run} nomor {number}"
            if self._record("reply", lambda: self.poster.submit(f"/forum/t/{self.thread_id}/reply",
                                                                {"body": body})) == 302:
                self.replied.append(body)
            number += 1
            self.done.wait(0.05)

    def _record(self, what: str, request) -> int:
        """Runs the request; a request during which the phase changed counts in "<from>-<to>"."""
        started_in = self.phase
        status = request()
        ended_in = self.phase
        self.answers.append((started_in if started_in == ended_in else f"{started_in}-{ended_in}", what, status))
        return status

    def wait_for(self, phase: str, rounds: int = 3, deadline: float = 60) -> None:
        """Until `rounds` rounds were answered in this phase."""
        wait_until(lambda: sum(1 for answer in self.answers if answer[0] == phase and answer[1] == "reply") >= rounds,
                   f"{rounds} rounds in phase {phase!r}", deadline)

    def statuses(self, phase: str, what: str) -> set[int]:
        return {status for answer_phase, kind, status in self.answers if answer_phase == phase and kind == what}

    def stored(self, database_url: str) -> list[str]:
        """This traffic's replies as the database has them."""
        engine = sqlalchemy.create_engine(database_url)
        try:
            with engine.connect() as connection:
                return connection.execute(sqlalchemy.text(
                    "SELECT body_md FROM forum_posts WHERE thread_id = :thread AND body_md LIKE :mine"),
                    {"thread": self.thread_id, "mine": f"Balasan {self.run} %"}).scalars().all()
        finally:
            engine.dispose()


def healthz(base: str) -> int:
    return Browser(base).request("/healthz")[0]
