"""Accent-insensitive full-text search across cases, people, documents and notes.

Queries the FTS5 table (`unicode61 remove_diacritics 2`, so "monica" finds
"Mónica") that reunify/models/search_index.py keeps current.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select, text, union
from sqlalchemy.orm import Session

from reunify.models import (
    Apostille,
    CaseParty,
    Document,
    ImmigrationFiling,
    Passport,
    Proceeding,
    SearchReport,
)
from reunify.text import nfc


@dataclass(frozen=True)
class Hit:
    entity: str
    entity_id: str
    case_id: str | None
    snippet: str


def fts_query(user_text: str) -> str:
    """Each word as a quoted prefix term, so nothing a person types is FTS syntax."""
    # Stored text is NFC (reunify.text); a decomposed accent would not be \w.
    words = re.findall(r"\w+", nfc(user_text), flags=re.UNICODE)
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
    notes match, or whose court file, search report or USCIS receipt number contains
    the text; a person's hit counts for every case the person is in."""
    query = fts_query(user_text)
    if not query:
        return []
    found = dict.fromkeys(cases_by_number(session, user_text, limit))
    rows = session.execute(
        text(
            "SELECT DISTINCT coalesce(s.case_id, p.case_id) FROM search_index AS s "
            "LEFT JOIN case_party AS p ON s.entity = 'person' AND p.person_id = s.entity_id "
            "WHERE search_index MATCH :q AND coalesce(s.case_id, p.case_id) IS NOT NULL "
            "LIMIT :limit"
        ),
        {"q": query, "limit": limit},
    )
    found.update(dict.fromkeys(row[0] for row in rows))
    return list(found)[:limit]


def cases_by_number(session: Session, user_text: str, limit: int = 200) -> list[str]:
    """Court file numbers ("123/2026"), report, receipt, apostille and passport numbers
    are not words for FTS (slashes, dashes), so they are matched as substrings.

    A substring match reads every row, so it runs only when the text has a digit
    (every such number has one; a name being typed does not), and with SQLite's own
    LIKE, which ignores ASCII case without lower() on each row.
    """
    needle = user_text.strip()
    if len(needle) < 2 or not any(c.isdigit() for c in needle):
        return []
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    query = union(
        select(Proceeding.case_id).where(Proceeding.file_number.like(pattern, escape="\\")),
        select(SearchReport.case_id).where(SearchReport.number.like(pattern, escape="\\")),
        select(ImmigrationFiling.case_id).where(
            ImmigrationFiling.receipt_number.like(pattern, escape="\\")
        ),
        select(Document.case_id)
        .join(Apostille, Apostille.document_id == Document.id)
        .where(Apostille.number.like(pattern, escape="\\")),
        select(CaseParty.case_id)
        .join(Passport, Passport.person_id == CaseParty.person_id)
        .where(Passport.number.like(pattern, escape="\\")),
    ).limit(limit)
    return [row[0] for row in session.execute(query)]
