"""A wholly invented demo caseload covering every case variant of DOMAIN.md.

Every name, place detail, number and file here is fictional. Built through the
real operations, so the demo exercises the same code paths the attorney uses.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from reunify import operations as ops
from reunify.errors import VaultExists
from reunify.fileio import replace, sidecar_paths
from reunify.invented import (
    STATES,
    fake_photo_png,
    fake_scan_pdf,
    invented_name,
    make_curp,
    plain_letters,
)
from reunify.models import (
    CalendarBase,
    CalendarEntryKind,
    Case,
    CaseStatus,
    CaseVariant,
    Checklist,
    ConsentScope,
    CourtCalendar,
    DeadlineUnit,
    Document,
    DocumentKind,
    ExitPermitType,
    FilingStatus,
    IssuerLevel,
    LegalTrack,
    OrganisationKind,
    PartyRole,
    Person,
    ProceduralRegime,
    ProceedingKind,
    ProceedingStatus,
    RelationshipKind,
    SafetyLevel,
    SearchReportKind,
    SearchReportStatus,
    StepState,
    TranslationDirection,
    TranslationType,
    TravelStatus,
)
from reunify.operations import checklists
from reunify.vault import Vault, anchors

DEMO_PASSPHRASE = "demo reunify 2026"
DEMO_OPERATOR = "Lic. Itzel Navarro Cuevas"


# -- building blocks ---------------------------------------------------------------


def _person(
    s: Session,
    given: str,
    pat: str,
    mat: str,
    born: date,
    sex: str,
    state: str | None,
    **fields: object,
) -> Person:
    curp = make_curp(given, pat, mat, born, "M" if sex == "F" else "H", state) if state else None
    return ops.create_person(
        s,
        given_names=given,
        paternal_surname=pat,
        maternal_surname=mat,
        birth_date=born,
        sex=sex,
        curp=curp,
        **fields,
    )


def _doc(
    s: Session,
    case: Case,
    kind: DocumentKind,
    title: str,
    persons: list[Person],
    pdf_lines: list[str] | None = None,
    **fields: object,
) -> Document:
    doc = ops.add_document(s, case, kind=kind, title=title, persons=persons, **fields)
    if pdf_lines is not None:
        name = plain_letters(title).lower().replace(" ", "-")[:40] + ".pdf"
        ops.attach_stream(s, doc, io.BytesIO(fake_scan_pdf(title, pdf_lines)), name)
    return doc


def consent_window(given: date, days: int, today: date | None = None) -> tuple[date, date]:
    """Dates of a demo consent given on `given` for `days`, valid on the day the demo is built.

    The demo's story is dated in 2026, but it is built on any day: a consent that
    would not yet be given, or would lapse within 90 days, is dated as signed again
    two weeks before today for the same length, as the attorney would have it renewed.
    """
    today = today or date.today()
    expires = given + timedelta(days=days)
    if given <= today and expires >= today + timedelta(days=90):
        return given, expires
    renewed = today - timedelta(days=14)
    return renewed, renewed + timedelta(days=days)


def _calendars(s: Session) -> dict[str, CourtCalendar]:
    tlax = ops.create_calendar(
        s,
        name="TSJ Tlaxcala 2026–2027",
        base=CalendarBase.MX_FEDERAL,
        jurisdiction="MX-TLA",
        notes="Calendario de ejemplo; confirme con la circular del Tribunal.",
    )
    for start, end, label in [
        (date(2026, 4, 2), date(2026, 4, 3), "Jueves y Viernes Santo"),
        (date(2026, 5, 5), None, "Batalla de Puebla"),
        (date(2026, 11, 2), None, "Día de Muertos"),
        (date(2026, 12, 12), None, "Día de la Virgen de Guadalupe"),
    ]:
        ops.add_calendar_entry(s, tlax, CalendarEntryKind.HOLIDAY, start, end, label)
    ops.add_calendar_entry(
        s,
        tlax,
        CalendarEntryKind.VACATION,
        date(2026, 7, 20),
        date(2026, 7, 31),
        "Primer periodo vacacional",
    )
    ops.add_calendar_entry(
        s,
        tlax,
        CalendarEntryKind.VACATION,
        date(2026, 12, 17),
        date(2027, 1, 6),
        "Segundo periodo vacacional",
    )
    ver = ops.create_calendar(
        s, name="TSJ Veracruz 2026", base=CalendarBase.MX_FEDERAL, jurisdiction="MX-VER"
    )
    for d, label in [
        (date(2026, 5, 10), "Día de las Madres"),
        (date(2026, 10, 12), "Día de la Raza"),
        (date(2026, 10, 21), "Día del Poder Judicial"),
        (date(2026, 11, 1), "Todos los Santos"),
        (date(2026, 11, 2), "Día de Muertos"),
    ]:
        ops.add_calendar_entry(s, ver, CalendarEntryKind.HOLIDAY, d, None, label)
    us = ops.create_calendar(s, name="US federal", base=CalendarBase.US_FEDERAL, jurisdiction="US")
    return {"tlaxcala": tlax, "veracruz": ver, "us": us}


# -- the five variants -------------------------------------------------------------


def _organisations(s: Session) -> None:
    """The attorney's address book: agencies, a consulate, the DIF, a court and counsel,
    each with someone to call (invented people; 555-01xx numbers are fictional)."""
    book = [
        (
            dict(
                name="Riverside County Children's Services (demo)",
                kind=OrganisationKind.CPS,
                country="US",
                state="CA",
                city="Riverside",
                phone="+1 951 555 0142",
                notes="Agencia del condado: cuidado temporal y plan de reunificación.",
            ),
            ("Marisol", "Quintero", "Vega", "Trabajadora social (Children's Social Worker)"),
        ),
        (
            dict(
                name="Consulado General de México en Los Ángeles",
                kind=OrganisationKind.MX_CONSULATE,
                country="US",
                state="CA",
                city="Los Ángeles",
                phone="+1 213 555 0160",
            ),
            ("Rodrigo", "Esparza", "Luna", "Departamento de Protección"),
        ),
        (
            dict(
                name="Sistema DIF Estatal Tlaxcala",
                kind=OrganisationKind.DIF,
                state="TLA",
                city="Tlaxcala de Xicohténcatl",
                phone="+52 246 555 0110",
            ),
            ("Araceli", "Mendoza", "Torres", "Trabajadora social"),
        ),
        (
            dict(
                name="Procuraduría de Protección de NNA del Estado de Tlaxcala",
                kind=OrganisationKind.PROCURADURIA_NNA,
                state="MX-TLA",
                city="Tlaxcala de Xicohténcatl",
            ),
            None,
        ),
        (
            dict(
                name="Juzgado Tercero de lo Familiar de Tlaxcala",
                kind=OrganisationKind.MX_COURT,
                state="MX-TLA",
                city="Tlaxcala de Xicohténcatl",
            ),
            ("Hortensia", "Flores", "Carrasco", "Secretaria de acuerdos"),
        ),
        (
            dict(
                name="Demo Immigration Counsel, NY",
                kind=OrganisationKind.LAW_FIRM,
                country="US",
                state="NY",
                city="Nueva York",
                phone="+1 212 555 0107",
            ),
            ("Gabriela", "Ruiz", "Ochoa", "Abogada de inmigración"),
        ),
    ]
    for fields, who in book:
        org = ops.create_organisation(s, **fields)
        if who is not None:
            given, paternal, maternal, position = who
            person = ops.create_person(
                s, given_names=given, paternal_surname=paternal, maternal_surname=maternal
            )
            ops.add_member(s, org, person, position=position)


def _trafficking_case(s: Session, cal: dict[str, CourtCalendar]) -> Case:
    case = ops.create_case(
        s,
        title="Familia Tecuatl Xochitiotzi",
        variant=CaseVariant.TRAFFICKING_SURVIVOR,
        status=CaseStatus.ACTIVE,
        safety_level=SafetyLevel.CRITICAL,
        confidential_1367=True,
        mx_state="TLA",
        mx_court="Juzgado Tercero de lo Familiar de Tlaxcala",
        us_state="NY",
        opened_on=date(2026, 3, 9),
        tracks=[
            LegalTrack.DOMESTIC_RETURN,
            LegalTrack.DOMESTIC_CUSTODY,
            LegalTrack.IMMIGRATION_DERIVATIVE,
        ],
        summary="Madre sobreviviente de trata con visa T en Nueva York; su hija permanece "
        "en Tlaxcala con familiares del tratante.",
        safety_notes="No contactar a la familia Cuamatzi sin plan de seguridad. "
        "Entregas solo con DIF y policía presentes.",
    )
    mother = _person(
        s,
        "Rosalba",
        "Tecuatl",
        "Xochitiotzi",
        date(1994, 8, 17),
        "F",
        "TL",
        birth_place="San Pablo del Monte, Tlaxcala",
        birth_country="MX",
        nationalities=["MX"],
        languages=["spa", "nah"],
        interpreter_needed=False,
        address_confidential=True,
        phone="+1 718 555 0143",
        a_number="212345678",
    )
    child = _person(
        s,
        "Ximena",
        "Tecuatl",
        "Xochitiotzi",
        date(2016, 5, 2),
        "F",
        "TL",
        birth_place="Tlaxcala de Xicohténcatl, Tlaxcala",
        birth_country="MX",
        nationalities=["MX"],
        languages=["spa"],
        address_confidential=True,
        birth_record_state="TLA",
        birth_record_municipality="Tlaxcala",
        birth_record_office="Oficialía 01",
        birth_record_book="3",
        birth_record_number="00457",
        physical_description="Cabello castaño oscuro, lunar pequeño en la mejilla izquierda.",
        medical_needs="Asma leve; usa inhalador.",
    )
    holder = _person(
        s,
        "Fermín",
        "Cuamatzi",
        "Pérez",
        date(1961, 1, 23),
        "M",
        "TL",
        birth_country="MX",
        nationalities=["MX"],
        languages=["spa"],
    )
    ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)
    ops.link_person(s, case, child, PartyRole.CHILD, is_primary=True)
    ops.link_person(
        s,
        case,
        holder,
        PartyRole.CAREGIVER,
        linked_to_trafficker=True,
        notes="Tío del tratante; retiene a la niña.",
    )
    ops.link_person(s, case, holder, PartyRole.ADVERSE_PARTY)
    ops.add_relationship(s, mother, RelationshipKind.MOTHER, child)
    ops.add_relationship(
        s, holder, RelationshipKind.RELATIVE_OF_TRAFFICKER, child, notes="Tío abuelo paterno"
    )
    ops.add_address(
        s,
        mother,
        street="(resguardado)",
        locality="Queens",
        state="NY",
        country="US",
        valid_from=date(2023, 2, 1),
        confidential=True,
        is_last_known=True,
    )
    ops.add_address(
        s,
        child,
        street="Calle Xicohténcatl 14",
        locality="Barrio de Jesús",
        municipality="San Pablo del Monte",
        state="TLA",
        postal_code="90970",
        valid_from=date(2022, 6, 1),
        is_last_known=True,
        confidential=True,
        source="Visita de trabajo social del DIF, 14 abr 2026",
    )
    ops.add_passport(
        s,
        mother,
        country="MX",
        number="G12345678",
        issued_on=date(2025, 9, 1),
        expires_on=date(2031, 9, 1),
    )
    fiscalia = ops.create_organisation(
        s,
        name="Fiscalía General de Justicia del Estado de Tlaxcala",
        kind=OrganisationKind.FISCALIA,
        state="MX-TLA",
        city="Tlaxcala",
    )
    agente = ops.create_person(s, given_names="Agente del MP (demo)", paternal_surname="")
    ops.add_member(s, fiscalia, agente, position="Agente del Ministerio Público")
    dif = ops.find_organisation(s, "Sistema DIF Estatal Tlaxcala")
    if dif is not None and dif.members:  # the social worker who visited the child
        ops.link_person(s, case, dif.members[0].person, PartyRole.SOCIAL_WORKER)
    ops.add_search_report(
        s,
        case,
        person_id=child.id,
        kind=SearchReportKind.FISCALIA_FILE,
        number="CI/TLX/FDS-II/0412/2026",
        authority_id=fiscalia.id,
        authority_name=fiscalia.name,
        filed_on=date(2026, 3, 16),
        status=SearchReportStatus.LOCATED,
        status_on=date(2026, 4, 14),
    )
    ops.add_search_report(
        s,
        case,
        person_id=child.id,
        kind=SearchReportKind.CONSULAR_FILE,
        number="PROT-NY-2026-0881",
        authority_name="Consulado General de México en Nueva York",
        filed_on=date(2026, 3, 10),
        status=SearchReportStatus.ACTIVE,
    )
    ops.add_search_report(
        s,
        case,
        person_id=child.id,
        kind=SearchReportKind.DIF_FILE,
        number="PPNNA-TLX-233/2026",
        **ops.authority_fields(s, "Procuraduría de Protección de NNA del Estado de Tlaxcala"),
        filed_on=date(2026, 3, 20),
        status=SearchReportStatus.ACTIVE,
    )
    restitucion = ops.add_proceeding(
        s,
        case,
        kind=ProceedingKind.DOMESTIC_RETURN,
        regime=ProceduralRegime.CNPCYF,
        **ops.authority_fields(s, "Juzgado Tercero de lo Familiar de Tlaxcala"),
        file_number="211/2026",
        jurisdiction="MX-TLA",
        stage="interim_measures",
        status=ProceedingStatus.IN_PROGRESS,
        filed_on=date(2026, 9, 28),
        calendar_id=cal["tlaxcala"].id,
    )
    ops.add_event(
        s,
        restitucion,
        on=date(2026, 9, 28),
        kind="filing",
        description="Solicitud de restitución con medidas provisionales.",
    )
    ops.add_event(
        s,
        restitucion,
        on=date(2026, 10, 1),
        kind="admission",
        notified_on=date(2026, 10, 2),
        description="Auto de admisión.",
    )
    ops.add_event(
        s,
        restitucion,
        on=date(2026, 12, 10),
        kind="service",
        notified_on=date(2026, 12, 10),
        description="Emplazamiento personal.",
    )
    ops.add_deadline(
        s,
        case,
        proceeding=restitucion,
        calendar=cal["tlaxcala"],
        title="Contestación de la demanda",
        trigger_event="Emplazamiento personal",
        trigger_date=date(2026, 12, 10),
        amount=9,
        unit=DeadlineUnit.BUSINESS_DAYS,
        legal_basis="CNPCyF art. 665",
    )
    ops.add_deadline(
        s,
        case,
        proceeding=restitucion,
        calendar=cal["tlaxcala"],
        title="Resolución sobre la restitución",
        trigger_event="Presentación de la solicitud",
        trigger_date=date(2026, 9, 28),
        amount=3,
        unit=DeadlineUnit.BUSINESS_DAYS,
        legal_basis="CNPCyF art. 629 y ss.",
    )
    acta = _doc(
        s,
        case,
        DocumentKind.BIRTH_RECORD,
        "Acta de nacimiento de Ximena (copia certificada)",
        [child, mother],
        [
            "Registro Civil del Estado de Tlaxcala",
            "Libro 3, acta 00457",
            "Nombre: Ximena Tecuatl Xochitiotzi",
        ],
        issuer="Registro Civil del Estado de Tlaxcala",
        issuer_level=IssuerLevel.MX_STATE,
        issuer_country="MX",
        issuer_state="MX-TLA",
        issued_on=date(2026, 4, 20),
        language="spa",
        original_location="Archivo de la oficina, carpeta 12",
    )
    ops.record_apostille(
        s,
        acta,
        authority="Secretaría de Gobierno del Estado de Tlaxcala",
        country="MX",
        state="MX-TLA",
        number="TLX-AP-2026-118734",
        issued_on=date(2026, 5, 6),
        verification="Código de verificación 7Q2-KM9-PL4",
    )
    trad = _doc(
        s,
        case,
        DocumentKind.TRANSLATION,
        "Birth record of Ximena (certified translation)",
        [child],
        ["Certified English translation", "Birth record and apostille"],
        issuer="Translator (demo)",
        issuer_level=IssuerLevel.PRIVATE,
        language="eng",
        issued_on=date(2026, 5, 12),
    )
    ops.record_translation(
        s,
        acta,
        direction=TranslationDirection.ES_EN,
        type=TranslationType.USCIS_CERTIFICATION,
        translated=trad,
        translator_name="Translator (demo)",
        includes_apostille=True,
        certified_on=date(2026, 5, 12),
        checked=True,
    )
    photo = ops.add_document(
        s,
        case,
        kind=DocumentKind.PHOTO,
        title="Fotografía reciente",
        persons=[child],
        issued_on=date(2026, 4, 14),
    )
    ops.attach_stream(s, photo, io.BytesIO(fake_photo_png(1)), "foto-2026-04-14.png")
    ops.add_filing(
        s,
        case,
        beneficiary_id=child.id,
        principal_id=mother.id,
        form="I-914 Supplement A",
        category="T-3",
        receipt_number="EAC2690123456",
        status=FilingStatus.RECEIPTED,
        filed_on=date(2026, 6, 2),
        consular_post="Ciudad de México",
        us_counsel="Demo Immigration Counsel, NY",
    )
    ops.add_protection_measure(
        s,
        case,
        protected_id=child.id,
        against_id=holder.id,
        authority_name="Procuraduría de Protección de NNA del Estado de Tlaxcala",
        kind="Medida urgente de protección: visitas de seguimiento",
        file_number="MUP-77/2026",
        ordered_on=date(2026, 4, 15),
        expires_on=date(2027, 4, 15),
    )
    t3_given, t3_expires = consent_window(date(2026, 5, 20), 365)
    ops.record_consent(
        s,
        case,
        person_id=mother.id,
        recipient="Demo Immigration Counsel, NY",
        purpose="Solicitud I-914 Suplemento A (T-3)",
        scope=[
            ConsentScope.IDENTITY,
            ConsentScope.DOCUMENTS,
            ConsentScope.CASE_FACTS,
            ConsentScope.IMMIGRATION,
        ],
        given_on=t3_given,
        expires_on=t3_expires,
    )
    ops.plan_travel(
        s,
        case,
        traveller_id=child.id,
        escort="Acompañante de OIM (por confirmar)",
        iom_referral_on=date(2026, 6, 10),
        exit_permit=ExitPermitType.COURT,
        departure_place="Aeropuerto Internacional de la Ciudad de México",
        arrival_place="Nueva York (JFK)",
        status=TravelStatus.PLANNING,
    )
    _trafficking_checklists(s, case, cal, acta, child)
    ops.add_note(
        s,
        case,
        "La madre prefiere llamadas los martes por la tarde; usar intérprete "
        "solo si la niña habla en náhuatl.",
        pinned=True,
    )
    return case


def _done(s: Session, checklist: Checklist, keys: list[str], on: date) -> None:
    steps = {st.key: st for st in checklist.steps}
    for key in keys:
        checklists.complete_step(s, steps[key], on=on)


def _trafficking_checklists(
    s: Session, case: Case, cal: dict[str, CourtCalendar], acta: Document, child: Person
) -> None:
    plan = checklists.start_checklist(s, case, "safety_plan", started_on=date(2026, 3, 9))
    _done(s, plan, [st.key for st in plan.steps], date(2026, 3, 12))
    locate = checklists.start_checklist(s, case, "locate_child", started_on=date(2026, 3, 9))
    steps = {st.key: st for st in locate.steps}
    checklists.set_step_state(
        s, steps["interpol"], StepState.NOT_APPLICABLE, "La niña está en Tlaxcala"
    )
    _done(
        s,
        locate,
        [
            "intake",
            "identifiers",
            "consulate_report",
            "prosecutor_report",
            "welfare_visit",
            "verify_location",
            "choose_track",
        ],
        date(2026, 4, 14),
    )
    ret = checklists.start_checklist(
        s, case, "domestic_return", calendar=cal["tlaxcala"], started_on=date(2026, 9, 21)
    )
    _done(s, ret, ["eligibility", "request"], date(2026, 9, 25))
    checklists.set_step_state(s, {st.key: st for st in ret.steps}["file"], StepState.IN_PROGRESS)
    custody = checklists.start_checklist(
        s, case, "custody_cnpcyf", calendar=cal["tlaxcala"], started_on=date(2026, 9, 21)
    )
    _done(s, custody, ["court_and_regime", "evidence"], date(2026, 9, 30))
    apost = checklists.start_checklist(
        s, case, "apostille", document=acta, started_on=date(2026, 4, 20)
    )
    _done(s, apost, [st.key for st in apost.steps], date(2026, 5, 6))
    checklists.start_checklist(s, case, "t3_derivative", person=child, started_on=date(2026, 5, 20))


def _deported_mother_case(s: Session, cal: dict[str, CourtCalendar]) -> Case:
    case = ops.create_case(
        s,
        title="Familia Santiago Bautista",
        variant=CaseVariant.DEPORTED_PARENT_CHILD_IN_US,
        status=CaseStatus.ACTIVE,
        safety_level=SafetyLevel.MEDIUM,
        mx_state="OAX",
        us_state="TX",
        opened_on=date(2026, 1, 19),
        tracks=[LegalTrack.US_DEPENDENCY, LegalTrack.NATIONALITY_REGISTRATION],
        summary="Madre deportada a Oaxaca; su hijo nacido en EE. UU. está en cuidado temporal "
        "del estado de Texas.",
    )
    mother = _person(
        s,
        "Eufemia",
        "Santiago",
        "Bautista",
        date(1990, 11, 30),
        "F",
        "OC",
        birth_place="San Juan Mixtepec, Oaxaca",
        birth_country="MX",
        nationalities=["MX"],
        languages=["mix", "spa"],
        interpreter_needed=True,
        phone="+52 951 555 0199",
    )
    child = ops.create_person(
        s,
        given_names="Isaac",
        paternal_surname="Santiago",
        maternal_surname="Bautista",
        birth_date=date(2019, 7, 4),
        sex="M",
        birth_place="Houston, Texas",
        birth_country="US",
        nationalities=["US"],
        languages=["eng", "spa"],
    )
    ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)
    ops.link_person(s, case, child, PartyRole.CHILD, is_primary=True)
    ops.add_relationship(s, mother, RelationshipKind.MOTHER, child)
    dependency = ops.add_proceeding(
        s,
        case,
        kind=ProceedingKind.US_DEPENDENCY,
        regime=ProceduralRegime.US_STATE,
        authority_name="Harris County District Court (demo)",
        file_number="2025-DEMO-04417J",
        jurisdiction="US-TX",
        stage="review_hearing",
        status=ProceedingStatus.IN_PROGRESS,
        filed_on=date(2025, 10, 6),
        calendar_id=cal["us"].id,
    )
    ops.add_deadline(
        s,
        case,
        proceeding=dependency,
        title="ASFA: 15 de los últimos 22 meses en cuidado temporal",
        trigger_event="Ingreso del niño a cuidado temporal",
        trigger_date=date(2025, 10, 6),
        amount=15,
        unit=DeadlineUnit.MONTHS,
        legal_basis="ASFA 1997, 42 U.S.C. 675(5)(E)",
    )
    ops.add_deadline(
        s,
        case,
        proceeding=dependency,
        calendar=cal["us"],
        title="Audiencia de revisión (por video)",
        trigger_event="Orden de la audiencia anterior",
        trigger_date=date(2026, 9, 14),
        amount=90,
        unit=DeadlineUnit.CALENDAR_DAYS,
        legal_basis="Plan de caso",
    )
    ops.add_search_report(
        s,
        case,
        person_id=child.id,
        kind=SearchReportKind.CONSULAR_FILE,
        number="PROT-HOU-2026-0117",
        authority_name="Consulado General de México en Houston",
        filed_on=date(2026, 1, 22),
        status=SearchReportStatus.ACTIVE,
    )
    cert = _doc(
        s,
        case,
        DocumentKind.US_BIRTH_CERTIFICATE,
        "Certificado de nacimiento de Isaac (forma larga)",
        [child],
        ["Texas Department of State Health Services (demo)", "Long form"],
        issuer="Texas Vital Statistics",
        issuer_level=IssuerLevel.US_STATE,
        issuer_country="US",
        issuer_state="US-TX",
        issued_on=date(2026, 2, 11),
        language="eng",
    )
    ops.record_apostille(
        s,
        cert,
        authority="Texas Secretary of State",
        country="US",
        state="US-TX",
        number="TX-2026-55120",
        issued_on=date(2026, 2, 25),
    )
    ops.record_translation(
        s,
        cert,
        direction=TranslationDirection.EN_ES,
        type=TranslationType.PERITO,
        translator_name="Perito traductor (demo)",
        translator_registry="TSJ Oaxaca",
        includes_apostille=True,
    )
    _doc(
        s,
        case,
        DocumentKind.DIF_REPORT,
        "Estudio socioeconómico del hogar (DIF Oaxaca)",
        [mother],
        ["Estudio solicitado por el consulado", "Resultado: hogar adecuado"],
        issuer="Sistema DIF Oaxaca",
        issuer_level=IssuerLevel.MX_STATE,
        issuer_country="MX",
        issuer_state="MX-OAX",
        issued_on=date(2026, 6, 30),
    )
    ops.record_consent(
        s,
        case,
        person_id=mother.id,
        recipient="Harris County Child Protective Services (demo)",
        purpose="Plan de caso y audiencia de revisión",
        scope=[ConsentScope.IDENTITY, ConsentScope.ADDRESSES, ConsentScope.CASE_FACTS],
        given_on=date(2026, 2, 1),
        expires_on=date(2026, 8, 1),
    )
    # Renewed for the review hearing, now for Isaac's file too: Eufemia signs as his mother.
    given, expires = consent_window(date(2026, 8, 3), 182)
    ops.record_consent(
        s,
        case,
        person_id=child.id,
        guardian_id=mother.id,
        recipient="Harris County CPS — trabajadora social Lorena Whitaker (demo)",
        purpose="Plan de reunificación: estudio del hogar en Oaxaca y audiencia de revisión",
        scope=[
            ConsentScope.IDENTITY,
            ConsentScope.ADDRESSES,
            ConsentScope.CASE_FACTS,
            ConsentScope.DOCUMENTS,
        ],
        given_on=given,
        expires_on=expires,
    )
    dep = checklists.start_checklist(
        s, case, "us_dependency", started_on=date(2026, 1, 19), trigger_on=date(2025, 10, 6)
    )
    _done(s, dep, ["contact_agency", "consulate", "removal_hearing"], date(2026, 1, 20))
    _done(s, dep, ["adjudication", "disposition", "case_plan"], date(2026, 2, 2))
    ops.add_note(s, case, "Audiencia por video: pedir intérprete de mixteco con anticipación.")
    return case


def _migrant_case(s: Session) -> Case:
    case = ops.create_case(
        s,
        title="Familia Orellana Mejía",
        variant=CaseVariant.MIGRANT_SURVIVOR_IN_MEXICO,
        status=CaseStatus.ACTIVE,
        safety_level=SafetyLevel.HIGH,
        mx_state="CHP",
        opened_on=date(2026, 5, 4),
        tracks=[
            LegalTrack.MX_MIGRATION_STATUS,
            LegalTrack.CRIMINAL_COMPLAINT,
            LegalTrack.NATIONALITY_REGISTRATION,
        ],
        summary="Sobreviviente hondureña en Tapachula; visa humanitaria como víctima de delito; "
        "registro de nacimiento de su bebé nacida en México.",
    )
    mother = ops.create_person(
        s,
        given_names="Dilcia Marisol",
        paternal_surname="Orellana",
        maternal_surname="Mejía",
        birth_date=date(1999, 2, 14),
        sex="F",
        birth_place="San Pedro Sula, Cortés",
        birth_country="HN",
        nationalities=["HN"],
        languages=["spa"],
        address_confidential=True,
    )
    baby = ops.create_person(
        s,
        given_names="Abril",
        paternal_surname="Orellana",
        maternal_surname="",
        birth_date=date(2026, 3, 28),
        sex="F",
        birth_place="Tapachula, Chiapas",
        birth_country="MX",
        nationalities=["MX", "HN"],
    )
    ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)
    ops.link_person(s, case, baby, PartyRole.CHILD, is_primary=True)
    ops.add_relationship(s, mother, RelationshipKind.MOTHER, baby)
    # The baby's father was killed on the way north: his consent can never be asked for.
    father = ops.create_person(
        s,
        given_names="Josué Isaac",
        paternal_surname="Paz",
        maternal_surname="Rivera",
        birth_date=date(1997, 7, 9),
        deceased_on=date(2026, 1, 17),
        sex="M",
        birth_place="Choloma, Cortés",
        birth_country="HN",
        nationalities=["HN"],
    )
    ops.link_person(s, case, father, PartyRole.OTHER_PARENT)
    ops.add_relationship(s, father, RelationshipKind.FATHER, baby)
    ops.add_relationship(s, mother, RelationshipKind.SPOUSE, father)
    ops.add_proceeding(
        s,
        case,
        kind=ProceedingKind.MIGRATION_STATUS,
        regime=ProceduralRegime.ADMINISTRATIVE,
        authority_name="Instituto Nacional de Migración, Tapachula",
        file_number="INM-CHIS-2026-3310",
        jurisdiction="MX-CHP",
        status=ProceedingStatus.FILED,
        filed_on=date(2026, 5, 12),
    )
    ops.add_proceeding(
        s,
        case,
        kind=ProceedingKind.CRIMINAL_COMPLAINT,
        regime=ProceduralRegime.STATE_FORMER_CODE,
        authority_name="Fiscalía de Atención a Inmigrantes (demo)",
        file_number="CI-FAI/0098/2026",
        jurisdiction="MX-CHP",
        status=ProceedingStatus.IN_PROGRESS,
        filed_on=date(2026, 5, 8),
    )
    ops.add_address(
        s,
        mother,
        street="(albergue, resguardado)",
        locality="Tapachula",
        state="CHP",
        country="MX",
        valid_from=date(2026, 4, 1),
        confidential=True,
        is_last_known=True,
    )
    ops.add_note(s, case, "Canalizada a refugio; no compartir ubicación del albergue.")
    # Her checklists: the complaint came first (it is the proof INM asks for), then the
    # humanitarian visitor card; the baby's birth is registered at the civil registry.
    plan = checklists.start_checklist(s, case, "safety_plan", started_on=date(2026, 5, 4))
    _done(s, plan, [st.key for st in plan.steps], date(2026, 5, 5))
    complaint = checklists.start_checklist(
        s, case, "criminal_complaint", started_on=date(2026, 5, 4)
    )
    _done(s, complaint, ["intake"], date(2026, 5, 6))
    _done(s, complaint, ["file_complaint"], date(2026, 5, 8))
    _doc(s, case, DocumentKind.PROSECUTOR_REPORT, "Constancia de denuncia CI-FAI/0098/2026",
         [mother], issued_on=date(2026, 5, 8))  # fmt: skip
    _done(s, complaint, ["copies"], date(2026, 5, 11))
    visitor = checklists.start_checklist(
        s, case, "mx_humanitarian_visitor", started_on=date(2026, 5, 8)
    )
    _done(s, visitor, ["prosecutor_proof", "identity_documents"], date(2026, 5, 11))
    _done(s, visitor, ["file_at_inm"], date(2026, 5, 12))
    birth = checklists.start_checklist(
        s, case, "mx_birth_registration", person=baby, started_on=date(2026, 5, 4)
    )
    _done(s, birth, ["birth_certificate", "mother_identity"], date(2026, 5, 6))
    return case


def _dv_stranded_case(s: Session) -> Case:
    case = ops.create_case(
        s,
        title="Familia Villaseñor Ayala",
        variant=CaseVariant.DV_SURVIVOR_STRANDED,
        status=CaseStatus.ON_HOLD,
        safety_level=SafetyLevel.HIGH,
        confidential_1367=True,
        mx_state="MIC",
        us_state="CA",
        opened_on=date(2025, 11, 3),
        tracks=[LegalTrack.VAWA, LegalTrack.US_CUSTODY],
        summary="Sobreviviente de violencia familiar abandonada en Michoacán por su agresor "
        "ciudadano estadounidense; el hijo está en California con él.",
    )
    mother = _person(
        s,
        "Maricruz",
        "Villaseñor",
        "Ayala",
        date(1988, 4, 9),
        "F",
        "MN",
        birth_place="Zamora, Michoacán",
        birth_country="MX",
        nationalities=["MX"],
        languages=["spa"],
        address_confidential=True,
    )
    child = ops.create_person(
        s,
        given_names="Leonardo",
        paternal_surname="Whitfield",
        maternal_surname="Villaseñor",
        birth_date=date(2017, 12, 1),
        sex="M",
        birth_place="Fresno, California",
        birth_country="US",
        nationalities=["US", "MX"],
        languages=["eng", "spa"],
    )
    abuser = ops.create_person(
        s,
        given_names="Dale",
        paternal_surname="Whitfield",
        birth_country="US",
        nationalities=["US"],
        languages=["eng"],
    )
    ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)
    ops.link_person(s, case, child, PartyRole.CHILD, is_primary=True)
    ops.link_person(s, case, abuser, PartyRole.ADVERSE_PARTY)
    ops.add_relationship(s, mother, RelationshipKind.MOTHER, child)
    ops.add_relationship(s, abuser, RelationshipKind.FATHER, child)
    ops.add_relationship(s, abuser, RelationshipKind.FORMER_PARTNER, mother)
    ops.add_filing(
        s,
        case,
        beneficiary_id=mother.id,
        form="I-360",
        category="VAWA",
        receipt_number="IOE0912345678",
        status=FilingStatus.FILED,
        filed_on=date(2026, 2, 17),
    )
    given, expires = consent_window(date(2026, 3, 2), 365)
    ops.record_consent(
        s,
        case,
        person_id=mother.id,
        recipient="Fresno Family Law Clinic (demo), abogada Rosaura Beltrán",
        purpose="Custodia de Leonardo en California (UCCJEA) y orden de protección",
        scope=[
            ConsentScope.IDENTITY,
            ConsentScope.CASE_FACTS,
            ConsentScope.DOCUMENTS,
            ConsentScope.ADVERSE_PARTY,
        ],
        given_on=given,
        expires_on=expires,
    )
    ops.add_note(s, case, "En pausa hasta la decisión de USCIS sobre el I-360.")
    vawa = checklists.start_checklist(s, case, "vawa_self_petition", started_on=date(2025, 11, 3))
    _done(s, vawa, ["eligibility"], date(2025, 11, 10))
    _doc(s, case, DocumentKind.MARRIAGE_RECORD, "Acta de matrimonio Villaseñor–Whitfield",
         [mother, abuser], issued_on=date(2025, 12, 1))  # fmt: skip
    _doc(s, case, DocumentKind.BIRTH_RECORD, "Acta de nacimiento de Maricruz Villaseñor Ayala",
         [mother], issued_on=date(2025, 12, 1))  # fmt: skip
    evidence = ["confidentiality", "relationship", "good_faith", "abuse", "moral_character"]
    _done(s, vawa, evidence, date(2026, 1, 30))
    _done(s, vawa, ["consent_to_share", "filed"], date(2026, 2, 17))
    checklists.start_checklist(s, case, "us_custody", started_on=date(2026, 3, 2))
    return case


def _crime_survivor_case(s: Session) -> Case:
    case = ops.create_case(
        s,
        title="Familia Nava Cisneros",
        variant=CaseVariant.CRIME_SURVIVOR_IN_US,
        status=CaseStatus.REUNIFIED,
        safety_level=SafetyLevel.MEDIUM,
        confidential_1367=True,
        mx_state="GRO",
        us_state="IL",
        opened_on=date(2024, 8, 12),
        tracks=[LegalTrack.IMMIGRATION_DERIVATIVE],
        summary="Madre con visa U en Chicago; sus dos hijos en Guerrero como derivados U-3.",
    )
    mother = _person(
        s,
        "Zenaida",
        "Nava",
        "Cisneros",
        date(1986, 6, 21),
        "F",
        "GR",
        birth_place="Tlapa de Comonfort, Guerrero",
        birth_country="MX",
        nationalities=["MX"],
        languages=["spa", "tcf"],
        a_number="098765432",
    )
    ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)
    children = []
    for given, born, sex, receipt in [
        ("Santiago", date(2011, 10, 2), "M", "LIN2490011223"),
        ("Renata", date(2014, 3, 15), "F", "LIN2490011224"),
    ]:
        child = _person(
            s,
            given,
            "Nava",
            "Cisneros",
            born,
            sex,
            "GR",
            birth_country="MX",
            nationalities=["MX"],
            languages=["spa"],
        )
        ops.link_person(s, case, child, PartyRole.CHILD)
        ops.add_relationship(s, mother, RelationshipKind.MOTHER, child)
        ops.add_filing(
            s,
            case,
            beneficiary_id=child.id,
            principal_id=mother.id,
            form="I-918 Supplement A",
            category="U-3",
            receipt_number=receipt,
            status=FilingStatus.ADMITTED,
            filed_on=date(2024, 9, 30),
            approved_on=date(2026, 1, 20),
            consular_post="Ciudad Juárez",
            interview_on=date(2026, 5, 7),
            visa_issued_on=date(2026, 5, 14),
            admitted_on=date(2026, 6, 2),
            i94_number="DEMO0000000",
        )
        children.append(child)
    plan = ops.plan_travel(
        s,
        case,
        traveller_id=children[0].id,
        escort="Tía materna",
        exit_permit=ExitPermitType.NOTARIAL,
        departure_place="Acapulco",
        arrival_place="Chicago O'Hare",
        planned_on=date(2026, 6, 2),
        travelled_on=date(2026, 6, 2),
        safety_plan_done=True,
        status=TravelStatus.IN_TRANSIT,
    )
    ops.record_reunion(s, case, plan, on=date(2026, 6, 2), place="Chicago, Illinois")
    signed, expires = consent_window(date(2026, 7, 6), 365)
    ops.record_consent(
        s,
        case,
        person_id=mother.id,
        recipient="Centro Legal Pilsen (demo), Chicago",
        purpose="Derivados U-3: expediente para el ajuste de estatus (I-485) de Santiago y Renata",
        scope=[
            ConsentScope.IDENTITY,
            ConsentScope.DOCUMENTS,
            ConsentScope.IMMIGRATION,
            ConsentScope.TRAVEL,
        ],
        given_on=signed,
        expires_on=expires,
    )
    ops.add_note(s, case, "Reunificados; seguimiento escolar en septiembre.")
    return case


# -- a fuller list for the case table ---------------------------------------------


def _extra_cases(s: Session, count: int, seed: int) -> None:
    rng = random.Random(seed)
    variants = list(CaseVariant)
    for _ in range(count):
        state, curp_state = rng.choice(STATES)
        mom = invented_name(rng, female=True)
        kid = invented_name(rng, female=rng.random() < 0.5, surnames=(mom.paternal, mom.maternal))
        opened = date(2025, 1, 6) + timedelta(days=rng.randrange(0, 650))
        case = ops.create_case(
            s,
            title=f"Familia {mom.paternal} {mom.maternal}",
            variant=rng.choice(variants),
            status=rng.choice(
                [
                    CaseStatus.INTAKE,
                    CaseStatus.ACTIVE,
                    CaseStatus.ACTIVE,
                    CaseStatus.ON_HOLD,
                    CaseStatus.CLOSED,
                ]
            ),
            safety_level=rng.choice(list(SafetyLevel)),
            mx_state=state,
            opened_on=opened,
        )
        mother = _person(
            s,
            mom.given,
            mom.paternal,
            mom.maternal,
            date(1980 + rng.randrange(20), rng.randrange(1, 13), rng.randrange(1, 28)),
            mom.sex,
            curp_state,
            birth_country="MX",
            nationalities=["MX"],
            languages=["spa"],
        )
        child = _person(
            s,
            kid.given,
            kid.paternal,
            kid.maternal,
            date(2010 + rng.randrange(14), rng.randrange(1, 13), rng.randrange(1, 28)),
            kid.sex,
            curp_state,
            birth_country="MX",
            nationalities=["MX"],
        )
        ops.link_person(s, case, mother, PartyRole.CLIENT, is_primary=True)
        ops.link_person(s, case, child, PartyRole.CHILD, is_primary=True)
        ops.add_relationship(s, mother, RelationshipKind.MOTHER, child)
        ops.add_note(s, case, f"Primera entrevista el {opened:%d/%m/%Y}.")


def populate(session: Session, *, extra_cases: int = 12, seed: int = 2026) -> list[Case]:
    cal = _calendars(session)
    _organisations(session)
    cases = [
        _trafficking_case(session, cal),
        _deported_mother_case(session, cal),
        _migrant_case(session),
        _dv_stranded_case(session),
        _crime_survivor_case(session),
    ]
    _extra_cases(session, extra_cases, seed)
    return cases


def create_demo_vault(
    path: Path | str, passphrase: str = DEMO_PASSPHRASE, *, extra_cases: int = 12
) -> Vault:
    """Build the demo under a temporary name and rename it when complete.

    An interrupted build then never leaves a half-filled demo at the real path.
    """
    path = Path(path)
    if path.exists():
        raise VaultExists(path=str(path))
    building = path.with_name(path.name + ".building")
    for stale in [building, *sidecar_paths(building)]:
        stale.unlink(missing_ok=True)
    vault = Vault.create(building, passphrase, operator=DEMO_OPERATOR)
    try:
        with vault.session() as s:
            populate(s, extra_cases=extra_cases)
    except BaseException:
        vault.close()
        for partial in [building, *sidecar_paths(building)]:
            partial.unlink(missing_ok=True)
        raise
    with vault.session() as s:
        demo_id = anchors.vault_id(s)
    vault.close()
    replace(building, path)  # retried while Windows antivirus holds the file
    anchors.claim_path(path, demo_id)  # a new demo, not another vault put in the old one's place
    return Vault.open(path, passphrase)


def ensure_demo_vault() -> Path:
    """The demo vault in the data folder, built the first time it is asked for."""
    from reunify.paths import demo_vault_path

    path = demo_vault_path()
    if not path.exists():
        create_demo_vault(path).close()
    return path
