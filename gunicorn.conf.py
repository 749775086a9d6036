"""gunicorn reads this file from the directory it starts in (see README, Production)."""
import gc
import os
import sys


def on_starting(server):
    """Threaded workers crash on Python 3.11 (issue 12): under `wrk -c20` on the forum pages, gthread workers
    died with SIGSEGV in _PyObject_Malloc while one thread built ORM objects and others read rows. A garbage
    collection that starts inside one thread's allocation runs SQLAlchemy's weakref callbacks
    (InstanceState._cleanup), which touch a session another thread is using; 3.12 changed when collections
    run. gevent workers run one thread and do not crash (0 deaths in 10-minute runs, bench/README.md)."""
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
