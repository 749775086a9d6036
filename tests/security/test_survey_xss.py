"""No stored XSS through surveys and testimonials: every payload of the corpus goes into a survey's title
and introduction, a question and its options, free-text answers, a testimonial and its role line, and a
member's display name; every page that shows them is checked for anything executable."""
from surveys import actions
from tests.security.test_stored_xss import executable_parts
from tests.security.xss_corpus import PAYLOADS
from tests.survey_helpers import approved_testimonial


def test_no_survey_or_testimonial_page_carries_anything_executable(app, login, admin, make_user):
    one_line = [payload for payload in PAYLOADS if "\n" not in payload]
    survey = actions.save_survey(admin, None, title=f"S {PAYLOADS[0]}"[:150], intro="\n\n".join(PAYLOADS[:30]))
    for number, payload in enumerate(one_line[:12]):
        options = "\n".join(f"{number}.{index} {other}"[:150]
                            for index, other in enumerate(one_line[number:number + 4]))
        kind = ("rating", "single", "multiple", "text")[number % 4]
        actions.add_question(admin, survey, actions.draft_question(kind, payload[:300], payload[:300], False, options))
    actions.set_status(admin, survey, "open")
    for number, payload in enumerate(PAYLOADS[:40]):
        reader = make_user(f"pembaca{number}", display_name=payload[:60] or "x")
        given = {}
        for question in survey.questions:
            if question.kind == "text":
                given[question.id] = [payload]
            elif question.kind == "rating":
                given[question.id] = [str(number % 5 + 1)]
            else:
                given[question.id] = [str(question.options[number % len(question.options)].id)]
        actions.answer(reader, survey, given)
        if number < 5:
            approved_testimonial(reader, admin, body=payload[:500], role_line=PAYLOADS[number + 5][:80])
    guest = app.test_client()
    for url in ("/", "/surveys/", f"/surveys/{survey.id}"):
        response = guest.get(url)
        assert response.status_code == 200 and executable_parts(response.get_data(as_text=True)) == [], url
    staff = login(admin)
    text_question = next(question for question in survey.questions if question.kind == "text")
    for url in ("/", "/surveys/manage", f"/surveys/{survey.id}/edit", f"/surveys/{survey.id}/results",
                f"/surveys/{survey.id}/results/{text_question.id}", "/testimonials/queue", "/admin/audit",
                f"/surveys/{survey.id}/questions/{text_question.id}/edit"):
        response = staff.get(url)
        assert response.status_code == 200 and executable_parts(response.get_data(as_text=True)) == [], url
