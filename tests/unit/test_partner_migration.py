"""The migration that brings the partner directory carries the events' free-text partner names over: one
partner per distinct name (case and spaces aside), linked to each event that named it; then the column goes.
Run on a database of its own, from the revision before to the head and back."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import text


BEFORE, PAGES = "435bbfa553a8", "08514e973743"
EVENT = ("INSERT INTO events (id, title, kind, description_md, description_html, mode, place, stream_url, "
         "starts_at, ends_at, partners, recording_url, created_by_id, created_at, updated_at) VALUES "
         "(:id, 'Acara', 'webinar', '', '', 'online', '', 'https://contoh.id', '2026-12-01 10:00:00', "
         "'2026-12-01 12:00:00', :partners, '', 1, '2026-11-01 10:00:00', '2026-11-01 10:00:00')")


def test_partner_names_become_partners_linked_to_their_events_and_back(empty_database):
    db = empty_database
    upgrade(revision=BEFORE)
    with db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (id, username, email, password_hash, display_name, bio_md, bio_html, interests, role, "
            "session_token, suspension_reason, ban_reason, created_at) VALUES (1, 'sari', 'sari@contoh.id', 'x', "
            "'Sari', '', '', '', 'host', 'token', '', '', '2026-11-01 10:00:00')"))
        for event_id, partners in ((1, "Komunitas Baca, SMPN 1 Tanjung Sari"), (2, " komunitas  baca ,,Sanggar Seni"),
                                   (3, ""), (4, "SMPN 1 Tanjung Sari, SMPN 1 Tanjung Sari")):
            connection.execute(text(EVENT), {"id": event_id, "partners": partners})

    upgrade(revision=PAGES)
    with db.engine.connect() as connection:
        partners = dict(connection.execute(text("SELECT name, slug FROM partners")).all())
        links = set(connection.execute(text(
            "SELECT event_id, name FROM event_partners JOIN partners ON partners.id = partner_id")).all())
        columns = {column["name"] for column in db.inspect(connection).get_columns("events")}
    assert partners == {"Komunitas Baca": "komunitas-baca", "SMPN 1 Tanjung Sari": "smpn-1-tanjung-sari",
                        "Sanggar Seni": "sanggar-seni"}
    assert links == {(1, "Komunitas Baca"), (1, "SMPN 1 Tanjung Sari"), (2, "Komunitas Baca"), (2, "Sanggar Seni"),
                     (4, "SMPN 1 Tanjung Sari")}
    assert "partners" not in columns

    downgrade(revision=BEFORE)
    with db.engine.connect() as connection:
        names = dict(connection.execute(text("SELECT id, partners FROM events ORDER BY id")).all())
    assert names == {1: "Komunitas Baca, SMPN 1 Tanjung Sari", 2: "Komunitas Baca, Sanggar Seni", 3: "",
                     4: "SMPN 1 Tanjung Sari"}
