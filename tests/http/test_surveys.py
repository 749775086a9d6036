"""Surveys: staff build them, members answer once, staff (only) see results and export them."""
import csv
import io
from datetime import timedelta, timezone, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from core.audit import AuditEntry
from core.timeutil import utcnow
from extensions import db
from surveys import actions, queries
from surveys.models import SurveyAnswer, SurveyResponse
from tests.conftest import says, translated, translated_plural
from tests.survey_helpers import answer, answered_as_staff_only, answers, make_survey, option_id, question


def responses_of(survey) -> int:
    return db.session.scalar(db.select(db.func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey.id))


def test_a_member_answers_once_and_a_second_attempt_is_refused_clearly(login, admin, member):
    survey = make_survey(admin)
    client = login(member)
    page = client.get(f"/surveys/{survey.id}")
    assert page.status_code == 200 and "Seberapa puas Anda" in page.get_data(as_text=True)
    response = client.submit(f"/surveys/{survey.id}", answers(survey, read=("Novel", "Sejarah")),
                             follow_redirects=True)
    assert says(response, "Thank you! Your answers have been saved.")
    assert says(response, "You answered this survey on %(when)s. Thank you!",
                when=translated_when(db.session.execute(db.select(SurveyResponse)).scalar_one().submitted_at))
    assert 'name="q' not in response.get_data(as_text=True)  # no form any more
    again = client.submit(f"/surveys/{survey.id}", answers(survey), follow_redirects=True)
    assert says(again, "You have already answered this survey. Each member answers once: thank you!")
    assert responses_of(survey) == 1 and survey.response_count == 1
    assert db.session.scalar(db.select(db.func.count(SurveyAnswer.id))) == 4  # rating, single, two chosen


def translated_when(moment):
    from flask_babel import force_locale

    from core.i18n import format_when
    with force_locale("id"):
        return format_when(moment)


