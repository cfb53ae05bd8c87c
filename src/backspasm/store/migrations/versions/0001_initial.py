"""Persons, episodes and daily check-ins.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("handle", sa.String(100), nullable=False, unique=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False,
            server_default=sa.func.current_timestamp(),
        ),
    )
    op.create_table(
        "episodes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "person_id", sa.Integer(), sa.ForeignKey("persons.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("started", sa.Date(), nullable=False),
        sa.Column("ended", sa.Date(), nullable=True),
        sa.Column("location", sa.String(10), nullable=False),
        sa.Column("worst_pain", sa.SmallInteger(), nullable=False),
        sa.Column("triggers", sa.JSON(), nullable=False),
        sa.Column("helped", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False,
            server_default=sa.func.current_timestamp(),
        ),
        sa.UniqueConstraint("person_id", "started", name="uq_episodes_person_started"),
        sa.CheckConstraint("worst_pain BETWEEN 0 AND 10", name="ck_episodes_worst_pain"),
    )
    op.create_index("ix_episodes_person_id", "episodes", ["person_id"])
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "person_id", sa.Integer(), sa.ForeignKey("persons.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("pain", sa.SmallInteger(), nullable=False),
        sa.Column("function", sa.SmallInteger(), nullable=True),
        sa.Column("sleep_hours", sa.Float(), nullable=True),
        sa.Column("active_minutes", sa.Integer(), nullable=True),
        sa.Column("sitting_hours", sa.Float(), nullable=True),
        sa.Column("stress", sa.SmallInteger(), nullable=True),
        sa.Column("medicines", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False,
            server_default=sa.func.current_timestamp(),
        ),
        sa.UniqueConstraint("person_id", "day", name="uq_checkins_person_day"),
        sa.CheckConstraint("pain BETWEEN 0 AND 10", name="ck_checkins_pain"),
    )
    op.create_index("ix_checkins_person_id", "checkins", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_checkins_person_id", table_name="checkins")
    op.drop_table("checkins")
    op.drop_index("ix_episodes_person_id", table_name="episodes")
    op.drop_table("episodes")
    op.drop_table("persons")
