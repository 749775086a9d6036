"""each member's choice of how notifications reach them beyond the site: e-mail per kind (at once, daily,
never), which kinds to push to the phone, and when their last daily digest went out; when each member going
to an event was told its live room is open

Revision ID: 9b3e1c7f2a55
Revises: 4d788e29ceca
Create Date: 2026-12-04 19:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from core.timeutil import UTCDateTime


# revision identifiers, used by Alembic.
revision = '9b3e1c7f2a55'
down_revision = '4d788e29ceca'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notification_email', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('notification_push_off', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('digest_sent_at', UTCDateTime(), nullable=True))
    with op.batch_alter_table('event_rsvps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('live_notice_at', UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('event_rsvps', schema=None) as batch_op:
        batch_op.drop_column('live_notice_at')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('digest_sent_at')
        batch_op.drop_column('notification_push_off')
        batch_op.drop_column('notification_email')
