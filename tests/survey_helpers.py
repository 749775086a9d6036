"""Test data for surveys and testimonials, made through the real actions."""
from tests.conftest import says
from surveys import actions
from surveys.models import SurveyQuestion
from testimonials import actions as testimonial_actions

QUESTIONS = (
    ("rating", "Seberapa puas Anda dengan layanan perpustakaan?", (), True),
    ("single", "Seberapa sering Anda berkunjung?", ("Setiap minggu", "Setiap bulan", "Jarang"), True),
    ("multiple", "Koleksi apa yang Anda baca?", ("Novel", "Sejarah", "Sains", "Komik"), False),
    ("text", "Saran untuk kami", (), False),
)


def make_survey(staff, title="Survei kepuasan 2026", questions=QUESTIONS, status="open", intro="", closes_at=""):
    survey = actions.save_survey(staff, None, title=title, intro=intro, closes_at=closes_at)
    for kind, prompt, options, required in questions:
        actions.add_question(staff, survey, actions.draft_question(kind, prompt, "", required, "\n".join(options)))
    if status != "draft":
        actions.set_status(staff, survey, "open")
    if status == "closed":
        actions.set_status(staff, survey, "closed")
    return survey


def question(survey, position: int) -> SurveyQuestion:
    return survey.questions[position - 1]


def option_id(survey, position: int, label: str) -> str:
    return str(next(option.id for option in question(survey, position).options if option.label == label))


def answers(survey, rating="5", often="Setiap minggu", read=("Novel",), suggestion="") -> dict:
    """The form fields a member's browser sends for the default questions."""
    return {f"q{question(survey, 1).id}": rating, f"q{question(survey, 2).id}": option_id(survey, 2, often),
            f"q{question(survey, 3).id}": [option_id(survey, 3, label) for label in read],
            f"q{question(survey, 4).id}": suggestion}


def answer(member, survey, **given):
    fields = answers(survey, **given)
    return actions.answer(member, survey, {int(name[1:]): value if isinstance(value, list) else [value]
                                           for name, value in fields.items()})


def approved_testimonial(member, staff, body="Perpustakaan ini rumah kedua saya.", role_line=""):
    testimonial = testimonial_actions.submit(member, body, role_line)
    testimonial_actions.approve(staff, testimonial)
    return testimonial


STAFF = ("moderator", "admin")


def answered_as_staff_only(response, role: str, allowed=STAFF) -> bool:
    """Checks a staff page answered `role` as it should: the `allowed` roles are let in, guests sent to sign
    in, and everyone else refused with 403. True when it let them in."""
    if role in allowed:
        assert response.status_code in (200, 302)
        return True
    if role == "guest":
        assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")
    else:
        assert response.status_code == 403 and says(response, "Not allowed")
    return False