def test_the_database_refuses_a_second_response_even_without_the_check(admin, member):
    survey = make_survey(admin)
    answer(member, survey)
    db.session.add(SurveyResponse(survey_id=survey.id, user_id=member.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_required_questions_and_wrong_answers_are_named_and_what_was_typed_is_kept(login, admin, member):
    survey = make_survey(admin)
    client = login(member)
    fields = answers(survey, suggestion="Tambah koleksi komik")
    fields[f"q{question(survey, 1).id}"] = ""
    fields[f"q{question(survey, 2).id}"] = [option_id(survey, 2, "Jarang"), option_id(survey, 2, "Setiap bulan")]
    response = client.submit(f"/surveys/{survey.id}", fields)
    assert response.status_code == 400
    assert says(response, "Please correct the answers marked below.")
    assert says(response, "This question needs an answer.") and says(response, "Choose one option only.")
    page = response.get_data(as_text=True)
    assert "Tambah koleksi komik</textarea>" in page
    novel = option_id(survey, 3, "Novel")
    assert f'value="{novel}" id="q{question(survey, 3).id}-{novel}" checked' in page
    assert f'aria-describedby="q{question(survey, 1).id}-error"' in page
    assert responses_of(survey) == 0


@pytest.mark.parametrize("field, value, message", [
    (1, "9", "Choose a rating from 1 to 5."),
    (1, "tiga", "Choose a rating from 1 to 5."),
    (2, "999999", "That choice is not in this survey. Please reload the page and try again."),
    (4, "x" * 2001, "At most %(max)d characters."),
])
def test_answers_outside_the_question_are_refused(login, admin, member, field, value, message):
    survey = make_survey(admin)
    fields = answers(survey)
    fields[f"q{question(survey, field).id}"] = value
    response = login(member).submit(f"/surveys/{survey.id}", fields)
    assert response.status_code == 400 and says(response, message, max=2000)
    assert responses_of(survey) == 0


def test_an_option_of_another_question_is_refused(login, admin, member):
    survey = make_survey(admin)
    fields = answers(survey)
    fields[f"q{question(survey, 2).id}"] = option_id(survey, 3, "Komik")
    response = login(member).submit(f"/surveys/{survey.id}", fields)
    assert response.status_code == 400 and responses_of(survey) == 0


def test_optional_questions_may_stay_empty(login, admin, member):
    survey = make_survey(admin)
    fields = answers(survey, read=(), suggestion="   ")
    assert login(member).submit(f"/surveys/{survey.id}", fields).status_code == 302
    assert responses_of(survey) == 1


def test_answers_without_a_csrf_token_are_refused(login, admin, member):
    survey = make_survey(admin)
    response = login(member).post(f"/surveys/{survey.id}", data=answers(survey))
    assert response.status_code == 400 and responses_of(survey) == 0


def test_a_closed_survey_says_so_and_takes_no_answers(login, admin, member):
    survey = make_survey(admin, status="closed")
    client = login(member)
    page = client.get(f"/surveys/{survey.id}")
    assert says(page, "This survey is closed. Thank you for your interest.")
    assert 'name="q' not in page.get_data(as_text=True)
    response = client.submit(f"/surveys/{survey.id}", answers(survey), follow_redirects=True)
    assert says(response, "This survey is closed. Thank you for your interest.")
    assert responses_of(survey) == 0
    assert "Survei kepuasan 2026" not in client.get("/surveys/").get_data(as_text=True)


def test_a_survey_past_its_closing_time_says_when_it_closed(login, admin, member):
    survey = make_survey(admin, closes_at="2099-01-01T10:00")
    assert says(login(member).get("/surveys/"), "open until %(when)s", when=translated_when(survey.closes_at))
    survey.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = login(member).get(f"/surveys/{survey.id}")
    assert says(page, "This survey closed on %(date)s. Thank you for your interest.",
                date=translated_when(survey.closes_at))
    with pytest.raises(actions.ActionError):
        answer(member, survey)


def test_the_closing_time_is_read_in_the_library_time_zone(admin):
    survey = make_survey(admin, closes_at="2099-12-31T17:00")  # WIB, UTC+7
    assert survey.closes_at == datetime(2099, 12, 31, 10, 0, tzinfo=timezone.utc)


def test_drafts_are_for_staff_only_and_guests_are_asked_to_sign_in(app, client, login, admin, member):
    draft = make_survey(admin, title="Draf rahasia", status="draft")
    survey = make_survey(admin)
    assert client.get(f"/surveys/{draft.id}").status_code == 404
    assert says(client.get(f"/surveys/{survey.id}"), "Please sign in to answer this survey: each member answers once.")
    response = client.submit(f"/surveys/{survey.id}", answers(survey))
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")
    assert "Draf rahasia" not in client.get("/surveys/").get_data(as_text=True)
    assert login(member).get(f"/surveys/{draft.id}").status_code == 404
    staff = app.test_client()
    staff.login(admin)
    preview = staff.get(f"/surveys/{draft.id}")
    assert preview.status_code == 200 and says(preview, "Preview: members answer here once the survey is open.")
    assert "Seberapa puas Anda" in preview.get_data(as_text=True)


def test_a_suspended_member_cannot_answer(admin, moderator, member):
    from accounts import actions as account_actions

    survey = make_survey(admin)
    account_actions.suspend(moderator, member, utcnow() + timedelta(days=3), "Spam")
    with pytest.raises(actions.ActionError):
        answer(member, survey)
    assert responses_of(survey) == 0


ROLES = ["guest", "member", "host", "moderator", "admin"]
STAFF_PAGES = [("GET", "/surveys/manage"), ("GET", "/surveys/new"), ("GET", "/surveys/{id}/edit"),
               ("GET", "/surveys/{id}/results"), ("GET", "/surveys/{id}/results/{text}"),
               ("POST", "/surveys/{id}/status"), ("POST", "/surveys/{id}/questions"), ("GET", "/surveys/{id}/delete"),
               ("POST", "/surveys/{id}/delete")]
ADMIN_PAGES = [("GET", "/surveys/{id}/responses.csv")]  # every response, row by row: personal data


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, allowed", [(*page, ("moderator", "admin")) for page in STAFF_PAGES]
                         + [(*page, ("admin",)) for page in ADMIN_PAGES])
def test_survey_staff_pages_are_for_moderators_and_admins_the_export_for_admins(app, make_user, admin, role, method,
                                                                                 url, allowed):
    survey = make_survey(make_user("staf", "admin"), status="draft")
    url = url.format(id=survey.id, text=question(survey, 4).id)
    client = app.test_client()
    if role != "guest":
        client.login(admin if role == "admin" else make_user(f"as.{role}", role))
    audited = db.session.scalar(db.select(db.func.count(AuditEntry.id)))
    response = client.get(url) if method == "GET" else client.submit(url, {"status": "open", "prompt": "Baru?",
                                                                           "kind": "rating"})
    if not answered_as_staff_only(response, role, allowed):
        assert survey.status == "draft" and len(survey.questions) == 4
        assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == audited


def test_results_show_a_chart_and_a_table_of_both_answers(login, admin, member, make_user):
    survey = make_survey(admin)
    answer(member, survey, rating="5", read=("Novel", "Sejarah"), suggestion="Buka sampai malam")
    answer(make_user("siti"), survey, rating="4", often="Jarang", read=("Novel",), suggestion="Tambah komik")
    page = login(admin).get(f"/surveys/{survey.id}/results")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert says(page, "Average: %(average)s of 5", average="4.5")
    assert html.count('<svg class="chart bar-chart"') == 3  # rating, single and multiple choice
    assert '<svg class="chart bar-chart" viewBox="0 0 400 220" role="img" aria-label="Seberapa puas' in html
    assert ">1 · 50%</text>" in html  # one of two answered 5 and one 4
    assert ">2 · 100%</text>" in html  # both read novels
    assert f"<th scope=\"row\">{translated('%(num)d of 5 stars', num=5)}</th><td class=\"number\">1</td>" in html
    assert "Buka sampai malam" in html and "Tambah komik" in html
    assert says(page, translated_plural("%(num)d response", "%(num)d responses", 2), locale="id") or \
        translated_plural("%(num)d response", "%(num)d responses", 2) in html


def test_free_text_answers_are_paginated(login, admin, make_user):
    from surveys import queries as survey_queries

    survey = make_survey(admin, questions=(("text", "Pesan Anda", (), True),))
    for number in range(survey_queries.TEXT_PER_PAGE + 3):
        actions.answer(make_user(f"pembaca{number}"), survey, {question(survey, 1).id: [f"Pesan nomor {number}"]})
    client = login(admin)
    results = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert results.count("Pesan nomor") == survey_queries.TEXT_PREVIEW
    first = client.get(f"/surveys/{survey.id}/results/{question(survey, 1).id}").get_data(as_text=True)
    second = client.get(f"/surveys/{survey.id}/results/{question(survey, 1).id}?page=2").get_data(as_text=True)
    assert first.count("Pesan nomor") == survey_queries.TEXT_PER_PAGE and "Pesan nomor 52 <" in first
    assert second.count("Pesan nomor") == 3 and "Pesan nomor 0 <" in second


def test_a_moderator_sees_the_results_but_is_not_offered_the_export(app, admin, moderator, member):
    survey = make_survey(admin)
    answer(member, survey, rating="4", suggestion="Buka sampai malam")
    for user, offered in ((admin, True), (moderator, False)):
        client = app.test_client()
        client.login(user)
        results = client.get(f"/surveys/{survey.id}/results")
        assert results.status_code == 200 and "Buka sampai malam" in results.get_data(as_text=True)
        for page in (results, client.get(f"/surveys/{survey.id}/delete")):
            assert (f"/surveys/{survey.id}/responses.csv" in page.get_data(as_text=True)) == offered, user.role
    refused = client.get(f"/surveys/{survey.id}/responses.csv")
    assert refused.status_code == 403 and says(refused, "Downloads of members' answers and results are for the "
                                                        "library's admins, who look after members' personal data.")


def test_the_csv_export_has_every_response_is_formula_safe_names_no_one_and_is_audited(login, admin, member,
                                                                                        make_user):
    survey = make_survey(admin)
    answer(member, survey, rating="3", read=("Novel", "Komik"), suggestion="=HYPERLINK(\"http://jahat.example\")")
    answer(make_user("siti"), survey, rating="5", often="Setiap bulan", read=())
    response = login(admin).get(f"/surveys/{survey.id}/responses.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["#", translated("Submitted"), "1. Seberapa puas Anda dengan layanan perpustakaan?",
                       "2. Seberapa sering Anda berkunjung?", "3. Koleksi apa yang Anda baca?", "4. Saran untuk kami"]
    assert [row[:1] + row[2:] for row in rows[1:]] == [
        ["1", "3", "Setiap minggu", "Novel; Komik", "'=HYPERLINK(\"http://jahat.example\")"],
        ["2", "5", "Setiap bulan", "", ""]]
    body = response.get_data(as_text=True)
    assert "budi" not in body and "Budi Santoso" not in body and "siti" not in body
    entry = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "survey.export")).scalar_one()
    assert (entry.actor_id, entry.target_id) == (admin.id, survey.id)


