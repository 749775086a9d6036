"""The staff audit log: every action explained in the reader's language, and filters that narrow it down."""
import pathlib
import re
from datetime import datetime, timezone

from core import audit
from core.audit import ACTION_LABELS, AuditEntry
from extensions import db
from forum.models import FLAG_OUTCOMES
from tests.conftest import says, translated

ROOT = pathlib.Path(__file__).resolve().parents[2]
RECORDED = re.compile(r'audit\.record\([^,]+,\s*(f?)"([^"]+)"')


def recorded_actions() -> list[tuple[bool, str]]:
    found = []
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in (".venv", "tests", "node_modules", "migrations"):
            continue
        found += [(bool(prefix), action) for prefix, action in RECORDED.findall(path.read_text())]
    return found


def test_every_recorded_action_has_a_label():
    found = recorded_actions()
    assert len(found) >= 10
    for is_template, action in found:
        if is_template:
            family = action.split("{")[0]
            assert any(label.startswith(family) for label in ACTION_LABELS), action
        else:
            assert action in ACTION_LABELS, action
    assert {f"flag.{outcome}" for outcome in FLAG_OUTCOMES} <= set(ACTION_LABELS)


def entry(actor, action, target_type, target_id, when):
    made = audit.record(actor, action, target_type, target_id)
    made.created_at = when
    return made


def test_the_log_explains_each_action_and_filters_by_action_who_member_and_day(login, make_user, moderator,
                                                                              admin, member):
    other = make_user("siti")
    entry(moderator, "user.warn", "user", member.id, datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc))
    entry(admin, "user.silence", "user", other.id, datetime(2026, 11, 21, 18, 0, tzinfo=timezone.utc))  # 22nd WIB
    entry(admin, "thread.lock", "thread", 7, datetime(2026, 11, 22, 2, 0, tzinfo=timezone.utc))
    db.session.commit()
    client = login(moderator)
    page = client.get("/admin/audit").get_data(as_text=True)
    for action in ("user.warn", "user.silence", "thread.lock"):
        assert translated(ACTION_LABELS[action]._args[0]) in page
    assert 'href="/forum/t/7"' in page and "@budi" in page

    def shown(**filters) -> set[str]:
        html = client.get("/admin/audit", query_string=filters).get_data(as_text=True)
        table = html.split("<table", 1)[1] if "<table" in html else ""  # the filter menu names every action
        return {action for action in ("user.warn", "user.silence", "thread.lock")
                if translated(ACTION_LABELS[action]._args[0]) in table}

    assert shown(action="user.warn") == {"user.warn"}
    assert shown(who="ratna") == {"user.silence", "thread.lock"}
    assert shown(member="siti") == {"user.silence"}
    assert shown(**{"from": "2026-11-22"}) == {"user.silence", "thread.lock"}  # days are the library's (WIB)
    assert shown(to="2026-11-21") == {"user.warn"}
    assert shown(who="nobody") == set()
    assert says(client.get("/admin/audit", query_string={"who": "nobody"}), "Nothing matches these filters.")
    assert shown(**{"from": "not-a-date"}) == {"user.warn", "user.silence", "thread.lock"}


def test_filters_survive_paging(login, moderator, member):
    for number in range(55):
        audit.record(moderator, "user.warn", "user", member.id)
    db.session.commit()
    page = login(moderator).get("/admin/audit?action=user.warn&who=dimas").get_data(as_text=True)
    assert "page=2" in page and "action=user.warn" in page and "who=dimas" in page
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 55


def test_details_read_in_words_not_as_stored_keys(login, moderator, admin, member):
    from accounts import actions as account_actions
    from forum import watched_words

    account_actions.set_role(admin, member, "host")
    watched_words.load_starter(admin)
    audit.record(moderator, "post.approve", "post", 3, details="new_member")
    audit.record(moderator, "post.reject", "post", 4, details="word:pinjol")
    db.session.commit()
    page = login(moderator).get("/admin/audit").get_data(as_text=True)
    assert f"{translated('Member')} → {translated('Event host')}" in page
    assert translated("Added %(count)d words from the starter list.", count=len(watched_words.parse_csv(
        watched_words.STARTER_LIST.read_text(encoding="utf-8"))[0])) in page
    assert translated("First posts of a new member") in page
    assert translated("Watched word: “%(word)s”", word="pinjol") in page
    assert "new_member" not in page and "host</td>" not in page
