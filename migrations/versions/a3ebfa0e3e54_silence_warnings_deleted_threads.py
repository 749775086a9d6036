"""silence, warnings, deleted threads

Revision ID: a3ebfa0e3e54
Revises: 510cca9daba4
Create Date: 2026-11-22 07:24:04.466710

"""
from alembic import op
import sqlalchemy as sa

import core.timeutil


# revision identifiers, used by Alembic.
revision = 'a3ebfa0e3e54'
down_revision = '510cca9daba4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forum_threads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', core.timeutil.UTCDateTime(), nullable=True))

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message', sa.String(length=500), server_default='', nullable=False))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('silenced_until', core.timeutil.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('silence_reason', sa.String(length=500), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('silence_reason')
        batch_op.drop_column('silenced_until')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('message')

    with op.batch_alter_table('forum_threads', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')