def test_staff_build_a_survey_in_the_browser_forms(login, admin):
    client = login(admin)
    response = client.submit("/surveys/new", {"title": "Survei <i>ruang baca</i>", "intro": "Isi **singkat**."})
    assert response.status_code == 302
    survey_url = response.headers["Location"].rsplit("/edit", 1)[0]
    refused = client.submit(f"{survey_url}/questions", {"prompt": "Pilih satu", "kind": "single", "options": "Ya",
                                                         "required": "y"})
    assert refused.status_code == 400
    assert says(refused, "A choice question has %(low)d to %(high)d options, one per line.", low=2, high=10)
    twice = client.submit(f"{survey_url}/questions", {"prompt": "Pilih", "kind": "single", "options": "Ya\nya"})
    assert says(twice, "“%(option)s” is listed twice: each option must be different.", option="ya")
    nothing = client.submit(f"{survey_url}/status", {"status": "open"}, follow_redirects=True)
    assert says(nothing, "Add at least one question before opening the survey.")
    for prompt, kind in (("Nilai ruang baca", "rating"), ("Apa yang kurang?", "text")):
        assert client.submit(f"{survey_url}/questions", {"prompt": prompt, "kind": kind, "required": "y"}
                             ).status_code == 302
    survey = queries.all_surveys()[0]
    second = question(survey, 2)
    assert client.submit(f"{survey_url}/questions/{second.id}/move", {"direction": "up"}).status_code == 302
    db.session.refresh(survey)
    assert [q.prompt for q in survey.questions] == ["Apa yang kurang?", "Nilai ruang baca"]
    assert [q.position for q in survey.questions] == [1, 2]
    assert client.submit(f"{survey_url}/questions/{second.id}/edit", {"prompt": "Apa yang perlu ditambah?",
                                                                      "kind": "text"}).status_code == 302
    assert question(survey, 1).prompt == "Apa yang perlu ditambah?" and not question(survey, 1).required
    confirm = client.get(f"{survey_url}/questions/{second.id}/delete")
    assert says(confirm, "Delete question %(number)d?", number=1)
    assert client.submit(f"{survey_url}/questions/{second.id}/delete").status_code == 302
    db.session.refresh(survey)
    assert [(q.position, q.prompt) for q in survey.questions] == [(1, "Nilai ruang baca")]
    opened = client.submit(f"{survey_url}/status", {"status": "open"}, follow_redirects=True)
    assert says(opened, "The survey is open: members can answer it now.") and survey.status == "open"
    actions_done = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions_done == ["survey.create", "survey.questions", "survey.questions", "survey.questions",
                            "survey.questions", "survey.questions", "survey.open"]
    audit_page = client.get("/admin/audit").get_data(as_text=True)
    assert translated("Moved question %(old)s to place %(new)s", old="2", new="1") in audit_page


