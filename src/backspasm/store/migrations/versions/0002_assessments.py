"""Red flags ticked in check-ins; stored assessments and questionnaire results.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("checkins") as batch:
        batch.add_column(
            sa.Column("red_flags", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "person_id", sa.Integer(), sa.ForeignKey("persons.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("disposition", sa.String(20), nullable=False),
        sa.Column("knowledge_version", sa.String(64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
    )
    op.create_index("ix_assessments_person_id", "assessments", ["person_id"])
    op.create_table(
        "questionnaires",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "person_id", sa.Integer(), sa.ForeignKey("persons.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("instrument", sa.String(40), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("band", sa.String(40), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("knowledge_version", sa.String(64), nullable=False),
    )
    op.create_index("ix_questionnaires_person_id", "questionnaires", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_questionnaires_person_id", table_name="questionnaires")
    op.drop_table("questionnaires")
    op.drop_index("ix_assessments_person_id", table_name="assessments")
    op.drop_table("assessments")
    with op.batch_alter_table("checkins") as batch:
        batch.drop_column("red_flags")
