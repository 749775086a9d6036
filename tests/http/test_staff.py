"""Staff pages: who may open and use them, and what each action changes."""
import pytest

from accounts.models import User
from core.audit import AuditEntry
from extensions import db
from tests.conftest import says, translated

ROLES = ["guest", "member", "host", "moderator", "admin"]
ALLOWED = {
    # (method, url): roles that may use it
    ("GET", "/admin/"): {"moderator", "admin"},
    ("GET", "/admin/users"): {"moderator", "admin"},
    ("GET", "/admin/users/target"): {"moderator", "admin"},
    ("GET", "/admin/audit"): {"moderator", "admin"},
    ("GET", "/admin/library"): {"admin"},
    ("POST", "/admin/users/target/role"): {"admin"},
    ("POST", "/admin/users/target/suspend"): {"moderator", "admin"},
    ("POST", "/admin/users/target/ban"): {"moderator", "admin"},
    ("POST", "/admin/users/target/lift"): {"moderator", "admin"},
    ("POST", "/admin/users/target/silence"): {"moderator", "admin"},
    ("POST", "/admin/users/target/warn"): {"moderator", "admin"},
    ("POST", "/admin/users/target/delete-posts"): {"moderator", "admin"},
    # Least privilege: moderators moderate; the library's analytics and exports of personal data are admins'.
    ("GET", "/admin/analytics"): {"admin"},
    ("GET", "/admin/analytics/report"): {"admin"},
    ("GET", "/admin/analytics/members.csv"): {"admin"},
    ("GET", "/admin/analytics/events.csv"): {"admin"},
}


@pytest.fixture
def target(make_user):
    return make_user("target")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url", list(ALLOWED))
def test_staff_pages_answer_only_the_roles_they_are_for(app, make_user, target, role, method, url):
    client = app.test_client()
    if role != "guest":
        client.login(make_user(f"as.{role}", role))
    response = client.get(url) if method == "GET" else client.submit(url, {"role": "admin", "reason": "x",
                                                                            "days": "1", "confirm": "y",
                                                                            "message": "x"})
    if role in ALLOWED[(method, url)]:
        assert response.status_code in (200, 302) and "/auth/login" not in response.headers.get("Location", "")
    elif role == "guest":
        assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")
    else:
        assert response.status_code == 403 and says(response, "Not allowed")
    if role not in ALLOWED[(method, url)]:
        assert (target.role, target.restriction, target.silence) == ("member", None, None)
        assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 0


def test_an_admin_changes_a_role_and_it_is_audited(login, admin, member):
    client = login(admin)
    response = client.submit("/admin/users/budi/role", {"role": "host"})
    assert response.status_code == 302
    assert member.role == "host"
    entry = db.session.execute(db.select(AuditEntry)).scalar_one()
    assert (entry.actor_id, entry.action, entry.target_id, entry.details) == (admin.id, "user.role", member.id,
                                                                             "member → host")
    assert f"{translated('Member')} → {translated('Event host')}" in client.get("/admin/audit").get_data(as_text=True)


def test_an_admin_cannot_change_their_own_role(login, admin):
    client = login(admin)
    response = client.submit("/admin/users/ratna/role", {"role": "member"}, follow_redirects=True)
    assert says(response, "You cannot change your own role. Ask another admin.")
    assert admin.role == "admin"


def test_an_unknown_role_is_refused(login, admin, member):
    response = login(admin).submit("/admin/users/budi/role", {"role": "superuser"}, follow_redirects=True)
    assert says(response, "Not a valid choice.")
    assert member.role == "member"


def test_a_moderator_suspends_a_member_who_is_signed_out_and_told_why(app, login, moderator, member):
    member_client = app.test_client()
    member_client.login(member)
    response = login(moderator).submit("/admin/users/budi/suspend", {"days": "7", "reason": "Spam tautan"})
    assert response.status_code == 302
    assert member.restriction.kind == "suspended" and member.restriction.reason == "Spam tautan"
    assert member_client.get("/settings/profile").status_code == 302  # signed out
    assert "Spam tautan" in member_client.login(member).get_data(as_text=True)


def test_a_moderator_cannot_restrict_staff(login, moderator, host):
    response = login(moderator).submit("/admin/users/sari/ban", {"reason": "x", "confirm": "y"},
                                       follow_redirects=True)
    assert says(response, "You may not restrict this account.")
    assert host.restriction is None


def test_a_ban_needs_a_reason_and_a_confirmation(login, admin, member):
    client = login(admin)
    response = client.submit("/admin/users/budi/ban", {"reason": "Akun palsu"}, follow_redirects=True)
    assert says(response, "Tick the box to confirm.")
    response = client.submit("/admin/users/budi/ban", {"reason": "", "confirm": "y"}, follow_redirects=True)
    assert says(response, "This field is required.")
    assert member.restriction is None
    client.submit("/admin/users/budi/ban", {"reason": "Akun palsu", "confirm": "y"})
    assert member.restriction.kind == "banned"


def test_lifting_a_restriction_lets_the_member_back_in(app, login, admin, member):
    client = login(admin)
    client.submit("/admin/users/budi/ban", {"reason": "Salah paham", "confirm": "y"})
    client.submit("/admin/users/budi/lift")
    assert member.restriction is None
    assert app.test_client().login(member).status_code == 302
    actions = db.session.execute(db.select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all()
    assert actions == ["user.ban", "user.lift"]


def test_the_member_list_searches_and_filters(login, admin, make_user):
    make_user("ani.lestari", display_name="Ani Lestari")
    make_user("joko", "host", display_name="Joko Widodo")
    client = login(admin)
    page = client.get("/admin/users?q=lestari").get_data(as_text=True)
    assert "@ani.lestari" in page and "@joko" not in page
    page = client.get("/admin/users?role=host").get_data(as_text=True)
    assert "@joko" in page and "@ani.lestari" not in page
    assert says(client.get("/admin/users?q=zzz"), "No members match this search.")


def test_the_member_list_is_paginated(login, admin, make_user):
    for number in range(30):
        make_user(f"pembaca{number:02d}")
    client = login(admin)
    first = client.get("/admin/users").get_data(as_text=True)
    second = client.get("/admin/users?page=2").get_data(as_text=True)
    assert "@pembaca00" in first and "@pembaca29" not in first
    assert "@pembaca29" in second and "@pembaca00" not in second
    assert 'rel="next"' in first and 'rel="prev"' in second
