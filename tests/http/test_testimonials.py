"""Testimonials: members write a few words, staff approve or reject them (the member is told), approved
ones take turns on the home page, and staff can withdraw one later."""
from datetime import datetime, timezone

import pytest
from sqlalchemy.exc import IntegrityError

from core.audit import AuditEntry
from core.notifications import Notification
from extensions import db
from testimonials import actions, queries
from testimonials import models
from tests.conftest import says
from tests.survey_helpers import answered_as_staff_only, approved_testimonial


def only_testimonial() -> models.Testimonial:
    return db.session.execute(db.select(models.Testimonial)).scalar_one()


def test_a_member_writes_a_testimonial_that_waits_for_staff(client, login, member):
    response = login(member).submit("/testimonials/write", {"body": "Di sini anak saya  jatuh cinta\u200b pada buku.",
                                                             "role_line": "Ibu dua anak"}, follow_redirects=True)
    assert says(response, "Thank you! Library staff will read your testimonial before it appears on the home page.")
    assert says(response, "Waiting for staff")
    testimonial = only_testimonial()
    assert (testimonial.body, testimonial.role_line, testimonial.state) == (
        "Di sini anak saya jatuh cinta pada buku.", "Ibu dua anak", "pending")  # invisible characters dropped
    assert "jatuh cinta" not in client.get("/").get_data(as_text=True)


def test_one_testimonial_waits_at_a_time_per_member(login, member):
    client = login(member)
    client.submit("/testimonials/write", {"body": "Yang pertama."})
    waiting = client.get("/testimonials/write")
    assert says(waiting, "Your testimonial is already waiting for the library staff. You can write another once "
                         "they have decided.") and 'name="body"' not in waiting.get_data(as_text=True)
    second = client.submit("/testimonials/write", {"body": "Yang kedua."})
    assert second.status_code == 400
    assert says(second, "Your testimonial is already waiting for the library staff. You can write another once "
                        "they have decided.")
    assert db.session.scalar(db.select(db.func.count(models.Testimonial.id))) == 1


def test_the_database_keeps_one_pending_testimonial_per_member(member):
    actions.submit(member, "Yang pertama.")
    db.session.add(models.Testimonial(user_id=member.id, body="Lewat jalan belakang."))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("fields, message, high", [
    ({"body": "x" * 501}, "At most %(max)d characters.", 500),
    ({"body": "   "}, "This field is required.", 0),
    ({"body": "Bagus", "role_line": "y" * 81}, "At most %(max)d characters.", 80),
])
def test_too_long_or_empty_testimonials_are_refused(login, member, fields, message, high):
    response = login(member).submit("/testimonials/write", fields)
    assert response.status_code == 400 and says(response, message, max=high)
    assert db.session.scalar(db.select(db.func.count(models.Testimonial.id))) == 0


def test_staff_approve_the_member_is_told_it_is_audited_and_it_shows_on_the_home_page(client, login, moderator,
                                                                                       member):
    actions.submit(member, "Perpustakaan ini rumah kedua saya.", "Mahasiswa, pembaca sejarah")
    staff = login(moderator)
    queue = staff.get("/testimonials/queue")
    assert "Perpustakaan ini rumah kedua saya." in queue.get_data(as_text=True)
    response = staff.submit(f"/testimonials/{only_testimonial().id}/decide", {"decision": "approve"},
                            follow_redirects=True)
    assert says(response, "The testimonial is now shown on the home page, in turn with the others.")
    assert only_testimonial().state == "approved"
    notice = db.session.execute(db.select(Notification)).scalar_one()
    assert (notice.user_id, notice.kind) == (member.id, "testimonial_approved")
    entry = db.session.execute(db.select(AuditEntry)).scalar_one()
    assert (entry.actor_id, entry.action, entry.target_id) == (moderator.id, "testimonial.approve",
                                                               only_testimonial().id)
    home = client.get("/").get_data(as_text=True)
    assert "Perpustakaan ini rumah kedua saya." in home and "Budi Santoso" in home
    assert "Mahasiswa, pembaca sejarah" in home


def test_staff_reject_with_a_note_the_member_reads(app, login, moderator, member):
    actions.submit(member, "Tolong buka hari Minggu!")
    staff = login(moderator)
    staff.submit(f"/testimonials/{only_testimonial().id}/decide",
                 {"decision": "reject", "note": "Ini lebih cocok sebagai saran di forum."})
    assert only_testimonial().state == "rejected"
    reader = app.test_client()
    reader.login(member)
    notices = reader.get("/notifications")
    assert says(notices, "Library staff did not publish your testimonial")
    assert "Ini lebih cocok sebagai saran di forum." in notices.get_data(as_text=True)
    assert says(reader.get("/testimonials/write"), "Not published")
    assert "Tolong buka hari Minggu!" not in reader.get("/").get_data(as_text=True)
    again = staff.submit(f"/testimonials/{only_testimonial().id}/decide", {"decision": "approve"},
                         follow_redirects=True)
    assert says(again, "Someone has already decided on this testimonial.") and only_testimonial().state == "rejected"
    assert reader.submit("/testimonials/write", {"body": "Yang baru."}).status_code == 302  # no longer waiting


