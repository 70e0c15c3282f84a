"""Every problem tom_ext reports to authors: ``type="tom"`` with a subtype from one Enum."""

from __future__ import annotations

from enum import Enum


class TomWarning(Enum):
    """Warning subtypes. Silence one with ``suppress_warnings = ["tom.<value>"]``."""

    MISSING_FIELD = "missing_field"
    BAD_VALUE = "bad_value"
    BAD_DATE = "bad_date"
    DUPLICATE_ID = "duplicate_id"
    UNKNOWN_LINK = "unknown_link"
    WRONG_LINK_TYPE = "wrong_link_type"
    PLACEMENT = "placement"
    UNKNOWN_OPTION = "unknown_option"
    REPEATED_OPTION = "repeated_option"
    OPTIONS_IN_BODY = "options_in_body"
    UNCLOSED = "unclosed"
    PASTED_CHARACTER = "pasted_character"
    UNREADABLE = "unreadable"
    MISSING_LAYER = "missing_layer"
    DRAFT_LAYER = "draft_layer"
    MISSING_SECTION = "missing_section"
    NOT_WRITTEN = "not_written"
    STARTER_TEXT = "starter_text"
    ID_CONVENTION = "id_convention"
    ORPHAN = "orphan"
    REVIEW_OVERDUE = "review_overdue"
    OVERDUE = "overdue"
    STAGE_APPROVAL = "stage_approval"
    REFRESH_BEHIND = "refresh_behind"
    OWNER_ROLE = "owner_role"
    IMAGE_ALT = "image_alt"
    GONE_TARGET = "gone_target"
    BROKEN_LINK = "broken_link"
    UNKNOWN_MARKUP = "unknown_markup"
    HEADING_LEVEL = "heading_level"
    NOT_IN_TOCTREE = "not_in_toctree"
    FRONT_MATTER = "front_matter"
    LAYER_REASON = "layer_reason"
    VIEW = "view"
    BASELINE = "baseline"
    UNSAFE_HTML = "unsafe_html"
    UNSAFE_URL = "unsafe_url"
    RAW_DIRECTIVE = "raw_directive"
    OUTSIDE_FILE = "outside_file"
    CONFIG = "config"

    @property
    def doc(self) -> str:
        return _DOCS[self]

    @property
    def is_notice(self) -> bool:
        """Reported without failing the build, unless the site escalates it."""
        return self in NOTICES


#: the handbook's page that lists every message type, each at its :func:`anchor`
HANDBOOK_PAGE = "handbook/messages.html"


def anchor(kind: TomWarning) -> str:
    """The id of a message type's entry in the handbook's list: ``tom-unknown-option``."""
    return "tom-" + kind.value.replace("_", "-")


def help_link(type_: str) -> str:
    """Where a ``tom.<subtype>`` message is explained, from the site's root ("" if none)."""
    subtype = type_.removeprefix("tom.")
    known = {kind.value: kind for kind in TomWarning}
    return f"{HANDBOOK_PAGE}#{anchor(known[subtype])}" if subtype in known else ""


NOTICES = frozenset({TomWarning.ORPHAN, TomWarning.REVIEW_OVERDUE, TomWarning.DRAFT_LAYER,
                     TomWarning.OVERDUE, TomWarning.REFRESH_BEHIND, TomWarning.STARTER_TEXT})
#: notices a site may turn into failures with ``tom_fail_on_notices``
ESCALATABLE = frozenset({TomWarning.ORPHAN})


