"""Socket.IO for challenges (namespace /live): a page watching a challenge joins its room, where the
`leaderboard` event arrives after every change that moves it (docs/realtime.md)."""
from flask_babel import gettext
from flask_socketio import join_room

from challenges.actions import room
from challenges.models import Challenge
from core.errors import ActionError
from core.realtime import on, payload_id
from extensions import db


@on("challenge_watch")
def watch(payload):
    """Leaderboards are public: guests may watch too."""
    challenge_id = payload_id(payload, "challenge_id")
    challenge = db.session.get(Challenge, challenge_id) if challenge_id is not None else None
    if challenge is None:
        raise ActionError(gettext("This challenge does not exist."))
    join_room(room(challenge.id))
    return {}
