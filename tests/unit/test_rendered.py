"""`flask --app app markdown rerender` renders every stored Markdown field again, and none can be forgotten."""
from datetime import datetime, timezone

from sqlalchemy import update

from accounts import actions as account_actions
from accounts.models import User
from challenges.models import Quiz, QuizQuestion
from core.markdown import render_markdown
from core.rendered import RENDERED_FIELDS
from events.models import ChatMessage
from extensions import db
from forum import actions as forum_actions
from forum.models import Post
from library.models import LibraryProfile
from tests.challenge_helpers import make_challenge
from tests.event_factory import new_event

STALE = "<p>old policy</p>"


def html_columns():
    for mapper in db.Model.registry.mappers:
        table = mapper.local_table
        for column in table.columns:
            if column.name.endswith("html"):
                yield f"{table.name}.{column.name}"


def test_every_stored_html_column_is_registered(app):
    assert set(html_columns()) <= set(RENDERED_FIELDS)
    assert "challenge_quiz_questions.choices" in RENDERED_FIELDS  # HTML inside JSON: registered by hand
    for field in RENDERED_FIELDS.values():
        assert field.source in field.model.__table__.c and field.html in field.model.__table__.c


def _stale(model, column: str) -> None:
    db.session.execute(update(model.__table__).values({column: STALE}))
    db.session.commit()


def test_rerender_renders_stale_html_again_in_batches_and_changes_nothing_twice(app, admin, member, host):
    account_actions.update_profile(member, display_name="Budi", bio_md="Suka **novel**.", interests="")
    category = forum_actions.save_category(admin, None, name="Diskusi", slug="diskusi", description="",
                                           colour="#0f6b5c", position=0, who_starts="members")
    thread = forum_actions.create_thread(member, category, "Laskar Pelangi", "Lintang *juara*.")
    for number in range(4):
        forum_actions.reply(member, thread, f"Balasan **{number}**")
    event = new_event(host)
    db.session.add(ChatMessage(event_id=event.id, author_id=member.id, client_id="c1", body="halo **semua**",
                               html=STALE))
    quiz = Quiz(challenge_id=make_challenge(admin).id, title="Kuis")
    quiz.questions.append(QuizQuestion(position=0, text_md="Siapa *Ikal*?", text_html=STALE, correct=0,
                                       choices=[{"md": "Tokoh **utama**", "html": STALE}, {"md": "Kota", "html": STALE}]))
    db.session.add(quiz)
    profile = LibraryProfile(description_md="Buka *setiap* hari.", description_html=STALE,
                             updated_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
    db.session.add(profile)
    db.session.commit()
    _stale(User, "bio_html")
    _stale(Post, "body_html")

    result = app.test_cli_runner().invoke(args=["markdown", "rerender", "--batch-size", "2"])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert member.bio_html == render_markdown("Suka **novel**.")
    posts = db.session.scalars(db.select(Post)).all()
    assert len(posts) == 5 and all(post.body_html == render_markdown(post.body_md) for post in posts)
    message = db.session.scalars(db.select(ChatMessage)).one()
    assert message.html == render_markdown("halo **semua**", inline=True) == "halo <strong>semua</strong>"
    question = quiz.questions[0]
    assert question.text_html == render_markdown("Siapa *Ikal*?")
    assert question.choices == [{"md": "Tokoh **utama**", "html": render_markdown("Tokoh **utama**")},
                                {"md": "Kota", "html": render_markdown("Kota")}]
    assert profile.description_html == render_markdown("Buka *setiap* hari.")
    assert profile.updated_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)  # re-rendering is no edit
    lines = result.output.splitlines()
    assert ["forum_posts.body_html: 2/5", "forum_posts.body_html: 4/5", "forum_posts.body_html: 5/5",
            "forum_posts.body_html: done, 5 of 5 changed."] == [line for line in lines if line.startswith("forum_posts")]
    assert "event_chat_messages.html: done, 1 of 1 changed." in lines
    assert "challenge_quiz_questions.choices: done, 1 of 1 changed." in lines

    again = app.test_cli_runner().invoke(args=["markdown", "rerender"])
    assert again.exit_code == 0
    assert "forum_posts.body_html: done, 0 of 5 changed." in again.output.splitlines()


def test_a_text_now_refused_keeps_its_html_and_is_named(app, member):
    account_actions.update_profile(member, display_name="Budi", bio_md="Suka buku.", interests="")
    db.session.execute(update(User.__table__)
                       .values(bio_md="*" * 200_000, bio_html=STALE))
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["markdown", "rerender"])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert member.bio_html == STALE
    assert f"users.bio_html: kept the HTML of 1 rows whose text is now refused: ids {member.id}" in result.output