def test_questions_are_frozen_once_answered_but_the_survey_can_still_close(login, admin, member):
    survey = make_survey(admin)
    answer(member, survey)
    client = login(admin)
    first = question(survey, 1)
    frozen = "Members have already answered this survey, so its questions can no longer change (the results would " \
             "mix old and new questions). You can still edit the title and introduction, close the survey, or make " \
             "a new one."
    assert says(client.submit(f"/surveys/{survey.id}/questions", {"prompt": "Baru", "kind": "rating"},
                              follow_redirects=True), frozen)
    assert says(client.submit(f"/surveys/{survey.id}/questions/{first.id}/edit",
                              {"prompt": "Diubah", "kind": "text"}), frozen)
    assert says(client.submit(f"/surveys/{survey.id}/questions/{first.id}/delete", follow_redirects=True), frozen)
    client.submit(f"/surveys/{survey.id}/questions/{first.id}/move", {"direction": "down"})
    db.session.refresh(survey)
    assert [(q.position, q.kind) for q in survey.questions] == [(1, "rating"), (2, "single"), (3, "multiple"),
                                                                  (4, "text")]
    assert first.prompt.startswith("Seberapa puas")
    assert client.submit(f"/surveys/{survey.id}/edit", {"title": "Survei kepuasan (ditutup)"}).status_code == 302
    closed = client.submit(f"/surveys/{survey.id}/status", {"status": "closed"}, follow_redirects=True)
    assert says(closed, "The survey is closed: it takes no more answers.") and survey.status == "closed"
    assert survey.title == "Survei kepuasan (ditutup)"


