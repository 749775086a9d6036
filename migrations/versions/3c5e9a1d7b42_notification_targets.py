"""notifications point at a target of a registered kind (target_kind, target_id) instead of carrying a
foreign key per feature (post_id, event_id, group_id); existing rows keep what they point at

Revision ID: 3c5e9a1d7b42
Revises: 2b8ad16bc8a5
Create Date: 2026-12-04 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c5e9a1d7b42'
down_revision = '2b8ad16bc8a5'
branch_labels = None
depends_on = None

# (target kind, old column, the table it referred to)
KINDS = (("post", "post_id", "forum_posts"), ("event", "event_id", "events"), ("group", "group_id", "reading_groups"))
notifications = sa.table("notifications", sa.column("target_kind", sa.String), sa.column("target_id", sa.Integer),
                         *(sa.column(column, sa.Integer) for _, column, _ in KINDS))


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('target_kind', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('target_id', sa.Integer(), nullable=True))
    for kind, column, _ in KINDS:
        op.execute(notifications.update().where(notifications.c[column].is_not(None))
                   .values(target_kind=kind, target_id=notifications.c[column]))
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        for _, column, table in KINDS:
            batch_op.drop_constraint(f'fk_notifications_{column}_{table}', type_='foreignkey')
            batch_op.drop_column(column)


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        for _, column, table in KINDS:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(f'fk_notifications_{column}_{table}', table, [column], ['id'])
    for kind, column, _ in KINDS:
        op.execute(notifications.update().where(notifications.c.target_kind == kind)
                   .values({column: notifications.c.target_id}))
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('target_id')
        batch_op.drop_column('target_kind')
