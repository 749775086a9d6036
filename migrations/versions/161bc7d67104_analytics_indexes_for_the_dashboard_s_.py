"""analytics: indexes for the dashboard's sums over a period

Measured with bench/analytics (100,000 posts, 1,000,000 daily counts): posts, reactions and counted
views in a period are read by range instead of scanning the tables.

Revision ID: 161bc7d67104
Revises: cf49350d2cb2
Create Date: 2026-11-27 11:24:42.786218

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '161bc7d67104'
down_revision = 'cf49350d2cb2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('analytics_daily_counts', schema=None) as batch_op:
        batch_op.create_index('ix_analytics_daily_counts_metric', ['metric', 'day', 'channel', 'item_type', 'item_id', 'total'], unique=False)

    with op.batch_alter_table('forum_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forum_posts_created_at'), ['created_at'], unique=False)

    with op.batch_alter_table('forum_reactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forum_reactions_created_at'), ['created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('forum_reactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_reactions_created_at'))

    with op.batch_alter_table('forum_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_posts_created_at'))

    with op.batch_alter_table('analytics_daily_counts', schema=None) as batch_op:
        batch_op.drop_index('ix_analytics_daily_counts_metric')

