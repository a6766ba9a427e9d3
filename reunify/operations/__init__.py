"""One small Qt-free function per user action; GUI, CLI and tests all call these.

Each takes a Session (from `Vault.session()`), validates its input, changes
rows and appends to the audit trail in the same transaction.
"""

from reunify.models.files import iter_attachment
from reunify.operations.attachments import (
    attach_file,
    attach_stream,
    export_attachment,
    read_attachment,
    remove_attachment,
)
from reunify.operations.calendars import import_csv, install_shipped_calendars
from reunify.operations.cases import (
    add_track,
    create_case,
    end_track,
    find_case,
    list_cases,
    set_case_status,
    update_case,
)
from reunify.operations.checklists import (
    StepBlocked,
    complete_step,
    link_document,
    set_step_state,
    start_checklist,
)
from reunify.operations.consents import (
    choose_consent,
    record_consent,
    revoke_consent,
    valid_consents,
)
from reunify.operations.deadlines import (
    add_calendar_entry,
    add_deadline,
    create_calendar,
    override_deadline,
    recompute_calendar,
    recompute_deadline,
    set_deadline_status,
)
from reunify.operations.documents import (
    add_document,
    record_apostille,
    record_translation,
    update_document,
)
from reunify.operations.organisations import (
    OrganisationInUse,
    add_member,
    authority_fields,
    create_organisation,
    delete_organisation,
    find_organisation,
    remove_member,
    update_member,
    update_organisation,
)
from reunify.operations.people import (
    add_address,
    add_passport,
    add_relationship,
    create_person,
    link_person,
    people_in_case,
    unlink_person,
    update_person,
)
from reunify.operations.proceedings import add_event, add_proceeding, update_proceeding
from reunify.operations.records import (
    add_filing,
    add_note,
    add_protection_measure,
    add_search_report,
    plan_travel,
    record_reunion,
    update_filing,
    update_note,
    update_search_report,
    update_travel,
)
from reunify.operations.settings import set_setting
from reunify.vault import Vault

# A vault created or opened to work in gets the court calendars shipped with the app
# that it has not had yet (each once; one a person deleted is not added again).
if install_shipped_calendars not in Vault.on_unlock:
    Vault.on_unlock.append(install_shipped_calendars)

__all__ = [
    "OrganisationInUse",
    "StepBlocked",
    "add_address",
    "add_calendar_entry",
    "add_deadline",
    "add_document",
    "add_event",
    "add_filing",
    "add_member",
    "add_note",
    "add_passport",
    "add_proceeding",
    "add_protection_measure",
    "add_relationship",
    "add_search_report",
    "add_track",
    "attach_file",
    "attach_stream",
    "authority_fields",
    "choose_consent",
    "complete_step",
    "create_calendar",
    "create_case",
    "create_organisation",
    "create_person",
    "delete_organisation",
    "end_track",
    "export_attachment",
    "find_case",
    "find_organisation",
    "import_csv",
    "install_shipped_calendars",
    "iter_attachment",
    "link_document",
    "link_person",
    "list_cases",
    "override_deadline",
    "people_in_case",
    "plan_travel",
    "read_attachment",
    "recompute_calendar",
    "recompute_deadline",
    "record_apostille",
    "record_consent",
    "record_reunion",
    "record_translation",
    "remove_attachment",
    "remove_member",
    "revoke_consent",
    "set_case_status",
    "set_deadline_status",
    "set_setting",
    "set_step_state",
    "start_checklist",
    "unlink_person",
    "update_case",
    "update_document",
    "update_filing",
    "update_member",
    "update_note",
    "update_organisation",
    "update_person",
    "update_proceeding",
    "update_search_report",
    "update_travel",
    "valid_consents",
]
