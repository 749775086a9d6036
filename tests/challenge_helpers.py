"""Challenges for tests, made through the real actions."""
from datetime import timedelta

from challenges import actions
from core.library_time import library_today


def make_challenge(staff, *, days_before: int = 10, days_after: int = 20, unit: str = "pages", target: int = 1000,
                   is_team: bool = False, raffle_every: int | None = 100, badges=None, title: str = "Tantangan Membaca",
                   description: str = "Baca **banyak** buku."):
    today = library_today()
    return actions.save_challenge(staff, None, actions.ChallengeDetails(
        title=title, description=description, starts_on=today - timedelta(days=days_before),
        ends_on=today + timedelta(days=days_after), unit=unit, target=target, is_team=is_team,
        badges=badges if badges is not None else [("Separuh", 50, True), ("Kutu Buku", 100, True)],
        raffle_every=raffle_every))


def days_ago(days: int):
    return library_today() - timedelta(days=days)


def log(reader, challenge, amount, days: int = 0, actor=None, **kwargs):
    return actions.log_reading(actor or reader, challenge, reader, amount=amount, read_on=days_ago(days), **kwargs)
