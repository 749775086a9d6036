"""gunicorn reads this file from the directory it starts in (see README, Production)."""
import gc


def post_worker_init(worker):
    # The app's long-lived objects (modules, SQLAlchemy mappers, compiled templates) would otherwise be
    # rescanned by every full garbage collection during requests; freezing them after start-up saves
    # that work on every request.
    gc.collect()
    gc.freeze()

# A gevent worker holds at most this many connections at once (gunicorn's default is 1,000); every
# viewer in a live room keeps one open, so a 1,000-person room would fill a worker and make the next
# page request wait. Memory is the limit here: about 0.1-0.2 MiB per open socket (bench/live/README.md).
worker_connections = 4000
