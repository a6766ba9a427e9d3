"""The full-text index follows every change, in the same transaction.

A flush hook on every Session: whatever operation adds, edits or deletes a
searchable row, its index entry is replaced. FTS5 cannot index entity_id, so
rows are found again through the search_key table (migration 0003).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from reunify.models.case import Case
from reunify.models.document import Document
from reunify.models.person import Person
from reunify.models.records import Note

SEARCHABLE: dict[type[Any], str] = {
    Case: "case",
    Person: "person",
    Document: "document",
    Note: "note",
}


def _text_of(obj: Any) -> tuple[str | None, str]:
    """(case id or None, the words to index) for one searchable row."""
    if isinstance(obj, Case):
        return obj.id, " ".join([obj.reference, obj.title, obj.summary])
    if isinstance(obj, Person):
        words = [obj.given_names, obj.paternal_surname, obj.maternal_surname, obj.curp or ""]
        return None, " ".join(words + list(obj.aliases or []))
    if isinstance(obj, Document):
        return obj.case_id, " ".join([obj.title, obj.issuer])
    if isinstance(obj, Note):
        return obj.case_id, obj.body
    raise TypeError(type(obj))


@event.listens_for(Session, "after_flush")
def _reindex(session: Session, _context: Any) -> None:
    changed = [o for o in session.new if type(o) in SEARCHABLE] + [
        o
        for o in session.dirty
        if type(o) in SEARCHABLE and session.is_modified(o, include_collections=False)
    ]
    gone = [o for o in session.deleted if type(o) in SEARCHABLE]
    if not changed and not gone:
        return
    conn = session.connection()
    new_ids = {o.id for o in session.new}
    for obj in [*changed, *gone]:
        if obj.id in new_ids:
            continue  # never indexed yet: nothing to remove
        row = conn.execute(
            text("SELECT fts_rowid FROM search_key WHERE entity_id = :id"), {"id": obj.id}
        ).scalar()
        if row is not None:
            conn.execute(text("DELETE FROM search_index WHERE rowid = :r"), {"r": row})
            conn.execute(text("DELETE FROM search_key WHERE entity_id = :id"), {"id": obj.id})
    for obj in changed:
        case_id, words = _text_of(obj)
        conn.execute(
            text(
                "INSERT INTO search_index (body, entity, entity_id, case_id) "
                "VALUES (:body, :entity, :id, :case_id)"
            ),
            {"body": words, "entity": SEARCHABLE[type(obj)], "id": obj.id, "case_id": case_id},
        )
        # RETURNING does not work on virtual tables; last_insert_rowid() does.
        rowid = conn.execute(text("SELECT last_insert_rowid()")).scalar()
        conn.execute(
            text("INSERT INTO search_key (entity_id, fts_rowid) VALUES (:id, :r)"),
            {"id": obj.id, "r": rowid},
        )
