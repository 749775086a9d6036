"""Watched words: words and phrases staff keep an eye on, each with an action.

- block: a post or title containing it is refused, with a message naming the word;
- require_approval: the post waits in the approval queue (forum/approval.py);
- censor: the word is replaced with CENSORED in what is stored and shown.

Matching is case-insensitive on whole words (a phrase matches across any whitespace); a leading or
trailing `*` stands for any letters, so `*gacor` matches "slotgacor" and `judi*` "judiannya". Words are
Unicode, so Indonesian needs nothing special. The whole list is read with one query and compiled into
one regular expression per action; the compiled form is cached for as long as the list is unchanged.
"""
import csv
import io
import re
from functools import lru_cache
from pathlib import Path

from flask_babel import gettext

from accounts.permissions import has_permission
from core import audit
from core.errors import ActionError
from core.timeutil import UTCDateTime, utcnow
from extensions import db

ACTIONS = ("block", "require_approval", "censor")
CENSORED = "■■■"
WORD_MAX = 100
IMPORT_MAX_ROWS = 5000
STARTER_LIST = Path(__file__).with_name("watched_words_starter.csv")
# Letters and digits, with single spaces, hyphens or apostrophes between them; `*` only at the ends.
WORD_SHAPE = re.compile(r"\*?\w+(?:[ '’-]\w+)*\*?")


class WatchedWord(db.Model):
    __tablename__ = "forum_watched_words"

    id = db.Column(db.Integer, primary_key=True)
    word = db.Column(db.String(WORD_MAX), nullable=False, unique=True)  # normalised: lowercase, single spaces
    action = db.Column(db.String(20), nullable=False)  # one of ACTIONS
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


# -- matching ------------------------------------------------------------------

def _pattern(word: str) -> str:
    prefix = r"\w*" if word.startswith("*") else ""
    suffix = r"\w*" if word.endswith("*") else ""
    return prefix + r"\s+".join(re.escape(part) for part in word.strip("*").split(" ")) + suffix


