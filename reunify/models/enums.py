"""Closed vocabularies of the domain (DOMAIN.md). Values are stored as text.

Labels for people live in reunify/labels.py (translated); these values never change
once shipped because they are stored in vaults.
"""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    INTAKE = "intake"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    REUNIFIED = "reunified"  # an outcome: follow-up goes on, so it is not "closed"
    CLOSED = "closed"


class CaseVariant(StrEnum):
    TRAFFICKING_SURVIVOR = "trafficking_survivor"
    DEPORTED_PARENT_CHILD_IN_US = "deported_parent_child_in_us"
    MIGRANT_SURVIVOR_IN_MEXICO = "migrant_survivor_in_mexico"
    DV_SURVIVOR_STRANDED = "dv_survivor_stranded"
    CRIME_SURVIVOR_IN_US = "crime_survivor_in_us"
    NATIONALITY_REGISTRATION = "nationality_registration"
    OTHER = "other"


class LegalTrack(StrEnum):
    DOMESTIC_CUSTODY = "domestic_custody"
    DOMESTIC_RETURN = "domestic_return"
    INTERNATIONAL_RETURN = "international_return"
    ADMINISTRATIVE_PROTECTION = "administrative_protection"
    US_DEPENDENCY = "us_dependency"
    US_CUSTODY = "us_custody"
    IMMIGRATION_DERIVATIVE = "immigration_derivative"
    VAWA = "vawa"
    MX_MIGRATION_STATUS = "mx_migration_status"
    NATIONALITY_REGISTRATION = "nationality_registration"
    CRIMINAL_COMPLAINT = "criminal_complaint"
    MX_REFUGEE = "mx_refugee"  # refugee recognition before COMAR
    US_ASYLUM = "us_asylum"  # I-589 with a derivative child, I-730 follow-to-join


class SafetyLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class PartyRole(StrEnum):
    CLIENT = "client"  # usually the mother
    CHILD = "child"
    OTHER_PARENT = "other_parent"
    CAREGIVER = "caregiver"  # who holds the child now
    ADVERSE_PARTY = "adverse_party"
    WITNESS = "witness"
    OFFICIAL = "official"
    TRANSLATOR = "translator"
    NOTARY = "notary"
    US_COUNSEL = "us_counsel"
    INTERPRETER = "interpreter"
    SOCIAL_WORKER = "social_worker"  # of the DIF, a CPS agency, an NGO
    SUPPORT = "support"  # relative or NGO worker supporting the client
    OTHER = "other"


class RelationshipKind(StrEnum):
    """Read as: person A is the <kind> of person B."""

    MOTHER = "mother"
    FATHER = "father"
    LEGAL_GUARDIAN = "legal_guardian"
    GRANDPARENT = "grandparent"
    SIBLING = "sibling"
    AUNT_UNCLE = "aunt_uncle"
    SPOUSE = "spouse"
    PARTNER = "partner"
    FORMER_PARTNER = "former_partner"
    CAREGIVER = "caregiver"
    RELATIVE_OF_TRAFFICKER = "relative_of_trafficker"
    OTHER = "other"


class OrganisationKind(StrEnum):
    """What an organisation is; its label says it in the attorney's words."""

    DIF = "dif"
    PROCURADURIA_NNA = "procuraduria_nna"
    FISCALIA = "fiscalia"
    SEARCH_COMMISSION = "search_commission"
    MX_CONSULATE = "mx_consulate"
    MX_COURT = "mx_court"
    SRE = "sre"
    SEGOB = "segob"
    INM = "inm"
    COMAR = "comar"  # refugee commission: asylum in Mexico
    CIVIL_REGISTRY = "civil_registry"
    STATE_GOVERNMENT = "state_government"
    NOTARY = "notary"
    USCIS = "uscis"
    US_CONSULATE = "us_consulate"
    US_COURT = "us_court"
    CPS = "cps"
    US_SECRETARY_OF_STATE = "us_secretary_of_state"
    IOM = "iom"
    NGO = "ngo"
    LEGAL_AID = "legal_aid"  # a clinic or legal-aid office that represents clients
    LAW_FIRM = "law_firm"  # e.g. US counsel's firm
    OTHER = "other"


class SearchReportKind(StrEnum):
    FISCALIA_FILE = "fiscalia_file"
    AMBER_ALERT = "amber_alert"
    CNB_RECORD = "cnb_record"
    NATIONAL_SEARCH_ALERT = "national_search_alert"
    CONSULAR_FILE = "consular_file"
    DIF_FILE = "dif_file"
    INTERPOL_YELLOW = "interpol_yellow"
    OTHER = "other"


