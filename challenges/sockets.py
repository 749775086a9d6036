"""Socket.IO for challenges (namespace /live): a page watching a challenge joins its room, where the
`leaderboard` event arrives after every change that moves it (docs/realtime.md)."""
from flask_babel import gettext
from flask_socketio import join_room

from challenges.actions import room
from challenges.models import Challenge
from core.notifications import NAMESPACE
from extensions import db, socketio


def watch(data=None):
    """Leaderboards are public: guests may watch too."""
    challenge_id = (data or {}).get("challenge_id") if isinstance(data, dict) else None
    if not isinstance(challenge_id, int) or db.session.get(Challenge, challenge_id) is None:
        return {"ok": False, "error": gettext("This challenge does not exist.")}
    join_room(room(challenge_id))
    return {"ok": True}


def init_app(app) -> None:
    socketio.on_event("challenge_watch", watch, namespace=NAMESPACE)
