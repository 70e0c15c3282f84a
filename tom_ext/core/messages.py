"""Every problem tom_ext reports to authors: ``type="tom"`` with a subtype from one Enum."""

from __future__ import annotations

import re
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
    OPTIONS_IN_BODY = "options_in_body"
    MISSING_LAYER = "missing_layer"
    DRAFT_LAYER = "draft_layer"
    MISSING_SECTION = "missing_section"
    NOT_WRITTEN = "not_written"
    ID_CONVENTION = "id_convention"
    ORPHAN = "orphan"
    REVIEW_OVERDUE = "review_overdue"
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


NOTICES = frozenset({TomWarning.ORPHAN, TomWarning.REVIEW_OVERDUE, TomWarning.DRAFT_LAYER})
#: notices a site may turn into failures with ``tom_fail_on_notices``
ESCALATABLE = frozenset({TomWarning.ORPHAN})


_DOCS = {
    TomWarning.MISSING_FIELD: "A required field of the need type is not written.",
    TomWarning.BAD_VALUE: "A value is not one of the field's allowed values.",
    TomWarning.BAD_DATE: "A date is not an ISO date (YYYY-MM-DD) or does not exist.",
    TomWarning.DUPLICATE_ID: "Two needs have the same ID.",
    TomWarning.UNKNOWN_LINK: "A link names an ID no need has.",
    TomWarning.WRONG_LINK_TYPE: "A link points to a need of a type the link does not accept.",
    TomWarning.PLACEMENT: "A need is in a file where it does not belong (e.g. a layer "
                          "outside a TOM folder).",
    TomWarning.UNKNOWN_OPTION: "An option the need type does not have.",
    TomWarning.OPTIONS_IN_BODY: "Options written after a blank line became body text.",
    TomWarning.MISSING_LAYER: "A TOM lacks a layer of the framework.",
    TomWarning.DRAFT_LAYER: "A TOM in first draft lacks a layer of the framework (a notice: "
                            "a first draft is written layer by layer; from the second draft "
                            "on it is a fault).",
    TomWarning.MISSING_SECTION: "A layer lacks its current operating model, target operating "
                                "model or route section.",
    TomWarning.NOT_WRITTEN: "A TODO prompt from `tom new` the author has not replaced yet.",
    TomWarning.ID_CONVENTION: "An ID does not follow the site's convention for its type.",
    TomWarning.ORPHAN: "A strategy or priority nothing supports, or a TOM aligned to no "
                       "priority (a notice unless tom_fail_on_notices lists it).",
    TomWarning.REVIEW_OVERDUE: "A TOM's review-by date has passed (a notice; never fails).",
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


#: Sphinx's and MyST's own messages that authors meet, with how to fix each
HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Malformed YAML \[myst\.topmatter\]$"),
     "the front matter between the two --- lines at the top of the page is not valid YAML: "
     "check for an unclosed bracket or quote, or remove the block"),
    (re.compile(r"document isn't included in any toctree"),
     "add the page to the toctree of the page above it (a TOM's index.md lists its layer "
     "pages), or delete the page"),
    (re.compile(r"cross-reference target not found: '[^']*\.md"),
     "the link names a page that does not exist: write the path of a .md file of the site, "
     "relative to this page"),
    (re.compile(r"local id not found in doc"),
     "the part after # names no heading of that page: headings become lower-case words "
     "joined by hyphens, e.g. #target-operating-model"),
    (re.compile(r"toctree contains reference to non-?existing document"),
     "create the page, or remove its line from the toctree"),
)


def with_fix(entry: str) -> str:
    """Add how to fix it to a Sphinx or MyST message that says only what is wrong."""
    for pattern, fix in HINTS:
        if pattern.search(entry) and " — " not in entry:
            match = re.search(r" \[[\w.-]+\]$", entry)
            cut = match.start() if match else len(entry)
            return f"{entry[:cut]} — {fix}{entry[cut:]}"
    return entry
