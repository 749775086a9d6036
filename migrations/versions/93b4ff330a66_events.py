"""events, RSVPs, survey answers; notifications may point at an event

Revision ID: 93b4ff330a66
Revises: ee12d683f93c
Create Date: 2026-11-27 08:40:55.140729

"""
from alembic import op
import sqlalchemy as sa

import core.timeutil


# revision identifiers, used by Alembic.
revision = '93b4ff330a66'
down_revision = 'ee12d683f93c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=150), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('description_md', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('cover_path', sa.String(length=200), nullable=True),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('stream_url', sa.String(length=500), nullable=False),
    sa.Column('starts_at', core.timeutil.UTCDateTime(), nullable=False),
    sa.Column('ends_at', core.timeutil.UTCDateTime(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('partners', sa.String(length=300), nullable=False),
    sa.Column('recording_url', sa.String(length=500), nullable=False),
    sa.Column('checkin_code', sa.String(length=12), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', core.timeutil.UTCDateTime(), nullable=False),
    sa.Column('updated_at', core.timeutil.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', core.timeutil.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_events_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_schedule', ['deleted_at', 'starts_at', 'id'], unique=False)

    op.create_table('event_hosts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_hosts_event_id_events')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_hosts_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_hosts')),
    sa.UniqueConstraint('event_id', 'user_id', name='uq_event_hosts_once')
    )
    with op.batch_alter_table('event_hosts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_hosts_user_id'), ['user_id'], unique=False)

    op.create_table('event_rsvps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', core.timeutil.UTCDateTime(), nullable=False),
    sa.Column('attended_at', core.timeutil.UTCDateTime(), nullable=True),
    sa.Column('day_reminder_at', core.timeutil.UTCDateTime(), nullable=True),
    sa.Column('hour_reminder_at', core.timeutil.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_rsvps_event_id_events')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_rsvps_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_rsvps')),
    sa.UniqueConstraint('event_id', 'user_id', name='uq_event_rsvps_once')
    )
    with op.batch_alter_table('event_rsvps', schema=None) as batch_op:
        batch_op.create_index('ix_event_rsvps_queue', ['event_id', 'status', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_rsvps_user_id'), ['user_id'], unique=False)

    op.create_table('event_survey_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('comment', sa.String(length=1000), nullable=False),
    sa.Column('created_at', core.timeutil.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_survey_responses_event_id_events')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_survey_responses_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_survey_responses')),
    sa.UniqueConstraint('event_id', 'user_id', name='uq_event_survey_responses_once')
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notifications_event_id_events'), 'events', ['event_id'], ['id'])



def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notifications_event_id_events'), type_='foreignkey')
        batch_op.drop_column('event_id')

    op.drop_table('event_survey_responses')
    with op.batch_alter_table('event_rsvps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_rsvps_user_id'))
        batch_op.drop_index('ix_event_rsvps_queue')

    op.drop_table('event_rsvps')
    with op.batch_alter_table('event_hosts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_hosts_user_id'))

    op.drop_table('event_hosts')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_schedule')

    op.drop_table('events')
