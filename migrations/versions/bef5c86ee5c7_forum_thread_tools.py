"""forum thread tools: global pins, close dates, merges and splits

Revision ID: bef5c86ee5c7
Revises: 45fec611c2f6
Create Date: 2026-11-22 07:26:14.068964

"""
from alembic import op
import sqlalchemy as sa

import core.timeutil


# revision identifiers, used by Alembic.
revision = 'bef5c86ee5c7'
down_revision = '45fec611c2f6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forum_threads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pinned_globally', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('closes_at', core.timeutil.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('gap_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index(batch_op.f('ix_forum_threads_pinned_globally'), ['pinned_globally'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_forum_threads_merged_into_id_forum_threads'), 'forum_threads',
                                    ['merged_into_id'], ['id'])


def downgrade():
    with op.batch_alter_table('forum_threads', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_forum_threads_merged_into_id_forum_threads'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_forum_threads_pinned_globally'))
        batch_op.drop_column('gap_count')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('closes_at')
        batch_op.drop_column('pinned_globally')
