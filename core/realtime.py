"""Socket.IO on namespace /live: what every page shares. A signed-in member's socket joins the room
user:<id>, where their unread notification count arrives (`notification_count` {"unread": n}).
The live rooms of events (issue #5) add their own events here; see docs/realtime.md."""
from flask_login import current_user
from flask_socketio import join_room

from core.notifications import NAMESPACE, room
from extensions import socketio


def connect(auth=None):
    """Guests may connect (to watch public event rooms); members also get their own room."""
    if current_user.is_authenticated:
        join_room(room(current_user.id))


def init_app(app) -> None:
    # Registered per app, after socketio.init_app: a decorator at import time would bind the handler
    # only to whichever Socket.IO server existed then.
    socketio.on_event("connect", connect, namespace=NAMESPACE)
