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
    OPTIONS_IN_BODY = "options_in_body"
    MISSING_LAYER = "missing_layer"
    LAYER_REASON = "layer_reason"
    VIEW = "view"
    CONFIG = "config"

    @property
    def doc(self) -> str:
        return _DOCS[self]


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
    TomWarning.LAYER_REASON: "A layer is marked not applicable without a reason.",
    TomWarning.VIEW: "A view directive (e.g. tom-actions) has a bad option.",
    TomWarning.CONFIG: "A tom_* setting in conf.py is wrong.",
}
