"""Socket.IO for challenges (namespace /live): a page watching a challenge joins its room, where the
`leaderboard` event arrives after every change that moves it (docs/realtime.md)."""
from flask_babel import gettext
from flask_socketio import join_room

from challenges.actions import room
from challenges.models import Challenge
from core.errors import ActionError
from core.fields import database_int
from core.realtime import on
from extensions import db


@on("challenge_watch")
def watch(payload):
    """Leaderboards are public: guests may watch too."""
    challenge_id = payload.get("challenge_id")
    try:
        challenge = db.session.get(Challenge, database_int(challenge_id if type(challenge_id) is int else None))
    except ValueError:
        challenge = None
    if challenge is None:
        raise ActionError(gettext("This challenge does not exist."))
    join_room(room(challenge.id))
    return {}