def test_deleting_a_survey_asks_first_then_removes_its_answers_and_is_audited(login, admin, member):
    survey = make_survey(admin)
    answer(member, survey)
    client = login(admin)
    confirm = client.get(f"/surveys/{survey.id}/delete")
    assert says(confirm, "Delete the survey “%(title)s”?", title="Survei kepuasan 2026")
    assert says(confirm, "Export the answers first if you want to keep them.")
    survey_id = survey.id
    assert client.submit(f"/surveys/{survey_id}/delete").status_code == 302
    assert client.get(f"/surveys/{survey_id}").status_code == 404
    assert db.session.scalar(db.select(db.func.count(SurveyAnswer.id))) == 0
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == 0
    entry = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "survey.delete")).scalar_one()
    assert entry.target_id == survey_id


def test_open_surveys_are_listed_for_members_and_linked_from_the_home_page(client, login, admin, member):
    survey = make_survey(admin, title="Survei jam buka")
    make_survey(admin, title="Survei lama", status="closed")
    home = client.get("/").get_data(as_text=True)
    assert f'href="/surveys/{survey.id}">Survei jam buka</a>' in home and "Survei lama" not in home
    answer(member, survey)
    listing = login(member).get("/surveys/")
    assert "Survei jam buka" in listing.get_data(as_text=True) and says(listing, "Answered")


def test_the_staff_area_has_a_surveys_tile(login, admin, moderator):
    page = login(moderator).get("/admin/")
    assert 'href="/surveys/manage"' in page.get_data(as_text=True) and 'href="/testimonials/queue"' in page.get_data(
        as_text=True)


def test_the_ratings_of_a_period_are_counted_per_rating(admin, member, make_user):
    survey = make_survey(admin)
    other = make_survey(admin, title="Survei acara", questions=(("rating", "Nilai acara", (), True),
                                                                ("rating", "Nilai pembicara", (), True)))
    answer(member, survey, rating="4")
    actions.answer(make_user("siti"), other, {question(other, 1).id: ["5"], question(other, 2).id: ["2"]})
    old = answer(make_user("ani"), survey, rating="1")
    old.submitted_at = utcnow() - timedelta(days=40)
    db.session.commit()
    now = utcnow()
    assert queries.ratings_given(now - timedelta(days=30), now + timedelta(minutes=1)) == {4: 1, 5: 1, 2: 1}
    assert queries.ratings_given(now - timedelta(days=60), now - timedelta(days=30)) == {1: 1}
    assert queries.ratings_given(now + timedelta(days=1), now + timedelta(days=2)) == {}