class SearchReportStatus(StrEnum):
    DRAFT = "draft"
    FILED = "filed"
    ACTIVE = "active"
    LOCATED = "located"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class ProceedingKind(StrEnum):
    CUSTODY = "custody"
    LOSS_OF_PARENTAL_AUTHORITY = "loss_of_parental_authority"
    DOMESTIC_RETURN = "domestic_return"
    INTERNATIONAL_RETURN = "international_return"
    PROTECTION_MEASURES = "protection_measures"
    CRIMINAL_COMPLAINT = "criminal_complaint"
    BIRTH_REGISTRATION = "birth_registration"
    MIGRATION_STATUS = "migration_status"
    AMPARO = "amparo"
    US_DEPENDENCY = "us_dependency"
    US_CUSTODY = "us_custody"
    OTHER = "other"


class ProceduralRegime(StrEnum):
    CNPCYF = "cnpcyf"  # national code, once the state has declared it in force
    STATE_FORMER_CODE = "state_former_code"
    FEDERAL = "federal"
    ADMINISTRATIVE = "administrative"
    US_STATE = "us_state"
    US_FEDERAL = "us_federal"


class ProceedingStatus(StrEnum):
    PREPARING = "preparing"
    FILED = "filed"
    IN_PROGRESS = "in_progress"
    SUSPENDED = "suspended"
    DECIDED = "decided"
    FINAL = "final"
    CLOSED = "closed"


class DeadlineUnit(StrEnum):
    BUSINESS_DAYS = "business_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"
    NONE = "none"  # "at any time", or a date set by a person


class DeadlineStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    MISSED = "missed"
    CANCELLED = "cancelled"


class CalendarEntryKind(StrEnum):
    HOLIDAY = "holiday"
    VACATION = "vacation"
    WORKING_DAY = "working_day"  # a declared working day that the base calls a holiday


class CalendarBase(StrEnum):
    MX_FEDERAL = "mx_federal"  # Ley Federal del Trabajo art. 74
    US_FEDERAL = "us_federal"
    NONE = "none"


class DocumentKind(StrEnum):
    BIRTH_RECORD = "birth_record"
    US_BIRTH_CERTIFICATE = "us_birth_certificate"
    CURP = "curp"
    PASSPORT = "passport"
    ID_CARD = "id_card"
    MARRIAGE_RECORD = "marriage_record"
    DEATH_RECORD = "death_record"
    COURT_ORDER = "court_order"
    JUDGMENT = "judgment"
    FINAL_JUDGMENT_CERTIFICATE = "final_judgment_certificate"
    POWER_OF_ATTORNEY = "power_of_attorney"
    PROSECUTOR_REPORT = "prosecutor_report"
    DIF_REPORT = "dif_report"
    PROTECTION_ORDER = "protection_order"
    APPROVAL_NOTICE = "approval_notice"
    RECEIPT_NOTICE = "receipt_notice"
    EXIT_PERMIT = "exit_permit"
    CONSENT_FORM = "consent_form"
    SCHOOL_RECORD = "school_record"
    MEDICAL_RECORD = "medical_record"
    PHOTO = "photo"
    SWORN_STATEMENT = "sworn_statement"
    PROOF_OF_DOMICILE = "proof_of_domicile"
    TRANSLATION = "translation"
    LETTER = "letter"
    OTHER = "other"


class IssuerLevel(StrEnum):
    """Decides the competent apostille office (DOMAIN.md §6)."""

    MX_FEDERAL = "mx_federal"
    MX_STATE = "mx_state"
    US_STATE = "us_state"
    US_FEDERAL = "us_federal"
    FOREIGN = "foreign"
    PRIVATE = "private"


class TranslationDirection(StrEnum):
    ES_EN = "es_en"
    EN_ES = "en_es"
    OTHER = "other"


class TranslationType(StrEnum):
    PERITO = "perito"  # court-listed translator, into Spanish for Mexican authorities
    USCIS_CERTIFICATION = "uscis_certification"  # 8 CFR 103.2(b)(3)
    OTHER = "other"


class FilingStatus(StrEnum):
    PREPARING = "preparing"
    FILED = "filed"
    RECEIPTED = "receipted"
    RFE = "rfe"
    APPROVED = "approved"
    DENIED = "denied"
    WAITING_LIST = "waiting_list"
    VISA_ISSUED = "visa_issued"
    ADMITTED = "admitted"
    WITHDRAWN = "withdrawn"


class TravelStatus(StrEnum):
    PLANNING = "planning"
    READY = "ready"
    IN_TRANSIT = "in_transit"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ExitPermitType(StrEnum):
    NOT_NEEDED = "not_needed"  # travels with a holder of parental authority
    SAM = "sam"
    NOTARIAL = "notarial"
    COURT = "court"


class ConsentScope(StrEnum):
    """What an export may reveal; anything not covered is withheld."""

    IDENTITY = "identity"
    ADDRESSES = "addresses"
    HEALTH = "health"
    CASE_FACTS = "case_facts"
    DOCUMENTS = "documents"
    IMMIGRATION = "immigration"
    TRAVEL = "travel"
    ADVERSE_PARTY = "adverse_party"


class StepState(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"  # with a reason
    BLOCKED = "blocked"  # set by a person, with a reason; dependencies block on their own
