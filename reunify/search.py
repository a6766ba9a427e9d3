"""Accent-insensitive full-text search across cases, people, documents and notes.

An FTS5 table (`unicode61 remove_diacritics 2`, so "monica" finds "Mónica")
inside the encrypted vault, kept current by a flush hook: whatever operation
changes a searchable row, the index follows in the same transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from reunify.models import Case, Document, Note, Person

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


@dataclass(frozen=True)
class Hit:
    entity: str
    entity_id: str
    case_id: str | None
    snippet: str


def fts_query(user_text: str) -> str:
    """Each word as a quoted prefix term, so nothing a person types is FTS syntax."""
    words = re.findall(r"\w+", user_text, flags=re.UNICODE)
    return " ".join(f'"{w}"*' for w in words)


def search(session: Session, user_text: str, limit: int = 50) -> list[Hit]:
    query = fts_query(user_text)
    if not query:
        return []
    rows = session.execute(
        text(
            "SELECT entity, entity_id, case_id, snippet(search_index, 0, '[', ']', '…', 12) "
            "FROM search_index WHERE search_index MATCH :q ORDER BY rank LIMIT :limit"
        ),
        {"q": query, "limit": limit},
    )
    return [Hit(*row) for row in rows]


def search_cases(session: Session, user_text: str, limit: int = 200) -> list[str]:
    """Ids of the cases whose reference, title, people (names, CURP), documents or
    notes match; a person's hit counts for every case the person is in."""
    query = fts_query(user_text)
    if not query:
        return []
    rows = session.execute(
        text(
            "SELECT DISTINCT coalesce(s.case_id, p.case_id) FROM search_index AS s "
            "LEFT JOIN case_party AS p ON s.entity = 'person' AND p.person_id = s.entity_id "
            "WHERE search_index MATCH :q AND coalesce(s.case_id, p.case_id) IS NOT NULL "
            "LIMIT :limit"
        ),
        {"q": query, "limit": limit},
    )
    return [row[0] for row in rows]
