"""Correct and remove: archive a case, delete one opened by mistake, delete documents,
events, deadlines, calendar days, relationships and addresses entered by mistake, and
mark a step done on an earlier day with a reason. Real vaults, real widgets."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from reunify import operations as ops
from reunify import queries
from reunify.errors import ValidationError
from reunify.models import (
    Address,
    Apostille,
    Attachment,
    AttachmentChunk,
    AuditAction,
    AuditEvent,
    CalendarBase,
    CalendarEntry,
    CalendarEntryKind,
    Case,
    Checklist,
    ChecklistStep,
    Deadline,
    DeadlineUnit,
    Document,
    DocumentKind,
    PartyRole,
    Person,
    PersonRelationship,
    ProceedingEvent,
    RelationshipKind,
    StepState,
    Translation,
    TranslationDirection,
    TranslationType,
)
from reunify.models.enums import ProceduralRegime, ProceedingKind
from reunify.operations import checklists
from reunify.operations.cases import archive_case, delete_case, unarchive_case
from reunify.operations.deadlines import delete_calendar_entry, delete_deadline
from reunify.operations.documents import delete_document, document_removal
from reunify.operations.people import remove_address, remove_relationship
from reunify.operations.proceedings import delete_event
from reunify.search import search_cases
from reunify.vault import Vault

pytestmark = pytest.mark.vault

TODAY = date.today()


def _count(s: Session, model: type[Any], *where: Any) -> int:
    return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _events(s: Session, action: AuditAction) -> list[AuditEvent]:
    return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action.value)))


def _family(s: Session, title: str = "Familia Xolalpa Tzompa") -> Case:
    case = ops.create_case(s, title=title, opened_on=TODAY - timedelta(days=30))
    rosa = ops.create_person(s, given_names="Rosalba", paternal_surname="Xolalpa", sex="F")
    ops.link_person(s, case, rosa, PartyRole.CLIENT)
    ops.add_address(s, rosa, street="Calle Ocotlán 12", state="MX-TLA", country="MX")
    return case


# -- archive -------------------------------------------------------------------------


def test_archive_hides_the_case_from_the_list_and_dashboard_and_unarchive_brings_it_back(
    vault: Vault,
) -> None:
    with vault.session() as s:
        case = _family(s)
        other = _family(s, "Familia Cuapio")
        for c in (case, other):
            ops.add_deadline(
                s, c, title="Contestación", trigger_date=TODAY, amount=3,
                unit=DeadlineUnit.CALENDAR_DAYS,
            )  # fmt: skip
        case_id, other_id = case.id, other.id
    with vault.session() as s:
        archive_case(s, s.get_one(Case, case_id))
    with vault.session() as s:
        assert [r.id for r in queries.case_list(s)] == [other_id]
        assert [r.id for r in queries.case_list(s, archived=True)] == [case_id]
        assert {r.id for r in queries.case_list(s, archived=None)} == {case_id, other_id}
        assert queries.case_list(s, case_id) == []  # its row leaves the list
        assert {i.case_id for i in queries.what_is_next(s)} == {other_id}
        assert sum(queries.cases_by_status(s).values()) == 1
        kept = s.get_one(Case, case_id)
        assert kept.archived_on == TODAY and len(kept.parties) == 1  # nothing removed
        assert len(_events(s, AuditAction.CASE_ARCHIVE)) == 1
        unarchive_case(s, kept)
    with vault.session() as s:
        assert {r.id for r in queries.case_list(s)} == {case_id, other_id}
        assert {i.case_id for i in queries.what_is_next(s)} == {case_id, other_id}
        (event,) = _events(s, AuditAction.CASE_UNARCHIVE)
        assert event.case_id == case_id


# -- delete a case -------------------------------------------------------------------


def test_deleting_a_case_removes_its_rows_files_index_and_people_named_nowhere_else(
    vault: Vault,
) -> None:
    with vault.session() as s:
        case = _family(s)
        rosa = s.scalars(select(Person)).one()
        shared = ops.create_person(s, given_names="Itzel", paternal_surname="Cuautle")
        ops.link_person(s, case, shared, PartyRole.CHILD)
        ops.add_relationship(s, rosa, RelationshipKind.MOTHER, shared)
        keep = ops.create_case(s, title="Familia Cuautle")
        ops.link_person(s, keep, shared, PartyRole.CHILD)  # also in another case
        doc = ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta Xolalpa")
        ops.attach_stream(s, doc, io.BytesIO(b"%PDF-1.4 acta" * 5000), "acta.pdf")
        ops.add_note(s, case, "Llamar a la madre el martes")
        checklists.start_checklist(s, case, "apostille", document=doc)
        proc = ops.add_proceeding(
            s, case, kind=ProceedingKind.CUSTODY, regime=ProceduralRegime.CNPCYF
        )
        ops.add_event(s, proc, on=TODAY, kind="admission")
        case_id, reference, rosa_id, shared_id = case.id, case.reference, rosa.id, shared.id
    with vault.session() as s:
        assert search_cases(s, "Xolalpa") == [case_id]
        with pytest.raises(ValidationError) as refused:
            delete_case(s, s.get_one(Case, case_id), confirm_reference="RU-0000")
        assert reference in refused.value.user_message()
    with vault.session() as s:
        counts = delete_case(s, s.get_one(Case, case_id), confirm_reference=reference.lower())
        assert counts == {"documents": 1, "attachments": 1, "people": 1}
    with vault.session() as s:
        assert s.get(Case, case_id) is None
        for model in (Document, Attachment, AttachmentChunk, Checklist, ChecklistStep,
                      Deadline, ProceedingEvent, Address):  # fmt: skip
            assert _count(s, model) == 0, model
        assert s.get(Person, rosa_id) is None  # only in the deleted case
        assert s.get(Person, shared_id) is not None  # still a child in another case
        assert _count(s, PersonRelationship) == 0
        index = s.execute(text("SELECT count(*) FROM search_index WHERE case_id = :c"),
                          {"c": case_id}).scalar()  # fmt: skip
        assert index == 0 and search_cases(s, "Xolalpa") == [] and search_cases(s, "Rosalba") == []
        (event,) = _events(s, AuditAction.CASE_DELETE)
        assert event.details["reference"] == reference
        assert "Xolalpa" not in str(event.details)  # the reference, no case content
    report = vault.check()
    assert report.ok, report


def test_a_case_with_an_exported_bundle_cannot_be_deleted(vault: Vault) -> None:
    from reunify.models import audit

    with vault.session() as s:
        case = _family(s)
        audit.append(s, AuditAction.BUNDLE_EXPORT, entity=case, case_id=case.id)
        case_id, reference = case.id, case.reference
    with vault.session() as s:
        with pytest.raises(ValidationError) as refused:
            delete_case(s, s.get_one(Case, case_id), confirm_reference=reference)
        assert "Archive it instead" in refused.value.user_message()
    with vault.session() as s:
        assert s.get(Case, case_id) is not None


# -- delete a document ---------------------------------------------------------------


def test_deleting_a_document_takes_its_files_apostilles_pairs_and_unstarted_checklist(
    vault: Vault,
) -> None:
    with vault.session() as s:
        case = _family(s)
        acta = ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta")
        english = ops.add_document(s, case, kind=DocumentKind.OTHER, title="Birth certificate")
        ops.attach_stream(s, acta, io.BytesIO(b"x" * 3000), "acta.pdf")
        ops.record_apostille(s, acta, authority="SEGOB", number="A-1")
        ops.record_translation(
            s, acta, direction=TranslationDirection.ES_EN, type=TranslationType.PERITO,
            translated=english,
        )  # fmt: skip
        checklists.start_checklist(s, case, "apostille", document=acta)
        acta_id, english_id = acta.id, english.id
    with vault.session() as s:
        removal = document_removal(s, s.get_one(Document, acta_id))
        assert removal.allowed
        assert removal.files == ["acta.pdf"] and removal.apostilles == 1
        assert removal.translations == ["Birth certificate"]
        assert removal.checklists == ["Apostille"]
        delete_document(s, s.get_one(Document, acta_id))
    with vault.session() as s:
        assert s.get(Document, acta_id) is None
        assert s.get(Document, english_id) is not None  # the translation is its own paper
        for model in (Attachment, AttachmentChunk, Apostille, Translation, Checklist,
                      ChecklistStep, Deadline):  # fmt: skip
            assert _count(s, model) == 0, model
        (event,) = _events(s, AuditAction.DOCUMENT_DELETE)
        assert event.entity_id == acta_id and event.details["kind"] == "birth_record"
        assert "Acta" not in str(event.details)
    assert vault.check().ok


def test_a_document_a_completed_step_or_an_export_cites_is_kept(vault: Vault) -> None:
    from reunify.models import audit

    with vault.session() as s:
        case = _family(s)
        acta = ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta")
        cl = checklists.start_checklist(s, case, "apostille", document=acta)
        checklists.complete_step(s, cl.steps[0])
        checklists.link_document(s, cl.steps[0], acta)
        acta_id = acta.id
    with vault.session() as s:
        with pytest.raises(ValidationError) as refused:
            delete_document(s, s.get_one(Document, acta_id))
        message = refused.value.user_message()
        assert "cites it" in message and "has steps done" in message
    with vault.session() as s:
        later = ops.add_document(s, s.get_one(Case, case.id), kind=DocumentKind.OTHER, title="X")
        audit.append(s, AuditAction.BUNDLE_EXPORT, entity=later, case_id=later.case_id)
        later_id = later.id
    with vault.session() as s:
        removal = document_removal(s, s.get_one(Document, later_id))
        assert any("went out in a bundle" in r for r in removal.refusals)
        assert s.get(Document, acta_id) is not None


# -- events, deadlines, calendar days, relationships, addresses ----------------------


def test_delete_an_event_and_a_typed_deadline_but_not_a_checklist_deadline(vault: Vault) -> None:
    with vault.session() as s:
        case = _family(s)
        proc = ops.add_proceeding(
            s, case, kind=ProceedingKind.CUSTODY, regime=ProceduralRegime.CNPCYF
        )
        wrong = ops.add_event(s, proc, on=TODAY, kind="hearing")
        ops.add_event(s, proc, on=TODAY, kind="admission")
        typed = ops.add_deadline(
            s, case, title="Audiencia", trigger_date=TODAY, amount=3,
            unit=DeadlineUnit.CALENDAR_DAYS,
        )  # fmt: skip
        cl = checklists.start_checklist(s, case, "us_dependency", trigger_on=TODAY)
        from_step = s.scalar(select(Deadline).where(Deadline.source_step_id.is_not(None)))
        assert from_step is not None and cl is not None
        ids = wrong.id, typed.id, from_step.id
    with vault.session() as s:
        delete_event(s, s.get_one(ProceedingEvent, ids[0]))
        delete_deadline(s, s.get_one(Deadline, ids[1]))
        with pytest.raises(ValidationError) as refused:
            delete_deadline(s, s.get_one(Deadline, ids[2]))
        assert "not applicable" in refused.value.user_message()
    with vault.session() as s:
        assert [e.kind for e in s.scalars(select(ProceedingEvent))] == ["admission"]
        assert s.get(Deadline, ids[1]) is None and s.get(Deadline, ids[2]) is not None
        assert len(_events(s, AuditAction.PROCEEDING_EVENT_DELETE)) == 1
        (gone,) = _events(s, AuditAction.DEADLINE_DELETE)
        assert gone.entity_id == ids[1] and "Audiencia" not in str(gone.details)


def test_deleting_a_calendar_day_moves_the_deadlines_counted_on_it(vault: Vault) -> None:
    start = date(2026, 12, 1)  # a Tuesday
    with vault.session() as s:
        case = _family(s)
        cal = ops.create_calendar(s, name="TSJ Tlaxcala", base=CalendarBase.MX_FEDERAL)
        entry = ops.add_calendar_entry(s, cal, CalendarEntryKind.HOLIDAY, date(2026, 12, 3))
        deadline = ops.add_deadline(
            s, case, title="Contestación", trigger_date=start, amount=3,
            unit=DeadlineUnit.BUSINESS_DAYS, calendar=cal,
        )  # fmt: skip
        before = deadline.computed_due
        ids = entry.id, deadline.id
    with vault.session() as s:
        assert delete_calendar_entry(s, s.get_one(CalendarEntry, ids[0])) == 1
    with vault.session() as s:
        moved = s.get_one(Deadline, ids[1])
        assert _count(s, CalendarEntry, CalendarEntry.calendar_id == moved.calendar_id) == 0
        after = moved.computed_due
        assert before is not None and after is not None and after < before
        assert len(_events(s, AuditAction.CALENDAR_ENTRY_DELETE)) == 1
        assert len(_events(s, AuditAction.DEADLINE_RECOMPUTE)) == 1


def test_remove_a_relationship_and_an_address(vault: Vault) -> None:
    with vault.session() as s:
        case = _family(s)
        rosa = s.scalars(select(Person)).one()
        child = ops.create_person(s, given_names="Mateo", paternal_surname="Xolalpa")
        ops.link_person(s, case, child, PartyRole.CHILD)
        rel = ops.add_relationship(s, child, RelationshipKind.MOTHER, rosa)  # the wrong way
        ids = case.id, rel.id, rosa.addresses[0].id
    with vault.session() as s:
        remove_relationship(s, s.get_one(PersonRelationship, ids[1]), case_id=ids[0])
        remove_address(s, s.get_one(Address, ids[2]), case_id=ids[0])
    with vault.session() as s:
        assert _count(s, PersonRelationship) == 0 and _count(s, Address) == 0
        view = queries.load_case_view(s, ids[0])
        actions = {e.action for e in view.history}  # shown in the case's history
        assert {"person.relationship_remove", "person.address_remove"} <= actions


# -- backdating ------------------------------------------------------------------------


def test_mark_done_on_an_earlier_day_needs_a_reason_and_never_a_future_day(
    vault: Vault,
) -> None:
    with vault.session() as s:
        case = _family(s)
        cl = checklists.start_checklist(s, case, "locate_child", started_on=TODAY - timedelta(10))
        intake, consulate = cl.steps[0], next(st for st in cl.steps if st.key == "consulate_report")
        with pytest.raises(ValidationError) as future:
            checklists.mark_done(s, intake, on=TODAY + timedelta(days=1), reason="x")
        assert future.value.field == "on" and "has not come yet" in future.value.user_message()
        with pytest.raises(ValidationError) as early:
            checklists.mark_done(s, intake, on=TODAY - timedelta(days=11), reason="x")
        assert "started on" in early.value.user_message()
        with pytest.raises(ValidationError) as why:
            checklists.mark_done(s, intake, on=TODAY - timedelta(days=3), reason="  ")
        assert why.value.field == "reason"
        assert intake.state != StepState.DONE
        checklists.mark_done(s, intake, on=TODAY - timedelta(days=3), reason="Entrevista en DIF")
        with pytest.raises(ValidationError) as order:
            checklists.mark_done(s, consulate, on=TODAY - timedelta(days=4), reason="x")
        assert "comes first" in order.value.user_message()
        checklists.mark_done(s, consulate)  # today: no reason asked
        assert intake.completed_on == TODAY - timedelta(days=3)
        assert intake.state_reason == "Entrevista en DIF"
        assert consulate.completed_on == TODAY and consulate.state_reason == ""
        events = _events(s, AuditAction.CHECKLIST_STEP_DONE)
        details = {e.details["step"]: e.details for e in events}
        assert details["intake"]["reason"] == "Entrevista en DIF"
        assert details["intake"]["on"] == (TODAY - timedelta(days=3)).isoformat()
        assert "reason" not in details["consulate_report"]


def test_a_period_started_by_a_backdated_step_counts_from_that_day(vault: Vault) -> None:
    with vault.session() as s:
        case = _family(s)
        cl = checklists.start_checklist(s, case, "custody_cnpcyf", started_on=date(2026, 10, 1))
        ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta")
        plan = checklists.start_checklist(s, case, "safety_plan", started_on=date(2026, 10, 1))
        for step in plan.steps:
            checklists.mark_done(s, step, on=date(2026, 10, 2), reason="Plan revisado",
                                 today=date(2026, 11, 23))  # fmt: skip
        keys = ("court_and_regime", "evidence", "power_of_attorney", "file_claim", "admission")
        for key in keys:
            step = next(st for st in cl.steps if st.key == key)
            checklists.mark_done(s, step, on=date(2026, 10, 5), reason="Expediente",
                                 today=date(2026, 11, 23))  # fmt: skip
        service = next(st for st in cl.steps if st.key == "service")
        checklists.mark_done(
            s, service, on=date(2026, 10, 6), reason="Acta de emplazamiento",
            today=date(2026, 11, 23),
        )  # fmt: skip
        answer = s.scalar(select(Deadline).where(Deadline.source_step_id == service.id))
        assert answer is not None and answer.trigger_date == date(2026, 10, 6)


def test_an_apostille_cannot_be_issued_in_the_future(vault: Vault) -> None:
    with vault.session() as s:
        case = _family(s)
        acta = ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta")
        with pytest.raises(ValidationError) as refused:
            ops.record_apostille(s, acta, authority="SEGOB", issued_on=TODAY + timedelta(days=2))
        assert refused.value.field == "issued_on"
        ops.record_apostille(s, acta, authority="SEGOB", issued_on=TODAY - timedelta(days=20))


# -- migration 0006 ------------------------------------------------------------------


def test_0006_adds_the_archive_date_and_keeps_every_case_row(vault_path: Any) -> None:
    from alembic import command

    from reunify.vault import migrate
    from reunify.vault.engine import make_engine
    from reunify.vault.kdf import derive_key, new_salt
    from tests.conftest import PASSPHRASE

    vault_path.touch(mode=0o600)
    engine = make_engine(vault_path, derive_key(PASSPHRASE, new_salt()))
    migrate.upgrade(engine, "0005")
    stamp = "'2025-01-02T00:00:00.000000+00:00'"
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO case_file (id, reference, title, variant, status, safety_level, "
            "confidential_1367, summary, safety_notes, created_at, updated_at) VALUES "
            f"('c1', 'RU-2025-0001', 'Familia Pionera', 'other', 'active', 'high', 0, '', '', "
            f"{stamp}, {stamp})"
        )
        conn.exec_driver_sql(
            "INSERT INTO case_track (id, case_id, track, notes, created_at, updated_at) "
            f"VALUES ('t1', 'c1', 'mx_custody', '', {stamp}, {stamp})"
        )
    migrate.upgrade(engine)

    def index_columns() -> list[str]:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("PRAGMA index_info(ix_case_file_list)").all()
        return [r[2] for r in rows]

    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT reference, archived_on FROM case_file").one()
        tracks = conn.exec_driver_sql("SELECT count(*) FROM case_track").scalar()
        plan = " ".join(
            str(r[-1])
            for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id, reference, title, status, safety_level, "
                "opened_on FROM case_file WHERE archived_on IS NULL ORDER BY reference"
            )
        )
    assert tuple(row) == ("RU-2025-0001", None) and tracks == 1  # no cascade on the way
    assert index_columns()[-1] == "archived_on"
    assert "COVERING INDEX ix_case_file_list" in plan  # the list still reads the index alone
    with engine.begin() as conn:
        command.downgrade(migrate._config(conn), "0005")
    with engine.connect() as conn:
        columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(case_file)")}
        tracks = conn.exec_driver_sql("SELECT count(*) FROM case_track").scalar()
    assert "archived_on" not in columns and tracks == 1
    assert "archived_on" not in index_columns()
    migrate.upgrade(engine)
    engine.dispose()


def test_models_match_the_schema_of_a_new_vault(vault: Vault) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from reunify.models import Base

    with vault.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert not [d for d in diffs if "case_file" in repr(d)]


# -- the GUI: confirmations answered as a person would -------------------------------


def _window(qtbot: Any, vault: Vault) -> Any:
    from reunify.ui.app import MainWindow

    window = MainWindow(vault)
    qtbot.addWidget(window)
    window.show()
    return window


def _answer(log: list[Any], button: str, seen: list[str] | None = None) -> None:
    """Answer the next confirmation: "confirm" removes, "cancel" keeps."""
    from PySide6.QtWidgets import QMessageBox

    from tests.ui_helpers import on_next_modal

    def act(box: Any) -> None:
        assert isinstance(box, QMessageBox), type(box)
        if seen is not None:
            seen.append(box.text())
        if button == "cancel":
            box.button(QMessageBox.StandardButton.Cancel).click()
        else:
            next(b for b in box.buttons() if b.objectName() == button).click()

    on_next_modal(act, log)


def test_gui_delete_a_document_asks_naming_what_goes_with_it(qtbot: Any, vault: Vault) -> None:
    from tests.ui_helpers import check

    with vault.session() as s:
        case = _family(s)
        doc = ops.add_document(s, case, kind=DocumentKind.BIRTH_RECORD, title="Acta de Mateo")
        ops.attach_stream(s, doc, io.BytesIO(b"x" * 100), "acta_mateo.pdf")
        case_id, doc_id = case.id, doc.id
    window = _window(qtbot, vault)
    window.select_case(case_id)
    tab = window.workspace.documents
    tab.select_id(doc_id)
    log: list[Any] = []
    seen: list[str] = []
    _answer(log, "cancel", seen)
    tab.action("delete").trigger()
    check(log)
    assert "Acta de Mateo" in seen[0] and "acta_mateo.pdf" in seen[0]
    assert tab.model.rowCount() == 1  # Cancel keeps it
    _answer(log, "confirm")
    tab.action("delete").trigger()
    check(log)
    assert tab.model.rowCount() == 0
    with vault.session() as s:
        assert s.get(Document, doc_id) is None and _count(s, AttachmentChunk) == 0
    assert tab.action("delete").shortcut().toString() == "Del"


def test_gui_mark_done_asks_the_day_and_a_reason_for_an_earlier_one(
    qtbot: Any, vault: Vault
) -> None:
    from reunify.ui.forms import FormDialog
    from tests.ui_helpers import check, on_next_modal

    with vault.session() as s:
        case = _family(s)
        checklists.start_checklist(s, case, "locate_child", started_on=TODAY - timedelta(9))
        case_id = case.id
    window = _window(qtbot, vault)
    window.select_case(case_id)
    tab = window.workspace.checklists
    tab.select_row(0)
    log: list[Any] = []
    errors: list[str] = []

    def backdate(dialog: Any) -> None:
        assert isinstance(dialog, FormDialog)
        assert dialog.values()["on"] == TODAY  # proposed: today
        dialog.set_values({"on": TODAY + timedelta(days=1)})
        dialog.save()
        errors.append(dialog.errors["on"].text())
        dialog.set_values({"on": TODAY - timedelta(days=2), "reason": ""})
        dialog.save()
        errors.append(dialog.errors["reason"].text())
        dialog.set_values({"reason": "Se hizo en la visita del DIF"})
        dialog.save()
        assert not dialog.isVisible()

    on_next_modal(backdate, log)
    tab.action("step_done").trigger()
    check(log)
    assert "has not come yet" in errors[0] and "Say why" in errors[1]
    row = tab.model.rows()[0]
    assert row.state == StepState.DONE and row.step.completed_on == TODAY - timedelta(days=2)
    assert "Se hizo en la visita del DIF" in tab.detail.text()


def test_gui_archive_hides_the_case_and_show_archived_brings_it_back(
    qtbot: Any, vault: Vault
) -> None:
    from tests.ui_helpers import check

    with vault.session() as s:
        case = _family(s)
        _family(s, "Familia Cuapio")
        case_id, reference = case.id, case.reference
    window = _window(qtbot, vault)
    assert window.model.total() == 2
    window.select_case(case_id)
    log: list[Any] = []
    seen: list[str] = []
    _answer(log, "confirm", seen)
    window.actions_["archive"].trigger()
    check(log)
    assert reference in seen[0] and "Familia Xolalpa Tzompa" in seen[0]
    assert window.model.total() == 1 and window.model.position(case_id) is None
    assert window.stack.currentWidget() is window.dashboard
    window.show_archived.setChecked(True)
    assert window.model.total() == 1 and window.model.position(case_id) == 0
    window.select_case(case_id)
    window.workspace.summary.archive_action.trigger()  # "Take out of the archive"
    window.show_archived.setChecked(False)
    assert window.model.total() == 2
    with vault.session() as s:
        actions = [e.action for e in _events(s, AuditAction.CASE_ARCHIVE)]
        actions += [e.action for e in _events(s, AuditAction.CASE_UNARCHIVE)]
    assert actions == ["case.archive", "case.unarchive"]


def test_gui_delete_case_needs_the_reference_typed(qtbot: Any, vault: Vault) -> None:
    from reunify.ui.forms import FormDialog
    from tests.ui_helpers import check, on_next_modal

    with vault.session() as s:
        case = _family(s)
        case_id, reference = case.id, case.reference
    window = _window(qtbot, vault)
    window.select_case(case_id)
    log: list[Any] = []
    refused: list[str] = []

    def type_reference(dialog: Any) -> None:
        assert isinstance(dialog, FormDialog)
        dialog.set_values({"confirm_reference": "RU-1999-0001"})
        dialog.save()
        refused.append(dialog.errors["confirm_reference"].text())
        dialog.set_values({"confirm_reference": reference})
        dialog.save()
        assert not dialog.isVisible()

    on_next_modal(type_reference, log)
    window.workspace.summary.delete_action.trigger()
    check(log)
    assert reference in refused[0]
    assert window.model.total() == 0 and window.stack.currentWidget() is window.dashboard
    with vault.session() as s:
        assert s.get(Case, case_id) is None


def test_gui_delete_event_deadline_relationship_and_calendar_day(qtbot: Any, vault: Vault) -> None:
    from reunify.ui.settings_dialog import CalendarsDialog
    from tests.ui_helpers import check, fill_form

    with vault.session() as s:
        case = _family(s)
        rosa = s.scalars(select(Person)).one()
        child = ops.create_person(s, given_names="Mateo", paternal_surname="Xolalpa")
        ops.link_person(s, case, child, PartyRole.CHILD)
        rel = ops.add_relationship(s, rosa, RelationshipKind.MOTHER, child)
        proc = ops.add_proceeding(
            s, case, kind=ProceedingKind.CUSTODY, regime=ProceduralRegime.CNPCYF
        )
        event = ops.add_event(s, proc, on=TODAY, kind="hearing")
        typed = ops.add_deadline(
            s, case, title="Audiencia", trigger_date=TODAY, amount=3,
            unit=DeadlineUnit.CALENDAR_DAYS,
        )  # fmt: skip
        cal = ops.create_calendar(s, name="TSJ Puebla", base=CalendarBase.MX_FEDERAL)
        entry = ops.add_calendar_entry(s, cal, CalendarEntryKind.HOLIDAY, TODAY)
        ids = case.id, rosa.id, rel.id, proc.id, event.id, typed.id, entry.id
    window = _window(qtbot, vault)
    window.select_case(ids[0])
    ws = window.workspace
    log: list[Any] = []
    # An event: chosen, then confirmed.
    ws.proceedings.proceedings.select_id(ids[3])
    fill_form({"event_id": ids[4]}, log)
    _answer(log, "confirm")
    ws.proceedings.proceedings.action("delete_event").trigger()
    check(log)
    # A deadline typed by hand.
    ws.proceedings.deadlines.select_id(ids[5])
    _answer(log, "confirm")
    ws.proceedings.deadlines.action("delete").trigger()
    check(log)
    # A relationship, from the mother's row.
    people = ws.people
    people.select_id(next(p.id for p in people.model.rows() if p.person_id == ids[1]))
    fill_form({"item": ids[2]}, log)
    _answer(log, "confirm")
    people.action("remove_relationship").trigger()
    check(log)
    with vault.session() as s:
        assert s.get(ProceedingEvent, ids[4]) is None and s.get(Deadline, ids[5]) is None
        assert s.get(PersonRelationship, ids[2]) is None
    # A court calendar day.
    dialog = CalendarsDialog(vault, window)
    qtbot.addWidget(dialog)
    dialog.chooser.setCurrentIndex(dialog.chooser.findText("TSJ Puebla"))  # not a shipped one
    dialog.table.selectRow(0)
    assert dialog.delete_button.isEnabled()
    _answer(log, "confirm")
    dialog.delete_button.click()
    check(log)
    assert dialog.model.rowCount() == 0
    with vault.session() as s:
        assert s.get(CalendarEntry, ids[6]) is None
    history = {e.action for e in ws.view.history} if ws.view else set()
    assert {"proceeding.event_delete", "deadline.delete", "person.relationship_remove"} <= history
