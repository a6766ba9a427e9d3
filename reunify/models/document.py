"""Documents (the paper), their apostilles and translations, and attached files."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reunify.models.base import Base, Entity, str_enum
from reunify.models.enums import (
    DocumentKind,
    IssuerLevel,
    TranslationDirection,
    TranslationType,
)
from reunify.models.person import Person


class Document(Entity):
    __tablename__ = "document"

    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind))
    title: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str] = mapped_column(String(300), default="")
    issuer_level: Mapped[IssuerLevel | None] = mapped_column(str_enum(IssuerLevel))
    issuer_country: Mapped[str | None] = mapped_column(String(2))
    issuer_state: Mapped[str | None] = mapped_column(String(10))
    # Issue date of the certified copy: offices often want copies from the last months.
    issued_on: Mapped[date | None]
    language: Mapped[str] = mapped_column(String(3), default="spa")  # ISO 639-3
    original_location: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    persons: Mapped[list[Person]] = relationship(secondary="document_person")
    apostilles: Mapped[list[Apostille]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )


class DocumentPerson(Base):
    """Which persons a document concerns (pure link table)."""

    __tablename__ = "document_person"

    document_id: Mapped[str] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[str] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )


class Apostille(Entity):
    __tablename__ = "apostille"

    document_id: Mapped[str] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    authority: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2), default="MX")
    state: Mapped[str | None] = mapped_column(String(10))
    number: Mapped[str] = mapped_column(String(80), default="")
    issued_on: Mapped[date | None]
    verification: Mapped[str] = mapped_column(String(500), default="")  # e-Apostille link/code
    notes: Mapped[str] = mapped_column(Text, default="")

    document: Mapped[Document] = relationship(back_populates="apostilles")


class Translation(Entity):
    """Links an original document to the document that is its translation."""

    __tablename__ = "translation"

    original_id: Mapped[str] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    translated_id: Mapped[str | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), index=True
    )
    direction: Mapped[TranslationDirection] = mapped_column(str_enum(TranslationDirection))
    type: Mapped[TranslationType] = mapped_column(str_enum(TranslationType))
    translator_name: Mapped[str] = mapped_column(String(200), default="")
    translator_id: Mapped[str | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    translator_registry: Mapped[str] = mapped_column(String(200), default="")  # perito list
    includes_apostille: Mapped[bool] = mapped_column(default=False)
    certified_on: Mapped[date | None]
    checked: Mapped[bool] = mapped_column(default=False)  # names and numbers checked
    notes: Mapped[str] = mapped_column(Text, default="")

    original: Mapped[Document] = relationship(foreign_keys=[original_id])
    translated: Mapped[Document | None] = relationship(foreign_keys=[translated_id])


class Attachment(Entity):
    """A file kept inside the vault in chunks; nothing of it exists in plaintext on disk."""

    __tablename__ = "attachment"

    document_id: Mapped[str] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(120), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    chunk_size: Mapped[int] = mapped_column(Integer)
    complete: Mapped[bool] = mapped_column(default=False)

    document: Mapped[Document] = relationship(back_populates="attachments")


class AttachmentChunk(Base):
    """One piece of an attachment's bytes.

    Keyed by (attachment, seq) rather than its own UUID: chunks are never merged
    or referenced on their own, only through their attachment's UUID.
    """

    __tablename__ = "attachment_chunk"

    attachment_id: Mapped[str] = mapped_column(
        ForeignKey("attachment.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
