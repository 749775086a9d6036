"""gunicorn reads this file from the directory it starts in (see README, Production)."""
import gc
import os
import sys


def on_starting(server):
    """Threaded workers crash on Python 3.11 (issue 12): under `wrk -c20` on the forum pages, gthread workers
    died with SIGSEGV on memory corrupted earlier, while building ORM objects (forum/queries.py) or closing
    a request's session (SQLAlchemy's InstanceState._detach_states). A garbage collection sets it off: with
    collections switched off no worker died, with them forced often they died every minute or so. On 3.11
    a collection can start inside any allocation, in whichever thread allocates, and runs weakref callbacks
    (InstanceState._cleanup) there; 3.12 collects only between bytecodes, and the same test on 3.12 killed
    no worker. gevent workers died only when collections were forced often, never at the default
    thresholds (bench/forum/README.md, Worker crashes)."""
    threaded = server.cfg.worker_class_str == "gthread" or server.cfg.threads > 1
    if threaded and sys.version_info < (3, 12) and os.environ.get("SERAMBI_ALLOW_THREADED_WORKERS") != "1":
        sys.exit("Serambi: threaded gunicorn workers (gthread, --threads) crash on Python "
                 f"{sys.version.split()[0]}; use `-k gevent` (README, Production), or Python 3.12+. "
                 "SERAMBI_ALLOW_THREADED_WORKERS=1 starts them anyway.")


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
