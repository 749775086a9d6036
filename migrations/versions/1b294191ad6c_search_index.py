"""search index

Revision ID: 1b294191ad6c
Revises: 699cf0cdd019
Create Date: 2026-11-22 05:01:35.863571

"""
from alembic import op
import sqlalchemy as sa

import core.timeutil


# revision identifiers, used by Alembic.
revision = '1b294191ad6c'
down_revision = '699cf0cdd019'
branch_labels = None
depends_on = None


def upgrade():
    """The full-text index (core/search.py): FTS5 on SQLite, a tsvector with a GIN index on PostgreSQL.
    Matching ignores case and accents (FTS5's tokenizer; on PostgreSQL the *_folded copies made by
    core.search.fold); the original text is kept for snippets."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE TABLE search_documents (
                id BIGINT PRIMARY KEY,
                kind VARCHAR(20) NOT NULL,
                ref_id INTEGER NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                title_folded TEXT NOT NULL,
                body_folded TEXT NOT NULL,
                document TSVECTOR GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', title_folded), 'A')
                    || setweight(to_tsvector('simple', body_folded), 'B')
                ) STORED
            )""")
        op.execute("CREATE INDEX search_documents_document ON search_documents USING GIN (document)")
    else:
        op.execute("CREATE VIRTUAL TABLE search_documents USING fts5("
                   "kind UNINDEXED, ref_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')")
    _index_existing_posts()


def _index_existing_posts():
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from core import search

    POST_KIND = 1  # the number forum/__init__.py registers for "post" (core/search.py): part of each document's id
    postgresql = op.get_bind().dialect.name == "postgresql"
    session = Session(bind=op.get_bind())
    rows = session.execute(text(
        "SELECT p.id, p.number, p.body_html, t.title FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id "
        "WHERE p.deleted_at IS NULL")).all()
    for post_id, number, body_html, title in rows:
        title, body = (title if number == 1 else ""), search.plain_text(body_html)
        values = {"id": post_id * 16 + POST_KIND, "ref_id": post_id, "title": title, "body": body,
                  "title_folded": search.fold(title), "body_folded": search.fold(body)}
        session.execute(text(
            "INSERT INTO search_documents (id, kind, ref_id, title, body, title_folded, body_folded) "
            "VALUES (:id, 'post', :ref_id, :title, :body, :title_folded, :body_folded)" if postgresql else
            "INSERT INTO search_documents (rowid, kind, ref_id, title, body) "
            "VALUES (:id, 'post', :ref_id, :title, :body)"), values)


def downgrade():
    op.execute("DROP TABLE search_documents")
