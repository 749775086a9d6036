"""Photos in posts: one row per uploaded photo (core/photo_models.py)

Revision ID: 4d788e29ceca
Revises: 40e596d1c573
Create Date: 2026-12-04 17:45:15.826049

"""
from alembic import op
import sqlalchemy as sa

import core.timeutil


# revision identifiers, used by Alembic.
revision = '4d788e29ceca'
down_revision = '40e596d1c573'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=22), nullable=False),
    sa.Column('uploader_id', sa.Integer(), nullable=False),
    sa.Column('owner_kind', sa.String(length=16), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('widths', sa.String(length=40), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('created_at', core.timeutil.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['uploader_id'], ['users.id'], name=op.f('fk_photos_uploader_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_photos')),
    sa.UniqueConstraint('key', name=op.f('uq_photos_key'))
    )
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.create_index('ix_photos_owner', ['owner_kind', 'owner_id'], unique=False)
        batch_op.create_index('ix_photos_unattached', ['owner_kind', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_photos_uploader_id'), ['uploader_id'], unique=False)



def downgrade():
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_photos_uploader_id'))
        batch_op.drop_index('ix_photos_unattached')
        batch_op.drop_index('ix_photos_owner')

    op.drop_table('photos')
