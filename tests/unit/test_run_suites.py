"""`make test` runs the PostgreSQL suite even when the SQLite one fails, and fails if either does."""
import sys

import pytest

from tests import run_suites


@pytest.mark.parametrize("failing, expected", [(set(), 0), ({"SQLite"}, 1), ({"PostgreSQL"}, 1),
                                               ({"SQLite", "PostgreSQL"}, 1)])
def test_both_suites_run_and_either_failure_fails_the_run(monkeypatch, capsys, failing, expected):
    ran = []

    def fake_pytest(env, label, *options):
        ran.append(label.split()[0])
        return 1 if ran[-1] in failing else 0

    monkeypatch.setattr(run_suites, "pytest", fake_pytest)
    monkeypatch.setattr(run_suites, "postgres_problem", lambda url: None)
    monkeypatch.setattr(sys, "argv", ["run_suites", "postgresql+psycopg://postgres@127.0.0.1:5432/test"])
    assert run_suites.main() == expected
    assert ran == ["SQLite", "PostgreSQL"]
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    for label in ("SQLite", "PostgreSQL"):
        assert f"{label}: {'FAILED' if label in failing else 'passed'}" in summary
