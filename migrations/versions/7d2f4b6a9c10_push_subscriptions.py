"""push subscriptions: the browsers of each member that accept Web Push messages

Revision ID: 7d2f4b6a9c10
Revises: 3c5e9a1d7b42
Create Date: 2026-12-04 18:20:00.000000

"""
from alembic import op
import sqlalchemy as sa

from core.timeutil import UTCDateTime


# revision identifiers, used by Alembic.
revision = '7d2f4b6a9c10'
down_revision = '3c5e9a1d7b42'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('push_subscriptions',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('user_id', sa.Integer(), nullable=False),
                    sa.Column('endpoint', sa.String(length=1000), nullable=False),
                    sa.Column('p256dh', sa.String(length=200), nullable=False),
                    sa.Column('auth', sa.String(length=100), nullable=False),
                    sa.Column('created_at', UTCDateTime(), nullable=False),
                    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('id'),
                    sa.UniqueConstraint('endpoint'))
    op.create_index('ix_push_subscriptions_user_id', 'push_subscriptions', ['user_id'])


def downgrade():
    op.drop_index('ix_push_subscriptions_user_id', table_name='push_subscriptions')
    op.drop_table('push_subscriptions')
