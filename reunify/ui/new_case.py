"""The new-case form: the family, the mother, the child, the kind of case, its tracks
and the checklists it usually needs, saved in one action (`operations.intake`).

Before, a new case took a case form, two person forms, a relationship form and a
checklist dialog per checklist; now the common path is one form. The kind of case
starts unchosen (Enter on an untouched form must not file a trafficking case), and
choosing it ticks the usual tracks and checklists (`workflows.usual`), which the
attorney can untick.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QListWidget, QWidget

from reunify.i18n import N_, current_language
from reunify.models import CaseVariant, LegalTrack
from reunify.operations.intake import Intake, open_case
from reunify.ui.forms import Field, FormDialog, enum_choices
from reunify.ui.workspace.people import sex_choices
from reunify.ui.workspace.summary import CASE_FIELDS
from reunify.vault import Vault
from reunify.workflows import templates as tpl
from reunify.workflows.usual import VARIANT_TRACKS, usual_checklists


def checklist_choices() -> list[tuple[str, object]]:
    """Checklists a new case can start: not those about a document (no document yet)."""
    lang = current_language()
    return [
        (t.title.get(lang), t.id)
        for t in sorted(tpl.shipped().values(), key=lambda t: t.title.get(lang).casefold())
        if t.scope != "document"
    ]


_CASE = {f.name: f for f in CASE_FIELDS}  # the case form's own fields, where they are the same

FIELDS = (
    Field("variant", N_("Kind of case"), "choice", enum_choices(CaseVariant, blank=True),
          required=True),
    Field("title", N_("Family (as shown in the case list)"),
          placeholder=N_("empty: “Familia” and the mother's surnames")),
    _CASE["safety_level"],
    _CASE["confidential_1367"],
    Field("mother_given_names", N_("Mother: given names")),
    Field("mother_paternal_surname", N_("Mother: paternal surname")),
    Field("mother_maternal_surname", N_("Mother: maternal surname")),
    Field("mother_birth_date", N_("Mother: date of birth"), "date"),
    Field("mother_phone", N_("Mother: phone"), like="phone",
          placeholder=N_("e.g. +52 246 123 4567")),
    Field("mother_languages", N_("Mother: languages"), "list", like="languages",
          placeholder=N_("e.g. Spanish, Nahuatl, Mam")),
    Field("child_given_names", N_("Child: given names"),
          placeholder=N_("empty when there is no child to enter yet")),
    Field("child_paternal_surname", N_("Child: paternal surname")),
    Field("child_maternal_surname", N_("Child: maternal surname")),
    Field("child_sex", N_("Child: sex on the birth record"), "choice", sex_choices),
    Field("child_birth_date", N_("Child: date of birth"), "date"),
    Field("child_birth_country", N_("Child: country of birth"), like="birth_country",
          placeholder=N_("e.g. Mexico, United States")),
    _CASE["mx_state"],
    _CASE["us_state"],
    Field("tracks", N_("Legal tracks"), "multi", enum_choices(LegalTrack)),
    Field("checklists", N_("Checklists to start"), "multi", checklist_choices),
)  # fmt: skip

CASE_KEYS = ("title", "variant", "safety_level", "confidential_1367", "mx_state", "us_state")


def intake_of(values: dict[str, Any]) -> Intake:
    """The form's flat values split into the case, the mother and the child."""

    def person(prefix: str) -> dict[str, Any]:
        return {
            key[len(prefix) :]: value
            for key, value in values.items()
            if key.startswith(prefix) and value not in (None, "", [])
        }

    return Intake(
        case={k: values.get(k) for k in CASE_KEYS},
        mother=person("mother_"),
        child=person("child_"),
        tracks=list(values.get("tracks") or []),
        checklists=list(values.get("checklists") or []),
    )


class NewCaseDialog(FormDialog):
    """Saved with Ctrl+Enter like every form; `result_value` is the new case's id."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        def submit(values: dict[str, Any]) -> object:
            with vault.session() as s:
                return open_case(s, intake_of(values)).id

        super().__init__(N_("New case"), FIELDS, submit, {}, parent)
        self.setObjectName("new_case")
        variant = self.inputs["variant"]
        assert isinstance(variant, QComboBox)
        variant.currentIndexChanged.connect(self._variant_chosen)
        self._ticked_by_variant: tuple[set[object], set[object]] = (set(), set())

    def _checked(self, name: str) -> set[object]:
        value = self._raw(next(f for f in self.fields if f.name == name))
        return set(value) if isinstance(value, list) else set()

    def _variant_chosen(self) -> None:
        """Tick what this kind of case usually needs; what the person ticked or
        unticked by hand stays as she left it."""
        variant = self.inputs["variant"]
        tracks_list = self.inputs["tracks"]
        assert isinstance(variant, QComboBox) and isinstance(tracks_list, QListWidget)
        chosen = variant.currentData()
        tracks: set[object] = set(VARIANT_TRACKS.get(chosen, ())) if chosen else set()
        usual = usual_checklists(chosen, list(VARIANT_TRACKS.get(chosen, ()))) if chosen else []
        checklists: set[object] = set(usual)
        old_tracks, old_checklists = self._ticked_by_variant
        own_tracks = self._checked("tracks") - old_tracks
        own_checklists = self._checked("checklists") - old_checklists
        self.set_values({"tracks": own_tracks | tracks, "checklists": own_checklists | checklists})
        self._ticked_by_variant = (tracks, checklists)