def test_staff_withdraw_an_approved_testimonial(client, login, moderator, member):
    approved_testimonial(member, moderator, body="Kata-kata lama.")
    assert "Kata-kata lama." in client.get("/").get_data(as_text=True)
    response = login(moderator).submit(f"/testimonials/{only_testimonial().id}/withdraw", {"reason": "Sudah lama"},
                                       follow_redirects=True)
    assert says(response, "The testimonial has been taken off the home page.")
    assert only_testimonial().state == "withdrawn"
    assert "Kata-kata lama." not in client.get("/").get_data(as_text=True)
    entry = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "testimonial.withdraw")).scalar_one()
    assert entry.reason == "Sudah lama"


def test_a_member_deletes_their_own_testimonial_but_not_anothers(app, client, login, moderator, member, make_user):
    approved_testimonial(member, moderator, body="Saya berubah pikiran.")
    testimonial_id = only_testimonial().id
    other = app.test_client()
    other.login(make_user("siti"))
    assert other.submit(f"/testimonials/{testimonial_id}/delete").status_code == 403
    reader = login(member)
    assert says(reader.get(f"/testimonials/{testimonial_id}/delete"), "Delete this testimonial?")
    assert reader.submit(f"/testimonials/{testimonial_id}/delete").status_code == 302
    assert db.session.get(models.Testimonial, testimonial_id) is None
    assert "Saya berubah pikiran." not in client.get("/").get_data(as_text=True)


ROLES = ["guest", "member", "host", "moderator", "admin"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, data", [("GET", "/testimonials/queue", {}),
                                               ("POST", "/testimonials/{id}/decide", {"decision": "approve"}),
                                               ("POST", "/testimonials/{id}/withdraw", {})])
def test_the_queue_is_for_moderators_and_admins(app, make_user, member, role, method, url, data):
    testimonial = actions.submit(member, "Menunggu.")
    client = app.test_client()
    if role != "guest":
        client.login(make_user(f"as.{role}", role))
    url = url.format(id=testimonial.id)
    response = client.get(url) if method == "GET" else client.submit(url, data)
    if not answered_as_staff_only(response, role):
        assert testimonial.state == "pending" and db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 0


def test_a_decision_without_a_csrf_token_is_refused(login, moderator, member):
    testimonial = actions.submit(member, "Menunggu.")
    response = login(moderator).post(f"/testimonials/{testimonial.id}/decide", data={"decision": "approve"})
    assert response.status_code == 400 and testimonial.state == "pending"


def test_approved_testimonials_take_turns_by_time_slot(client, moderator, make_user, monkeypatch):
    bodies = [f"Kesan nomor {number}." for number in range(3)]
    for number, body in enumerate(bodies):
        approved_testimonial(make_user(f"pembaca{number}"), moderator, body=body)
    slot = queries.SLOT_SECONDS
    start = datetime(2026, 11, 27, tzinfo=timezone.utc).timestamp() // slot * slot

    def shown(offset_seconds: float) -> list[str]:
        return [t.body for t in queries.on_home(now=datetime.fromtimestamp(start + offset_seconds, timezone.utc))]

    turns = [shown(index * slot)[0] for index in range(3)]
    assert sorted(turns) == bodies  # each takes its turn
    assert shown(0) == shown(slot - 1)  # the same for everyone within a slot
    assert shown(3 * slot) == shown(0)  # and round again
    assert len(queries.on_home(count=3)) == 3 and len(queries.on_home(count=5)) == 3
    monkeypatch.setattr("testimonials.queries.utcnow", lambda: datetime.fromtimestamp(start + slot, timezone.utc))
    home = client.get("/").get_data(as_text=True)
    assert turns[1] in home and sum(body in home for body in bodies) == 1


def test_a_banned_members_testimonial_leaves_the_home_page(client, moderator, admin, member, make_user):
    from accounts import actions as account_actions

    approved_testimonial(member, moderator, body="Kata-kata anggota yang kemudian diblokir.")
    approved_testimonial(make_user("siti"), moderator, body="Kata-kata anggota lain.")
    account_actions.ban(admin, member, "Spam")
    assert [t.body for t in queries.on_home(count=3)] == ["Kata-kata anggota lain."]
    assert "diblokir" not in client.get("/").get_data(as_text=True)
