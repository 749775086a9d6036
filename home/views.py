"""Pages that gather every kind of content: home, search, the site's feed; and the language switch."""
from flask import Blueprint, redirect, render_template, request, session
from flask_login import current_user

from accounts import actions as account_actions
from challenges import queries as challenge_queries
from challenges.models import UNITS
from core import search
from core.i18n import LANGUAGES
from core.library_time import library_today
from core.urls import absolute_url, page_number, safe_next_url
from events import queries as event_queries
from groups import queries as group_queries
from extensions import csrf
from forum import queries as forum_queries, reading
from forum.feeds import atom_feed
from library.models import current_library
from pages import queries as page_queries

bp = Blueprint("home", __name__)
HOME_GROUPS = 4


@bp.get("/")
def index():
    threads = forum_queries.recent_threads()
    return render_template("home.html", recent_threads=threads, read_states=reading.states(current_user, threads),
                           upcoming_events=event_queries.upcoming(current_user),
                           running_challenges=challenge_queries.running(library_today()),
                           announcements=page_queries.current_announcements(), mine=_members_corner(),
                           units=UNITS)


def _members_corner() -> dict | None:
    """What a signed-in member came for, first on their home page: their reading groups, the events they
    have a place at and the challenges they take part in. Guests cost no query here."""
    if not current_user.is_authenticated:
        return None
    corner = {"groups": group_queries.my_groups(current_user)[:HOME_GROUPS],
              "places": event_queries.my_upcoming(current_user),
              "challenges": challenge_queries.joined_running(current_user.id, library_today())}
    return corner if any(corner.values()) else None



@bp.get("/feed.xml")
def site_feed():
    """New threads and newly announced events."""
    return atom_feed(current_library().name, absolute_url("home.index"), events=event_queries.newest())


SEARCH_PER_PAGE = 20


@bp.get("/search")
def search_page():
    """Full-text search. Each kind of result is loaded in one query, after the index answers, by the kind's
    own feature, which also decides what the searcher may see."""
    words = request.args.get("q", "").strip()[:200]
    page = page_number()
    hits = search.query(words, limit=SEARCH_PER_PAGE + 1, offset=(page - 1) * SEARCH_PER_PAGE) if words else []
    results = search.results(hits[:SEARCH_PER_PAGE])
    return render_template("search.html", words=words, results=results, page=page,
                           has_next=len(hits) > SEARCH_PER_PAGE)


@bp.post("/language")
@csrf.exempt
def set_language():
    """Guests switch language without a CSRF token: a forged switch could only change a guest's own
    display language, and a token would give every guest page a session cookie (no shared caching,
    more bytes, more CPU). Signed-in members' choice is saved to their account, so it is protected."""
    if current_user.is_authenticated:
        csrf.protect()
    language = request.form.get("language")
    if language in LANGUAGES:
        session["language"] = language
        if current_user.is_authenticated:
            account_actions.set_language(current_user, language)
    return redirect(safe_next_url(request.form.get("next")))
