"""What a page gets when it joins an event's live room: the chat, the room's settings, the questions and
polls this person may see, and what they may do. It gathers events/live.py, questions.py and polls.py,
which do not import it."""
from events import live, polls, questions
from events.models import Event
from events.permissions import can_host_live


def live_room(user, event: Event) -> dict:
    """Everything a page needs when it joins the room (besides the count of people online)."""
    room = live.settings(event)
    state = {"history": [live.message_payload(message) for message in live.recent_messages(event)],
             "room": live.room_state(event, room), "you": live.viewer_state(user, event, room),
             "questions": [questions.payload(question, room) for question in questions.visible(user, event)],
             "my_votes": questions.my_votes(user, event),
             "polls": [polls.payload(poll) for poll in polls.of_event(event)],
             "my_poll_votes": {str(poll_id): option_id for poll_id, option_id in polls.my_votes(user, event).items()}}
    if can_host_live(user, event):
        state["muted_members"] = live.muted_members(event)
    return state
