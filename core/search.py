"""Full-text search behind one interface: SQLite FTS5 or PostgreSQL full-text search.

Features index plain text with `index()` and drop it with `remove()`, inside their own transaction;
`/search` calls `query()`, then `results()`. Both backends are case- and accent-insensitive and work for Indonesian,
which needs no stemming to be useful: FTS5's unicode61 tokenizer folds by itself; on PostgreSQL,
folded copies made here feed the tsvector, so no `unaccent` extension is needed. The original text
is kept for snippets, which come back as safe HTML with <mark> around the matches.

Each feature registers its kinds of document in its `init_app` (`register_kind`), with the loader that
returns the items a search may show: the feature's own visibility rule decides, not this module.
"""
import re
import unicodedata
from dataclasses import dataclass
from html import unescape
from typing import Callable

import bleach
from markupsafe import Markup, escape
from sqlalchemy import text

from extensions import db

TABLE = "search_documents"
START, STOP = "\x02", "\x03"  # match markers: never in folded text, replaced after escaping
WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_WORDS = 24


@dataclass(frozen=True)
class Kind:
    number: int  # 1 to 15, part of each document's id: never change it once documents are indexed
    found: Callable  # (ids) -> {id: item} of those a search may show, in one query


KINDS: dict[str, Kind] = {}  # filled by the features' init_app


def register_kind(kind: str, number: int, found: Callable) -> None:
    """A kind of document: `found(ids)` returns the items with those ids that search results may show."""
    taken = {other.number: name for name, other in KINDS.items() if name != kind}
    if not 0 < number < 16 or number in taken:
        raise ValueError(f"search kind {kind!r}: number {number} is out of range or taken by {taken.get(number)!r}")
    KINDS[kind] = Kind(number, found)


@dataclass(frozen=True)
class Hit:
    kind: str
    ref_id: int
    title: str
    snippet: Markup


def fold(value: str) -> str:
    """Lowercase, accents removed: 'Édisi Ke-2' -> 'edisi ke-2'."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def _terms(query: str) -> list[str]:
    return WORD.findall(fold(query))[:12]


def _highlight(snippet: str) -> Markup:
    return Markup(str(escape(snippet)).replace(START, "<mark>").replace(STOP, "</mark>"))


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def is_search_table(name: str) -> bool:
    """The index and FTS5's shadow tables are made by the migration, not by models."""
    return name.startswith(TABLE)


def _document_id(kind: str, ref_id: int) -> int:
    """One integer per document, so an update or removal is a key lookup on both backends."""
    return ref_id * 16 + KINDS[kind].number


def _key() -> str:
    return "rowid" if _dialect() == "sqlite" else "id"


def index(kind: str, ref_id: int, title: str, body: str) -> None:
    remove(kind, ref_id)
    values = {"id": _document_id(kind, ref_id), "kind": kind, "ref_id": ref_id, "title": title, "body": body}
    if _dialect() == "postgresql":
        db.session.execute(text(f"INSERT INTO {TABLE} (id, kind, ref_id, title, body, title_folded, body_folded) "
                                "VALUES (:id, :kind, :ref_id, :title, :body, :title_folded, :body_folded)"),
                           {**values, "title_folded": fold(title), "body_folded": fold(body)})
    else:
        db.session.execute(text(f"INSERT INTO {TABLE} (rowid, kind, ref_id, title, body) "
                                "VALUES (:id, :kind, :ref_id, :title, :body)"), values)


def remove(kind: str, ref_id: int) -> None:
    remove_many(kind, [ref_id])


def remove_many(kind: str, ref_ids: list[int]) -> None:
    if ref_ids:
        db.session.execute(text(f"DELETE FROM {TABLE} WHERE {_key()} = :id"),
                           [{"id": _document_id(kind, ref_id)} for ref_id in ref_ids])


def query(words: str, limit: int = 20, offset: int = 0) -> list[Hit]:
    terms = _terms(words)
    if not terms:
        return []
    rows = (_query_postgresql if _dialect() == "postgresql" else _query_sqlite)(terms, limit, offset)
    return [Hit(kind, ref_id, title, _highlight(snippet)) for kind, ref_id, title, snippet in rows]


def results(hits: list[Hit]) -> list[tuple[Hit, object]]:
    """The hits whose items a search may show, each with its item: one query per kind, whatever the count."""
    found = {kind: spec.found([hit.ref_id for hit in hits if hit.kind == kind]) for kind, spec in KINDS.items()}
    return [(hit, found[hit.kind][hit.ref_id]) for hit in hits if hit.ref_id in found.get(hit.kind, {})]


def _query_sqlite(terms: list[str], limit: int, offset: int):
    match = " ".join(f'"{term}"*' if index_ == len(terms) - 1 else f'"{term}"' for index_, term in enumerate(terms))
    return db.session.execute(text(
        f"SELECT kind, ref_id, title, snippet({TABLE}, 3, :start, :stop, '…', :words) "
        f"FROM {TABLE} WHERE {TABLE} MATCH :match "
        f"ORDER BY bm25({TABLE}, 0, 0, 4.0, 1.0) LIMIT :limit OFFSET :offset"),
        {"match": match, "start": START, "stop": STOP, "words": SNIPPET_WORDS, "limit": limit,
         "offset": offset}).all()


def _query_postgresql(terms: list[str], limit: int, offset: int):
    tsquery = " & ".join(f"{term}:*" if index_ == len(terms) - 1 else term for index_, term in enumerate(terms))
    return db.session.execute(text(
        "SELECT kind, ref_id, title, ts_headline('simple', body, query, :options) FROM ("
        "  SELECT kind, ref_id, title, body, query, ts_rank(document, query) AS rank"
        f"  FROM {TABLE}, to_tsquery('simple', :tsquery) AS query WHERE document @@ query"
        "  ORDER BY rank DESC, ref_id DESC LIMIT :limit OFFSET :offset) AS best ORDER BY rank DESC, ref_id DESC"),
        {"tsquery": tsquery, "limit": limit, "offset": offset,
         "options": f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=8, "
                    "ShortWord=2, MaxFragments=2, FragmentDelimiter=…"}).all()


def plain_text(html: str) -> str:
    """The words of stored, sanitised HTML, for the index."""
    return " ".join(unescape(bleach.clean(html, tags=set(), strip=True)).split())
