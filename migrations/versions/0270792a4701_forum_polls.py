"""forum polls

Polls inside threads: the poll, its options and the members' votes (forum/models.py explains the
constraints that keep one vote per member in a single-choice poll).

Revision ID: 0270792a4701
Revises: 5c0e7d2a91b4
Create Date: 2026-11-27 08:37:49.458499

"""
from alembic import op
import sqlalchemy as sa

import core.timeutil


# revision identifiers, used by Alembic.
revision = '0270792a4701'
down_revision = '5c0e7d2a91b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('forum_polls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.String(length=200), nullable=False),
    sa.Column('multiple', sa.Boolean(), nullable=False),
    sa.Column('closes_at', core.timeutil.UTCDateTime(), nullable=True),
    sa.Column('closed_at', core.timeutil.UTCDateTime(), nullable=True),
    sa.Column('created_at', core.timeutil.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['forum_threads.id'], name=op.f('fk_forum_polls_thread_id_forum_threads')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_polls')),
    sa.UniqueConstraint('thread_id', name=op.f('uq_forum_polls_thread_id'))
    )
    op.create_table('forum_poll_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['poll_id'], ['forum_polls.id'], name=op.f('fk_forum_poll_options_poll_id_forum_polls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_poll_options')),
    sa.UniqueConstraint('poll_id', 'id', name='uq_forum_poll_options_poll_id'),
    sa.UniqueConstraint('poll_id', 'position', name='uq_forum_poll_options_position')
    )
    op.create_table('forum_poll_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=False),
    sa.Column('created_at', core.timeutil.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['poll_id', 'option_id'], ['forum_poll_options.poll_id', 'forum_poll_options.id'], name='fk_forum_poll_votes_option_in_poll'),
    sa.ForeignKeyConstraint(['poll_id'], ['forum_polls.id'], name=op.f('fk_forum_poll_votes_poll_id_forum_polls')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_forum_poll_votes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_poll_votes')),
    sa.UniqueConstraint('option_id', 'user_id', name='uq_forum_poll_votes_option_user'),
    sa.UniqueConstraint('poll_id', 'user_id', 'slot', name='uq_forum_poll_votes_slot')
    )
    with op.batch_alter_table('forum_poll_votes', schema=None) as batch_op:
        batch_op.create_index('ix_forum_poll_votes_poll_option', ['poll_id', 'option_id'], unique=False)


def downgrade():
    with op.batch_alter_table('forum_poll_votes', schema=None) as batch_op:
        batch_op.drop_index('ix_forum_poll_votes_poll_option')

    op.drop_table('forum_poll_votes')
    op.drop_table('forum_poll_options')
    op.drop_table('forum_polls')
