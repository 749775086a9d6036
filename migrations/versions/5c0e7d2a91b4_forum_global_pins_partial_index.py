"""forum: a partial index for globally pinned threads instead of an index on the flag

Revision ID: 5c0e7d2a91b4
Revises: 835db689fb3f
Create Date: 2026-11-27 09:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5c0e7d2a91b4'
down_revision = '835db689fb3f'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_forum_threads_pinned_globally', table_name='forum_threads')
    op.create_index('ix_forum_threads_global_pins', 'forum_threads', ['last_post_at', 'id'],
                    sqlite_where=sa.text('pinned_globally = 1'), postgresql_where=sa.text('pinned_globally'))


def downgrade():
    op.drop_index('ix_forum_threads_global_pins', table_name='forum_threads')
    op.create_index('ix_forum_threads_pinned_globally', 'forum_threads', ['pinned_globally'])