def _compile(words: list[str]) -> re.Pattern:
    # Longest first, so "judi online" is taken whole before "judi".
    alternatives = "|".join(_pattern(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


class Matcher:
    """The watched words compiled: one pattern per action that has words."""

    def __init__(self, entries: tuple[tuple[str, str], ...]):
        by_action: dict[str, list[str]] = {}
        for word, action in entries:
            by_action.setdefault(action, []).append(word)
        self.patterns = {action: _compile(words) for action, words in by_action.items() if action in ACTIONS}

    def find(self, action: str, *texts: str) -> str | None:
        """The first text matched by a word with this action, as it was written there."""
        pattern = self.patterns.get(action)
        for text in texts if pattern else ():
            found = pattern.search(text or "")
            if found:
                return found.group(0)
        return None

    def censor(self, text: str) -> str:
        pattern = self.patterns.get("censor")
        return pattern.sub(CENSORED, text) if pattern and text else text


@lru_cache(maxsize=4)
def _matcher_for(entries: tuple[tuple[str, str], ...]) -> Matcher:
    return Matcher(entries)


def matcher() -> Matcher:
    """The current list, in one query; compiled again only when the list has changed."""
    rows = db.session.execute(db.select(WatchedWord.word, WatchedWord.action).order_by(WatchedWord.id)).all()
    return _matcher_for(tuple((word, action) for word, action in rows))


# -- validation ------------------------------------------------------------------

def normalise(word: str) -> str:
    return " ".join((word or "").split()).lower()


def word_problem(word: str) -> str | None:
    """Why this (normalised) word cannot be watched, or None."""
    if not word:
        return gettext("Please enter a word or phrase.")
    if len(word) > WORD_MAX:
        return gettext("A watched word has at most %(max)d characters.", max=WORD_MAX)
    if not WORD_SHAPE.fullmatch(word):
        return gettext("Use letters and digits, with spaces, hyphens or apostrophes between them; "
                       "* only at the start or the end.")
    return None


def action_problem(action: str) -> str | None:
    if action not in ACTIONS:
        return gettext("Unknown action “%(action)s”: use block, censor or require_approval.", action=action)
    return None


# -- staff actions ---------------------------------------------------------------

def _check_staff(actor) -> None:
    if not has_permission(actor, "moderate"):
        raise ActionError(gettext("Only moderators can do this."))


def _save(entries: dict[str, str], *, replace: bool) -> tuple[int, int]:
    """Adds {word: action}; an existing word gets the new action when `replace`. Returns (added, updated)."""
    existing = {entry.word: entry for entry in db.session.execute(
        db.select(WatchedWord).where(WatchedWord.word.in_(list(entries)))).scalars()} if entries else {}
    added = updated = 0
    for word, action in entries.items():
        entry = existing.get(word)
        if entry is None:
            db.session.add(WatchedWord(word=word, action=action))
            added += 1
        elif replace and entry.action != action:
            entry.action = action
            updated += 1
    return added, updated


def add_word(actor, word: str, action: str) -> WatchedWord:
    """Adds a word, or changes the action of one already on the list."""
    _check_staff(actor)
    word = normalise(word)
    problem = word_problem(word)
    if problem:
        raise ActionError(problem, "word")
    problem = action_problem(action)
    if problem:
        raise ActionError(problem, "action")
    _save({word: action}, replace=True)
    audit.record(actor, "watched_word.add", "watched_word", None, details=f"{word}: {action}")
    db.session.commit()
    return db.session.execute(db.select(WatchedWord).where(WatchedWord.word == word)).scalar_one()


def delete_word(actor, entry: WatchedWord) -> None:
    _check_staff(actor)
    audit.record(actor, "watched_word.delete", "watched_word", entry.id, details=f"{entry.word}: {entry.action}")
    db.session.delete(entry)
    db.session.commit()


class ImportRefused(ActionError):
    """A CSV file with bad rows: nothing was imported; `problems` says which lines and why."""

    def __init__(self, message: str, problems: list[str]):
        super().__init__(message, "file")
        self.problems = problems


def parse_csv(text: str) -> tuple[dict[str, str], list[str]]:
    """`word,action` rows (a header row and blank lines are allowed; `;` works too, as Excel writes it
    in Indonesian) -> ({word: action}, [problems with their line numbers])."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    entries: dict[str, str] = {}
    problems: list[str] = []
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells = [cell.strip() for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if number == 1 and [cell.lower() for cell in cells] == ["word", "action"]:
            continue
        if len(cells) != 2:
            problems.append(gettext("Line %(line)d: expected two columns, word and action.", line=number))
            continue
        word, action = normalise(cells[0]), cells[1].lower()
        problem = word_problem(word) or action_problem(action)
        if problem:
            problems.append(gettext("Line %(line)d: %(problem)s", line=number, problem=problem))
        else:
            entries[word] = action  # a word twice in one file: the last line wins
        if len(entries) > IMPORT_MAX_ROWS:
            problems.append(gettext("A file can hold at most %(count)d words.", count=IMPORT_MAX_ROWS))
            break
    return entries, problems


def import_csv(actor, data: bytes) -> tuple[int, int]:
    """Imports every row or none: a file with a bad row changes nothing. Returns (added, updated)."""
    _check_staff(actor)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ActionError(gettext("This file is not UTF-8 text. Save it as “CSV UTF-8” and try again."), "file")
    entries, problems = parse_csv(text)
    if problems:
        raise ImportRefused(gettext("Nothing was imported: please correct these lines and try again."), problems)
    if not entries:
        raise ActionError(gettext("This file has no words in it."), "file")
    added, updated = _save(entries, replace=True)
    audit.record(actor, "watched_word.import", "watched_word", None,
                 details=f"{added},{updated}")
    db.session.commit()
    return added, updated


def load_starter(actor) -> int:
    """Adds the starter list's words that are not on the list yet (staff's own choices are kept)."""
    _check_staff(actor)
    entries, problems = parse_csv(STARTER_LIST.read_text(encoding="utf-8"))
    assert not problems, problems
    added, _ = _save(entries, replace=False)
    audit.record(actor, "watched_word.starter", "watched_word", None, details=str(added))
    db.session.commit()
    return added


def export_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["word", "action"])
    for word, action in db.session.execute(db.select(WatchedWord.word, WatchedWord.action)
                                           .order_by(WatchedWord.word)):
        writer.writerow([word, action])
    return out.getvalue()


def all_words() -> list[WatchedWord]:
    """Blocked words first, then held, then censored; alphabetical within each."""
    words = db.session.execute(db.select(WatchedWord).order_by(WatchedWord.word)).scalars().all()
    return sorted(words, key=lambda entry: ACTIONS.index(entry.action) if entry.action in ACTIONS else len(ACTIONS))