_DOCS = {
    TomWarning.MISSING_FIELD: "A required field of the need type, or its title, is not "
                              "written.",
    TomWarning.BAD_VALUE: "A value is not one of the field's allowed values.",
    TomWarning.BAD_DATE: "A date is not an ISO date (YYYY-MM-DD) or does not exist.",
    TomWarning.DUPLICATE_ID: "Two needs have the same ID, or two labels the same name.",
    TomWarning.UNKNOWN_LINK: "A link names an ID no need has.",
    TomWarning.WRONG_LINK_TYPE: "A link points to a need of a type the link does not accept.",
    TomWarning.PLACEMENT: "A need is in a file where it does not belong (e.g. a layer "
                          "outside a TOM folder).",
    TomWarning.UNKNOWN_OPTION: "An option the need type does not have (with the option "
                               "meant, when one is close).",
    TomWarning.REPEATED_OPTION: "An option given twice: only the last line counts, so one "
                                "of them is not what readers see.",
    TomWarning.UNCLOSED: "A directive's closing fence (```) is missing, so what follows "
                         "became its text: the next action, or the layer's sections.",
    TomWarning.PASTED_CHARACTER: "A character pasted from a word processor where plain text "
                                 "is needed: a no-break or zero-width space, a tab, a "
                                 "typographic dash or quote in an option.",
    TomWarning.UNREADABLE: "A file that is not UTF-8 text (saved by another program in "
                           "another encoding): re-save it as UTF-8.",
    TomWarning.OPTIONS_IN_BODY: "Options written after a blank line became body text.",
    TomWarning.MISSING_LAYER: "A TOM lacks a layer of the framework.",
    TomWarning.DRAFT_LAYER: "A TOM in first draft lacks a layer of the framework (a notice: "
                            "a first draft is written layer by layer; from the second draft "
                            "on it is a fault).",
    TomWarning.MISSING_SECTION: "A layer lacks its current operating model, target operating "
                                "model or route section.",
    TomWarning.NOT_WRITTEN: "A TODO prompt from `tom new` the author has not replaced yet.",
    TomWarning.STARTER_TEXT: "Starter text of a new site (`tom init`), marked 'Not written "
                             "yet:', still to be replaced (a notice: the new site checks "
                             "clean, and the notices list what is left to write).",
    TomWarning.ID_CONVENTION: "An ID does not follow the site's convention for its type.",
    TomWarning.ORPHAN: "A strategy or priority nothing supports, or a TOM aligned to no "
                       "priority (a notice unless tom_fail_on_notices lists it).",
    TomWarning.REVIEW_OVERDUE: "A TOM's review-by date has passed (a notice; never fails).",
    TomWarning.OVERDUE: "An action's due date has passed and it is not complete (a notice: "
                        "give it a new date or its real status).",
    TomWarning.STAGE_APPROVAL: "A TOM's stage and its approval disagree: approved without "
                               "the decision that approved it, or naming one while still a "
                               "draft.",
    TomWarning.REFRESH_BEHIND: "A TOM's stage lags the timetable of the refresh conf.py "
                               "names (tom_refresh): the deadline of a stage it has not "
                               "reached has passed, or it is still a draft of an earlier "
                               "refresh (a notice: set the stage when the draft is in).",
    TomWarning.OWNER_ROLE: "An owner that is not a role: an email address, a person's name "
                           "or a placeholder such as TBC.",
    TomWarning.IMAGE_ALT: "An image without alternative text for readers who cannot see it.",
    TomWarning.GONE_TARGET: "Many links name an ID no page defines any more (a need, or its "
                            "page, was removed or renamed): one message for all of them; and a "
                            "toctree that still lists the page that is gone.",
    TomWarning.BROKEN_LINK: "A link to a page, a heading, a label or a footnote that does "
                            "not exist, or a file to include that is not there.",
    TomWarning.UNKNOWN_MARKUP: "A block (```{name}) or role ({name}`…`) MyST does not know: "
                               "usually a typing mistake (with the name meant, when one is "
                               "close); or a block written as :::{name} or .. name::, which "
                               "a page publishes as plain text.",
    TomWarning.HEADING_LEVEL: "A heading that skips a level (## then ####): screen-reader "
                              "users move through a page by its heading levels.",
    TomWarning.NOT_IN_TOCTREE: "A page no table of contents lists: readers cannot reach it.",
    TomWarning.FRONT_MATTER: "The front matter at the top of a page is not valid YAML.",
    TomWarning.LAYER_REASON: "A layer is marked not applicable without a reason.",
    TomWarning.VIEW: "A view directive (e.g. tom-actions) has a bad option.",
    TomWarning.BASELINE: "The baseline of a tom-changes view (tom_changes_baseline) cannot "
                         "be read: no such file or revision, or not a needs.json.",
    TomWarning.UNSAFE_HTML: "HTML a page may not publish: a tag outside tom_html_allowed, "
                            "<script>, <iframe>, <object>, an on…= event attribute.",
    TomWarning.UNSAFE_URL: "A link or image to a javascript:, vbscript: or data: URL.",
    TomWarning.RAW_DIRECTIVE: "The raw directive (or a role made from it), which publishes "
                              "its content unchecked.",
    TomWarning.OUTSIDE_FILE: "An include, literalinclude, image, download, linked or data "
                             "file outside source/ and docs/, or fetched from the network.",
    TomWarning.CONFIG: "A tom_* setting in conf.py is wrong.",
}
