"""analytics: daily counts of views, shares and visits; members' active days

Revision ID: cf49350d2cb2
Revises: 621a41fe99d9
Create Date: 2026-11-27 11:06:08.236943

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cf49350d2cb2'
down_revision = '621a41fe99d9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('analytics_daily_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('metric', sa.String(length=16), nullable=False),
    sa.Column('item_type', sa.String(length=16), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analytics_daily_counts')),
    sa.UniqueConstraint('day', 'metric', 'item_type', 'item_id', 'channel', name='uq_analytics_daily_counts_key')
    )
    op.create_table('analytics_active_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_analytics_active_days_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('day', 'user_id', name=op.f('pk_analytics_active_days'))
    )


def downgrade():
    op.drop_table('analytics_active_days')
    op.drop_table('analytics_daily_counts')
