"""What a new case of each kind usually needs: the legal tracks and the checklists
the new-case form ticks for the attorney (she can untick any). Data, not rules:
nothing is started that she did not see ticked.

Person-scoped checklists (passport, exit permit, nationality, derivative visa) are
about the child entered in the same form.
"""

from __future__ import annotations

from reunify.models.enums import CaseVariant, LegalTrack

VARIANT_TRACKS: dict[CaseVariant, tuple[LegalTrack, ...]] = {
    CaseVariant.TRAFFICKING_SURVIVOR: (
        LegalTrack.DOMESTIC_CUSTODY,
        LegalTrack.IMMIGRATION_DERIVATIVE,
    ),
    CaseVariant.DEPORTED_PARENT_CHILD_IN_US: (
        LegalTrack.US_DEPENDENCY,
        LegalTrack.NATIONALITY_REGISTRATION,
    ),
    CaseVariant.MIGRANT_SURVIVOR_IN_MEXICO: (
        LegalTrack.CRIMINAL_COMPLAINT,
        LegalTrack.MX_MIGRATION_STATUS,
        LegalTrack.MX_REFUGEE,
    ),
    CaseVariant.DV_SURVIVOR_STRANDED: (LegalTrack.VAWA, LegalTrack.US_CUSTODY),
    CaseVariant.CRIME_SURVIVOR_IN_US: (LegalTrack.IMMIGRATION_DERIVATIVE,),
    CaseVariant.NATIONALITY_REGISTRATION: (LegalTrack.NATIONALITY_REGISTRATION,),
    CaseVariant.OTHER: (),
}

# Checklists for the kind of case (before the tracks'): where the child is decides
# more than the track does (a derivative visa is T-3 for a trafficking survivor and
# U-3 for a crime survivor).
VARIANT_CHECKLISTS: dict[CaseVariant, tuple[str, ...]] = {
    CaseVariant.TRAFFICKING_SURVIVOR: (
        "safety_plan", "locate_child", "mx_passport_minor", "exit_permit_minor",
        "t3_derivative", "travel_reunion",
    ),
    CaseVariant.DEPORTED_PARENT_CHILD_IN_US: (
        "safety_plan", "us_dependency", "nationality_consular", "travel_reunion",
    ),
    CaseVariant.MIGRANT_SURVIVOR_IN_MEXICO: ("safety_plan", "mx_birth_registration"),
    CaseVariant.DV_SURVIVOR_STRANDED: ("safety_plan", "travel_reunion"),
    CaseVariant.CRIME_SURVIVOR_IN_US: ("safety_plan", "u3_derivative", "mx_passport_minor"),
    CaseVariant.NATIONALITY_REGISTRATION: ("nationality_insercion",),
    CaseVariant.OTHER: (),
}  # fmt: skip

TRACK_CHECKLISTS: dict[LegalTrack, tuple[str, ...]] = {
    LegalTrack.DOMESTIC_CUSTODY: ("custody_cnpcyf",),
    LegalTrack.DOMESTIC_RETURN: ("domestic_return",),
    LegalTrack.INTERNATIONAL_RETURN: ("international_return",),
    LegalTrack.US_DEPENDENCY: ("us_dependency",),
    LegalTrack.ADMINISTRATIVE_PROTECTION: ("administrative_protection",),
    LegalTrack.US_CUSTODY: ("us_custody",),
    LegalTrack.VAWA: ("vawa_self_petition", "immigrant_visa_nvc"),
    LegalTrack.MX_MIGRATION_STATUS: ("mx_humanitarian_visitor",),
    LegalTrack.MX_REFUGEE: ("comar_refugee",),
    LegalTrack.CRIMINAL_COMPLAINT: ("criminal_complaint",),
    LegalTrack.US_ASYLUM: ("us_asylum",),
}


def usual_checklists(
    variant: CaseVariant | None, tracks: tuple[LegalTrack, ...] | list[LegalTrack]
) -> list[str]:
    """Template ids in the order they are usually worked, each once."""
    found: list[str] = list(VARIANT_CHECKLISTS.get(variant, ())) if variant else []
    for track in tracks:
        found += [t for t in TRACK_CHECKLISTS.get(track, ()) if t not in found]
    return found
