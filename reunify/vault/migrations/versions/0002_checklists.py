"""Checklists: running snapshots of workflow templates; deadlines know the step that started them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 11:28:23.950365
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checklist",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("template_id", sa.String(length=80), nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=False),
        sa.Column("title_es", sa.String(length=300), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=True),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("calendar_id", sa.String(length=36), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("trigger_on", sa.Date(), nullable=True),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["calendar_id"],
            ["court_calendar.id"],
            name=op.f("fk_checklist_calendar_id_court_calendar"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_checklist_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_checklist_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_checklist_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist")),
    )
    with op.batch_alter_table("checklist", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checklist_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checklist_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checklist_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checklist_template_id"), ["template_id"], unique=False)

    op.create_table(
        "checklist_step",
        sa.Column("checklist_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title_es", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("description_es", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("produces", sa.JSON(), nullable=False),
        sa.Column("safety_plan", sa.Boolean(), nullable=False),
        sa.Column("due_rule", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("state_reason", sa.Text(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("completed_by", sa.String(length=120), nullable=True),
        sa.Column("completed_at", sa.String(length=32), nullable=True),
        sa.Column("deadline_id", sa.String(length=36), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["checklist_id"],
            ["checklist.id"],
            name=op.f("fk_checklist_step_checklist_id_checklist"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["deadline_id"],
            ["deadline.id"],
            name=op.f("fk_checklist_step_deadline_id_deadline"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_step")),
        sa.UniqueConstraint("checklist_id", "key", name=op.f("uq_checklist_step_checklist_id")),
    )
    with op.batch_alter_table("checklist_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checklist_step_checklist_id"), ["checklist_id"], unique=False
        )

    op.create_table(
        "step_document",
        sa.Column("step_id", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_step_document_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["step_id"],
            ["checklist_step.id"],
            name=op.f("fk_step_document_step_id_checklist_step"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("step_id", "document_id", name=op.f("pk_step_document")),
    )
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_step_id", sa.String(length=36), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_deadline_source_step_id"), ["source_step_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_source_step_id"))
        batch_op.drop_column("source_step_id")

    op.drop_table("step_document")
    with op.batch_alter_table("checklist_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_step_checklist_id"))

    op.drop_table("checklist_step")
    with op.batch_alter_table("checklist", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_template_id"))
        batch_op.drop_index(batch_op.f("ix_checklist_person_id"))
        batch_op.drop_index(batch_op.f("ix_checklist_document_id"))
        batch_op.drop_index(batch_op.f("ix_checklist_case_id"))

    op.drop_table("checklist")
