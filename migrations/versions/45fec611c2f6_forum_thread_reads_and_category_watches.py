"""forum thread reads and category watches

Per member and thread, the highest post number read (unread badges, "unread posts start here");
per member and category, a watch that brings a notification for every new thread.

Revision ID: 45fec611c2f6
Revises: a3ebfa0e3e54
Create Date: 2026-11-22 07:26:42.675583

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '45fec611c2f6'
down_revision = 'a3ebfa0e3e54'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('forum_category_watches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['forum_categories.id'], name=op.f('fk_forum_category_watches_category_id_forum_categories')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_forum_category_watches_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_category_watches')),
    sa.UniqueConstraint('category_id', 'user_id', name='uq_forum_category_watches_once')
    )
    with op.batch_alter_table('forum_category_watches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forum_category_watches_user_id'), ['user_id'], unique=False)

    op.create_table('forum_thread_reads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('last_read_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['forum_threads.id'], name=op.f('fk_forum_thread_reads_thread_id_forum_threads')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_forum_thread_reads_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_thread_reads')),
    sa.UniqueConstraint('user_id', 'thread_id', name='uq_forum_thread_reads_once')
    )


def downgrade():
    op.drop_table('forum_thread_reads')
    with op.batch_alter_table('forum_category_watches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_category_watches_user_id'))

    op.drop_table('forum_category_watches')
