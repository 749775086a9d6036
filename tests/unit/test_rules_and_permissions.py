"""Account rules and the permission table."""
from types import SimpleNamespace

import pytest
from flask_babel import force_locale

from accounts.permissions import PERMISSIONS, can_restrict, has_permission
from accounts.rules import email_problem, password_problem, username_problem


@pytest.mark.parametrize("username, ok", [
    ("budi", True), ("siti.aminah", True), ("pembaca_2024", True), ("abc", True), ("a" * 30, True),
    ("ab", False), ("a" * 31, False), ("Budi", False), ("budi santoso", False), (".budi", False),
    ("budi.", False), ("budi-s", False), ("bü", False), ("admin", False), ("perpustakaan", False),
])
def test_usernames(app, username, ok):
    assert (username_problem(username) is None) == ok


@pytest.mark.parametrize("email, ok", [
    ("budi@contoh.id", True), ("siti.aminah+baca@perpustakaan.go.id", True),
    ("budi", False), ("budi@", False), ("@contoh.id", False), ("budi@localhost", False), ("a b@contoh.id", False),
])
def test_emails(app, email, ok):
    assert (email_problem(email) is None) == ok


@pytest.mark.parametrize("password, ok", [
    ("membaca-setiap-hari", True), ("Kopi&Buku2026", True),
    ("pendek", False), ("1234567890", False), ("bismillah123", False), ("aaaaaaaaaaaa", False),
    ("ababababab", False), ("x" * 129, False), ("budi-suka-baca", False), ("sitiaminah99!", False),
])
def test_passwords(app, password, ok):
    assert (password_problem(password, "budi", "sitiaminah@contoh.id") is None) == ok


def test_rule_messages_are_translated(app):
    with app.test_request_context(), force_locale("id"):
        assert "karakter" in password_problem("pendek")


def user(role, user_id=1):
    return SimpleNamespace(role=role, id=user_id, is_authenticated=True)


GUEST = SimpleNamespace(is_authenticated=False, role=None, id=None)


@pytest.mark.parametrize("role, expected", [
    ("member", set()), ("host", {"host_events"}),
    ("moderator", {"moderate", "manage_books", "manage_challenges", "manage_surveys"}),
    ("admin", {"manage_site", "moderate", "host_events", "manage_books", "manage_challenges", "view_analytics",
               "manage_surveys", "export_personal_data", "manage_pages"}),
])
def test_each_role_has_exactly_its_permissions(role, expected):
    granted = {name for name in PERMISSIONS if has_permission(user(role), name)}
    assert granted == expected


def test_guests_have_no_permission_and_unknown_permissions_are_errors():
    assert not has_permission(GUEST, "moderate")
    with pytest.raises(KeyError):
        has_permission(user("admin"), "fly")


@pytest.mark.parametrize("actor, target, allowed", [
    ("admin", "member", True), ("admin", "host", True), ("admin", "moderator", True), ("admin", "admin", False),
    ("moderator", "member", True), ("moderator", "host", False), ("moderator", "moderator", False),
    ("moderator", "admin", False), ("host", "member", False), ("member", "member", False),
])
def test_who_may_restrict_whom(actor, target, allowed):
    assert can_restrict(user(actor, 1), user(target, 2)) == allowed


def test_nobody_restricts_themselves():
    assert not can_restrict(user("admin", 1), user("member", 1))
