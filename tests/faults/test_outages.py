"""The production server while its Redis or its PostgreSQL goes away and comes back: pages and sign-in
answer throughout (never a 500, never silence), posting goes on while only Redis is away, /healthz says 503
while either is away, every acknowledged reply is stored exactly once, and the site recovers by itself."""
from tests.faults.traffic import Traffic, healthz
from tests.faults.services import wait_until

ANSWERED = {200, 302}


def test_redis_stopped_and_restarted(production, redis_server, postgres, site):
    server = production()
    with Traffic(server.url, site["thread"]) as traffic:
        traffic.wait_for("before")
        traffic.phase = "away"
        redis_server.stop()
        wait_until(lambda: healthz(server.url) == 503, "/healthz to say 503 while Redis is away")
        traffic.wait_for("away")
        redis_server.start()
        wait_until(lambda: healthz(server.url) == 200, "/healthz to say 200 once Redis is back")
        traffic.phase = "back"
        traffic.wait_for("back")
    for phase in ("before", "before-away", "away", "away-back", "back"):
        for what in ("home", "sign-in", "reply"):
            assert traffic.statuses(phase, what) <= ANSWERED, (phase, what, traffic.statuses(phase, what))
    stored = traffic.stored(postgres.url)
    assert sorted(stored) == sorted(set(stored)) == sorted(traffic.replied)


def test_postgresql_restarted(production, postgres, site):
    server = production()
    with Traffic(server.url, site["thread"]) as traffic:
        traffic.wait_for("before")
        traffic.phase = "away"
        postgres.stop()
        assert healthz(server.url) == 503  # the very first request after the connections died
        traffic.wait_for("away")
        postgres.start()
        wait_until(lambda: healthz(server.url) == 200, "/healthz to say 200 once PostgreSQL is back")
        traffic.phase = "back"
        traffic.wait_for("back")
    for what in ("home", "sign-in", "reply"):
        assert traffic.statuses("before", what) <= ANSWERED
        for during in ("before-away", "away", "away-back"):
            assert traffic.statuses(during, what) <= ANSWERED | {503}, (during, what, traffic.statuses(during, what))
        assert traffic.statuses("back", what) <= ANSWERED, (what, traffic.statuses("back", what))
    stored = traffic.stored(postgres.url)
    assert sorted(stored) == sorted(set(stored)) == sorted(traffic.replied)
