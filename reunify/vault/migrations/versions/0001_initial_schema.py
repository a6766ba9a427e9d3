"""Initial schema: cases, people, proceedings, documents, attachments, audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 11:07:41.306911
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
        "audit_event",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("entity_type", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=True),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("seq", name=op.f("uq_audit_event_seq")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_file",
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("variant", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("safety_level", sa.String(length=40), nullable=False),
        sa.Column("confidential_1367", sa.Boolean(), nullable=False),
        sa.Column("mx_state", sa.String(length=10), nullable=True),
        sa.Column("mx_court", sa.String(length=200), nullable=True),
        sa.Column("us_state", sa.String(length=10), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=True),
        sa.Column("reunified_on", sa.Date(), nullable=True),
        sa.Column("reunified_place", sa.String(length=200), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("safety_notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_file")),
        sa.UniqueConstraint("reference", name=op.f("uq_case_file_reference")),
    )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_file_status"), ["status"], unique=False)

    op.create_table(
        "court_calendar",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("base", sa.String(length=40), nullable=False),
        sa.Column("jurisdiction", sa.String(length=10), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_court_calendar")),
        sa.UniqueConstraint("name", name=op.f("uq_court_calendar_name")),
    )
    op.create_table(
        "organisation",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=True),
        sa.Column("city", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    op.create_table(
        "person",
        sa.Column("given_names", sa.String(length=200), nullable=False),
        sa.Column("paternal_surname", sa.String(length=120), nullable=False),
        sa.Column("maternal_surname", sa.String(length=120), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birth_place", sa.String(length=200), nullable=False),
        sa.Column("birth_country", sa.String(length=2), nullable=True),
        sa.Column("nationalities", sa.JSON(), nullable=False),
        sa.Column("curp", sa.String(length=18), nullable=True),
        sa.Column("a_number", sa.String(length=9), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("interpreter_needed", sa.Boolean(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("address_confidential", sa.Boolean(), nullable=False),
        sa.Column("birth_record_state", sa.String(length=10), nullable=True),
        sa.Column("birth_record_municipality", sa.String(length=120), nullable=False),
        sa.Column("birth_record_office", sa.String(length=60), nullable=False),
        sa.Column("birth_record_book", sa.String(length=60), nullable=False),
        sa.Column("birth_record_number", sa.String(length=60), nullable=False),
        sa.Column("physical_description", sa.Text(), nullable=False),
        sa.Column("medical_needs", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_curp"), ["curp"], unique=False)

    op.create_table(
        "vault_setting",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_vault_setting")),
    )
    op.create_table(
        "address",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("street", sa.String(length=300), nullable=False),
        sa.Column("locality", sa.String(length=200), nullable=False),
        sa.Column("municipality", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=True),
        sa.Column("postal_code", sa.String(length=12), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("is_last_known", sa.Boolean(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_address_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_address")),
    )
    with op.batch_alter_table("address", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_address_person_id"), ["person_id"], unique=False)

    op.create_table(
        "calendar_entry",
        sa.Column("calendar_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["calendar_id"],
            ["court_calendar.id"],
            name=op.f("fk_calendar_entry_calendar_id_court_calendar"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_entry")),
    )
    with op.batch_alter_table("calendar_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_calendar_entry_calendar_id"), ["calendar_id"], unique=False
        )

    op.create_table(
        "case_party",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("linked_to_trafficker", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_case_party_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_case_party_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_party")),
        sa.UniqueConstraint("case_id", "person_id", "role", name=op.f("uq_case_party_case_id")),
    )
    with op.batch_alter_table("case_party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_party_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_party_person_id"), ["person_id"], unique=False)

    op.create_table(
        "case_track",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("track", sa.String(length=40), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_case_track_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_track")),
    )
    with op.batch_alter_table("case_track", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_track_case_id"), ["case_id"], unique=False)

    op.create_table(
        "document",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("issuer_level", sa.String(length=40), nullable=True),
        sa.Column("issuer_country", sa.String(length=2), nullable=True),
        sa.Column("issuer_state", sa.String(length=10), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=3), nullable=False),
        sa.Column("original_location", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_document_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_case_id"), ["case_id"], unique=False)

    op.create_table(
        "immigration_filing",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("beneficiary_id", sa.String(length=36), nullable=True),
        sa.Column("principal_id", sa.String(length=36), nullable=True),
        sa.Column("form", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("receipt_number", sa.String(length=13), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("biometrics_on", sa.Date(), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("ds160_confirmation", sa.String(length=40), nullable=False),
        sa.Column("consular_post", sa.String(length=120), nullable=False),
        sa.Column("interview_on", sa.Date(), nullable=True),
        sa.Column("visa_issued_on", sa.Date(), nullable=True),
        sa.Column("i94_number", sa.String(length=20), nullable=False),
        sa.Column("admitted_on", sa.Date(), nullable=True),
        sa.Column("us_counsel", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["person.id"],
            name=op.f("fk_immigration_filing_beneficiary_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_immigration_filing_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["principal_id"],
            ["person.id"],
            name=op.f("fk_immigration_filing_principal_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_immigration_filing")),
    )
    with op.batch_alter_table("immigration_filing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_immigration_filing_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_immigration_filing_receipt_number"), ["receipt_number"], unique=False
        )

    op.create_table(
        "note",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("written_at", sa.String(length=32), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_note_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_case_id"), ["case_id"], unique=False)

    op.create_table(
        "organisation_member",
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_organisation_member_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_organisation_member_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_member")),
    )
    with op.batch_alter_table("organisation_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_member_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_organisation_member_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "passport",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_passport_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passport")),
    )
    with op.batch_alter_table("passport", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_passport_person_id"), ["person_id"], unique=False)

    op.create_table(
        "person_relationship",
        sa.Column("person_a_id", sa.String(length=36), nullable=False),
        sa.Column("person_b_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_a_id"],
            ["person.id"],
            name=op.f("fk_person_relationship_person_a_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_b_id"],
            ["person.id"],
            name=op.f("fk_person_relationship_person_b_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_relationship")),
    )
    with op.batch_alter_table("person_relationship", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_relationship_person_a_id"), ["person_a_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_person_relationship_person_b_id"), ["person_b_id"], unique=False
        )

    op.create_table(
        "proceeding",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("authority_id", sa.String(length=36), nullable=True),
        sa.Column("authority_name", sa.String(length=300), nullable=False),
        sa.Column("file_number", sa.String(length=80), nullable=False),
        sa.Column("jurisdiction", sa.String(length=10), nullable=True),
        sa.Column("regime", sa.String(length=40), nullable=False),
        sa.Column("stage", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("calendar_id", sa.String(length=36), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["organisation.id"],
            name=op.f("fk_proceeding_authority_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["calendar_id"],
            ["court_calendar.id"],
            name=op.f("fk_proceeding_calendar_id_court_calendar"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_proceeding_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proceeding")),
    )
    with op.batch_alter_table("proceeding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proceeding_case_id"), ["case_id"], unique=False)

    op.create_table(
        "protection_measure",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("protected_id", sa.String(length=36), nullable=True),
        sa.Column("against_id", sa.String(length=36), nullable=True),
        sa.Column("authority_name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=200), nullable=False),
        sa.Column("file_number", sa.String(length=80), nullable=False),
        sa.Column("ordered_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["against_id"],
            ["person.id"],
            name=op.f("fk_protection_measure_against_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_protection_measure_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["protected_id"],
            ["person.id"],
            name=op.f("fk_protection_measure_protected_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_measure")),
    )
    with op.batch_alter_table("protection_measure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_measure_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "search_report",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=False),
        sa.Column("authority_id", sa.String(length=36), nullable=True),
        sa.Column("authority_name", sa.String(length=300), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("status_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["organisation.id"],
            name=op.f("fk_search_report_authority_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_search_report_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_search_report_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_report")),
    )
    with op.batch_alter_table("search_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_report_case_id"), ["case_id"], unique=False)

    op.create_table(
        "travel_plan",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("traveller_id", sa.String(length=36), nullable=True),
        sa.Column("escort", sa.String(length=300), nullable=False),
        sa.Column("iom_referral_on", sa.Date(), nullable=True),
        sa.Column("exit_permit", sa.String(length=40), nullable=False),
        sa.Column("departure_place", sa.String(length=300), nullable=False),
        sa.Column("arrival_place", sa.String(length=300), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.Column("travelled_on", sa.Date(), nullable=True),
        sa.Column("safety_plan_done", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("reunion_on", sa.Date(), nullable=True),
        sa.Column("reunion_place", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_travel_plan_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["traveller_id"],
            ["person.id"],
            name=op.f("fk_travel_plan_traveller_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_travel_plan")),
    )
    with op.batch_alter_table("travel_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_travel_plan_case_id"), ["case_id"], unique=False)

    op.create_table(
        "apostille",
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("authority", sa.String(length=300), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=True),
        sa.Column("number", sa.String(length=80), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("verification", sa.String(length=500), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_apostille_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apostille")),
    )
    with op.batch_alter_table("apostille", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_apostille_document_id"), ["document_id"], unique=False)

    op.create_table(
        "attachment",
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("chunk_size", sa.Integer(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_attachment_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachment_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "consent",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("guardian_id", sa.String(length=36), nullable=True),
        sa.Column("recipient", sa.String(length=300), nullable=False),
        sa.Column("purpose", sa.String(length=500), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("revocation_note", sa.Text(), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_consent_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_consent_document_id_document"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["guardian_id"],
            ["person.id"],
            name=op.f("fk_consent_guardian_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_consent_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_case_id"), ["case_id"], unique=False)

    op.create_table(
        "deadline",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("proceeding_id", sa.String(length=36), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("trigger_event", sa.String(length=300), nullable=False),
        sa.Column("trigger_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("calendar_id", sa.String(length=36), nullable=True),
        sa.Column("legal_basis", sa.String(length=300), nullable=False),
        sa.Column("computed_due", sa.Date(), nullable=True),
        sa.Column("override_due", sa.Date(), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=False),
        sa.Column("overridden_by", sa.String(length=120), nullable=True),
        sa.Column("overridden_at", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["calendar_id"],
            ["court_calendar.id"],
            name=op.f("fk_deadline_calendar_id_court_calendar"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_deadline_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proceeding_id"],
            ["proceeding.id"],
            name=op.f("fk_deadline_proceeding_id_proceeding"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline")),
    )
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadline_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_deadline_computed_due"), ["computed_due"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_deadline_proceeding_id"), ["proceeding_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_deadline_status"), ["status"], unique=False)

    op.create_table(
        "document_person",
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_person_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_document_person_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "person_id", name=op.f("pk_document_person")),
    )
    op.create_table(
        "proceeding_event",
        sa.Column("proceeding_id", sa.String(length=36), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["proceeding_id"],
            ["proceeding.id"],
            name=op.f("fk_proceeding_event_proceeding_id_proceeding"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proceeding_event")),
    )
    with op.batch_alter_table("proceeding_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proceeding_event_proceeding_id"), ["proceeding_id"], unique=False
        )

    op.create_table(
        "translation",
        sa.Column("original_id", sa.String(length=36), nullable=False),
        sa.Column("translated_id", sa.String(length=36), nullable=True),
        sa.Column("direction", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("translator_name", sa.String(length=200), nullable=False),
        sa.Column("translator_id", sa.String(length=36), nullable=True),
        sa.Column("translator_registry", sa.String(length=200), nullable=False),
        sa.Column("includes_apostille", sa.Boolean(), nullable=False),
        sa.Column("certified_on", sa.Date(), nullable=True),
        sa.Column("checked", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["original_id"],
            ["document.id"],
            name=op.f("fk_translation_original_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["translated_id"],
            ["document.id"],
            name=op.f("fk_translation_translated_id_document"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["translator_id"],
            ["person.id"],
            name=op.f("fk_translation_translator_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation")),
    )
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_translation_original_id"), ["original_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_translation_translated_id"), ["translated_id"], unique=False
        )

    op.create_table(
        "attachment_chunk",
        sa.Column("attachment_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachment.id"],
            name=op.f("fk_attachment_chunk_attachment_id_attachment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("attachment_id", "seq", name=op.f("pk_attachment_chunk")),
    )

    # The audit trail is append-only: the database itself refuses edits and deletions.
    op.execute(
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")

    op.drop_table("attachment_chunk")
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_translation_translated_id"))
        batch_op.drop_index(batch_op.f("ix_translation_original_id"))

    op.drop_table("translation")
    with op.batch_alter_table("proceeding_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proceeding_event_proceeding_id"))

    op.drop_table("proceeding_event")
    op.drop_table("document_person")
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_status"))
        batch_op.drop_index(batch_op.f("ix_deadline_proceeding_id"))
        batch_op.drop_index(batch_op.f("ix_deadline_computed_due"))
        batch_op.drop_index(batch_op.f("ix_deadline_case_id"))

    op.drop_table("deadline")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_case_id"))

    op.drop_table("consent")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_document_id"))

    op.drop_table("attachment")
    with op.batch_alter_table("apostille", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_apostille_document_id"))

    op.drop_table("apostille")
    with op.batch_alter_table("travel_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_travel_plan_case_id"))

    op.drop_table("travel_plan")
    with op.batch_alter_table("search_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_report_case_id"))

    op.drop_table("search_report")
    with op.batch_alter_table("protection_measure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_measure_case_id"))

    op.drop_table("protection_measure")
    with op.batch_alter_table("proceeding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proceeding_case_id"))

    op.drop_table("proceeding")
    with op.batch_alter_table("person_relationship", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_relationship_person_b_id"))
        batch_op.drop_index(batch_op.f("ix_person_relationship_person_a_id"))

    op.drop_table("person_relationship")
    with op.batch_alter_table("passport", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_passport_person_id"))

    op.drop_table("passport")
    with op.batch_alter_table("organisation_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_member_person_id"))
        batch_op.drop_index(batch_op.f("ix_organisation_member_organisation_id"))

    op.drop_table("organisation_member")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_case_id"))

    op.drop_table("note")
    with op.batch_alter_table("immigration_filing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_immigration_filing_receipt_number"))
        batch_op.drop_index(batch_op.f("ix_immigration_filing_case_id"))

    op.drop_table("immigration_filing")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_case_id"))

    op.drop_table("document")
    with op.batch_alter_table("case_track", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_track_case_id"))

    op.drop_table("case_track")
    with op.batch_alter_table("case_party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_party_person_id"))
        batch_op.drop_index(batch_op.f("ix_case_party_case_id"))

    op.drop_table("case_party")
    with op.batch_alter_table("calendar_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_entry_calendar_id"))

    op.drop_table("calendar_entry")
    with op.batch_alter_table("address", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_address_person_id"))

    op.drop_table("address")
    op.drop_table("vault_setting")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_curp"))

    op.drop_table("person")
    op.drop_table("organisation")
    op.drop_table("court_calendar")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_file_status"))

    op.drop_table("case_file")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_case_id"))
        batch_op.drop_index(batch_op.f("ix_audit_event_action"))

    op.drop_table("audit_event")
