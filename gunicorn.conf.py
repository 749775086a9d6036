"""gunicorn reads this file from the directory it starts in (see README, Production)."""
import gc


def post_worker_init(worker):
    # The app's long-lived objects (modules, SQLAlchemy mappers, compiled templates) would otherwise be
    # rescanned by every full garbage collection during requests; freezing them after start-up saves
    # that work on every request.
    gc.collect()
    gc.freeze()
