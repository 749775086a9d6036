"""forum approval queue and watched words

Posts (and threads) awaiting a moderator's approval, and the staff's list of watched words.

Revision ID: ee12d683f93c
Revises: bef5c86ee5c7
Create Date: 2026-11-22 07:28:43.741471

"""
from alembic import op
import sqlalchemy as sa

import core.timeutil


# revision identifiers, used by Alembic.
revision = 'ee12d683f93c'
down_revision = 'bef5c86ee5c7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('forum_watched_words',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('created_at', core.timeutil.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_watched_words')),
    sa.UniqueConstraint('word', name=op.f('uq_forum_watched_words_word'))
    )
    with op.batch_alter_table('forum_posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_at', core.timeutil.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('pending_reason', sa.String(length=120), nullable=True))
        batch_op.create_index(batch_op.f('ix_forum_posts_pending_at'), ['pending_at'], unique=False)

    with op.batch_alter_table('forum_threads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_at', core.timeutil.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('forum_threads', schema=None) as batch_op:
        batch_op.drop_column('pending_at')

    with op.batch_alter_table('forum_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_posts_pending_at'))
        batch_op.drop_column('pending_reason')
        batch_op.drop_column('pending_at')

    op.drop_table('forum_watched_words')
