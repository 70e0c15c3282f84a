"""The TOM data model as plain data: need types, their fields, links and allowed values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["text", "enum", "date", "number", "list", "targets"]

PROMPT = "TODO"
#: text a new site starts with (tom init): still to write, but not a fault of the author
STARTER = "Not written yet:"
"""Marks what the author must still write (``tom new`` writes it; the check reports each
as "not written yet")."""

STATUSES = ("not-started", "on-track", "at-risk", "off-track", "complete")
STAGES = ("first-draft", "second-draft", "final", "approved")
CLASSIFICATIONS = ("OFFICIAL", "OFFICIAL-SENSITIVE")
APPLICABLE = ("yes", "no")
PLAN_KINDS = ("community-plan", "corporate-plan", "mtfs")
STRATEGY_SCOPES = ("corporate", "departmental")


#: options sphinx-needs takes on a need of any type, beside the type's own fields and links
NEEDS_OPTIONS = frozenset({
    "id", "status", "tags", "collapse", "hide", "style", "layout", "template", "pre_template",
    "post_template", "constraints", "jinja_content", "delete", "title_from_content"})


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One option an author writes on a need, e.g. ``:owner: Head of Libraries``."""

    name: str
    description: str
    kind: Kind = "text"
    required: bool = False
    allowed: tuple[str, ...] = ()
    """For ``enum``: the allowed values. For ``list``: the allowed items, if limited."""
    derived: bool = False
    """Filled in by tom_ext from the need's file when the author leaves it out."""
    example: str = ""


@dataclass(frozen=True, slots=True)
class LinkSpec:
    """A traceability link from a need of one type to needs of the target types."""

    name: str
    description: str
    targets: tuple[str, ...]
    required: bool = False
    derived: bool = False
    """Filled in by tom_ext from the need's file (a layer's TOM, an action's layer)."""


@dataclass(frozen=True, slots=True)
class NeedTypeSpec:
    directive: str
    title: str
    prefix: str
    color: str
    description: str
    fields: tuple[FieldSpec, ...] = ()
    links: tuple[LinkSpec, ...] = ()
    id_pattern: str = ""
    """How IDs of this type are written (shown to authors; checked by the validator)."""

    def option_names(self) -> frozenset[str]:
        """Every option a need of this type may have."""
        return NEEDS_OPTIONS | {f.name for f in self.fields} | {lk.name for lk in self.links}

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    def link(self, name: str) -> LinkSpec | None:
        return next((lk for lk in self.links if lk.name == name), None)


@dataclass(frozen=True, slots=True)
class LinkTypeSpec:
    """How a link name reads in both directions, whatever types use it."""

    name: str
    outgoing: str
    incoming: str


_OWNER = FieldSpec("owner", "Role title of the officer accountable (never a person's name).",
                   required=True, example="Head of Libraries")
_HORIZON = FieldSpec("horizon", "Years covered, first-last.", example="2025-2030")
_CLASSIFICATION = FieldSpec(
    "classification",
    "Government Security Classification. Inherited from the TOM when left out.",
    kind="enum", allowed=CLASSIFICATIONS, example="OFFICIAL")

TYPES: tuple[NeedTypeSpec, ...] = (
    NeedTypeSpec(
        "plan", "Plan", "PLAN_", "#D9E2F3",
        "A plan at the top of the golden thread: the Community Plan, the Corporate Plan, "
        "the Medium Term Financial Strategy.",
        fields=(_OWNER, _HORIZON,
                FieldSpec("plan_kind", "Which plan of the golden thread this is.",
                          kind="enum", required=True, allowed=PLAN_KINDS,
                          example="corporate-plan"),
                FieldSpec("targets", "On the MTFS: savings targets by department in £k, as "
                          "department=amount, comma-separated.", kind="targets",
                          example="community-housing=5100, corporate-services=3600")),
        links=(LinkSpec("informed_by", "The plans this plan answers to (the Corporate Plan "
                        "to the Community Plan).", ("plan",)),),
        id_pattern="PLAN_<NAME>",
    ),
    NeedTypeSpec(
        "priority", "Priority", "PRI_", "#C6E0B4",
        "A corporate priority (with its objectives) of the Corporate or Community Plan.",
        links=(LinkSpec("part_of", "The plan that sets this priority.", ("plan",),
                        required=True),),
        id_pattern="PRI_<NN>",
    ),
    NeedTypeSpec(
        "strategy", "Strategy", "STR_", "#FFE699",
        "A corporate or departmental strategy; its owner is the lead of the layers it "
        "leads.",
        fields=(_OWNER, _HORIZON,
                FieldSpec("leads", "Framework layers this strategy leads (layer keys, "
                          "comma-separated).", kind="list", example="technology"),
                FieldSpec("scope", "Corporate or departmental.", kind="enum",
                          allowed=STRATEGY_SCOPES, example="corporate"),
                FieldSpec("handle", "Repository handle(s) of the layer lead, for review.",
                          example="@it-strategy-lead")),
        links=(LinkSpec("delivers", "Priorities this strategy delivers.", ("priority",)),),
        id_pattern="STR_<NAME>",
    ),
    NeedTypeSpec(
        "tom", "Target Operating Model", "TOM_", "#F8CBAD",
        "A service's five-year target operating model: the summary page of a TOM folder.",
        fields=(
            FieldSpec("department", "Department key from conf.py's tom_departments (taken "
                      "from the folder toms/<department>/<tom>/ when left out).",
                      required=True, derived=True, example="environment-regeneration"),
            FieldSpec("services", "Services the TOM covers, comma-separated.", kind="list",
                      example="Libraries, Heritage, Adult learning"),
            FieldSpec("director", "Role title of the accountable director.",
                      example="Director of Environment and Regeneration"),
            _OWNER,
            FieldSpec("author", "Role title of the TOM's author.", example="Head of Libraries"),
            _HORIZON,
            FieldSpec("refresh", "The refresh cycle this version belongs to.",
                      example="2025-2027"),
            FieldSpec("stage", "Where the TOM is in its drafts.", kind="enum", required=True,
                      allowed=STAGES, example="second-draft"),
            _CLASSIFICATION,
            FieldSpec("review_by", "Date the TOM must next be reviewed (ISO).", kind="date",
                      required=True, example="2027-03-31"),
        ),
        links=(
            LinkSpec("aligns", "Corporate priorities the TOM delivers.", ("priority",)),
            LinkSpec("embodies", "Design principles the TOM embodies.", ("principle",)),
            LinkSpec("approved_by", "The decision that approved the TOM.", ("decision",)),
        ),
        id_pattern="TOM_<CODE>",
    ),
    NeedTypeSpec(
        "layer", "Layer", "LYR_", "#DDEBF7",
        "One layer of a TOM: its current operating model, target operating model and "
        "route, on the layer's own page in the TOM folder.",
        fields=(
            FieldSpec("layer_key", "The framework layer (taken from the file name).",
                      kind="enum", derived=True, example="technology"),
            FieldSpec("applicable", "Whether the layer applies to this TOM.", kind="enum",
                      allowed=APPLICABLE, example="yes"),
            FieldSpec("reason", "Why the layer does not apply (with applicable: no)."),
            _CLASSIFICATION,
        ),
        links=(
            LinkSpec("part_of", "The TOM this layer belongs to (taken from the folder).",
                     ("tom",), derived=True),
            LinkSpec("guided_by", "Strategies whose lead guides this layer.", ("strategy",)),
        ),
        id_pattern="LYR_<TOM>_<LAYER>",
    ),
    NeedTypeSpec(
        "action", "Action", "ACT_", "#E2EFDA",
        "A step of a layer's route from the current to the target model.",
        fields=(
            _OWNER,
            FieldSpec("due", "Due date (ISO, e.g. 2026-03-31).", kind="date", required=True,
                      example="2026-03-31"),
            FieldSpec("status", "RAG status of the action.", kind="enum", required=True,
                      allowed=STATUSES, example="on-track"),
            FieldSpec("saving", "Planned saving in £k per year.", kind="number",
                      example="120"),
            FieldSpec("fte", "Change in full-time-equivalent posts (negative for "
                      "reductions).", kind="number", example="-2.5"),
            _CLASSIFICATION,
        ),
        links=(
            LinkSpec("part_of", "The layer this action belongs to (taken from the page).",
                     ("layer",), derived=True),
            LinkSpec("supports", "Strategies or priorities the action serves.",
                     ("strategy", "priority"), required=True),
            LinkSpec("themes", "Emerging themes the action carries.", ("theme",)),
        ),
        id_pattern="ACT_<TOM>_<LAYER>_<NN>",
    ),
    NeedTypeSpec(
        "theme", "Emerging theme", "THM_", "#EDEDED",
        "A cross-cutting theme found across TOMs.", id_pattern="THM_<NAME>",
    ),
    NeedTypeSpec(
        "principle", "Design principle", "PRN_", "#FCE4D6",
        "A principle every TOM must embody.", id_pattern="PRN_<NAME>",
    ),
    NeedTypeSpec(
        "decision", "Decision", "DEC_", "#E4DFEC",
        "A cabinet or scrutiny resolution.",
        fields=(
            FieldSpec("meeting", "The meeting that decided.", required=True,
                      example="Cabinet"),
            FieldSpec("date", "Date of the meeting (ISO).", kind="date", required=True,
                      example="2025-07-14"),
            FieldSpec("item", "Agenda item number.", example="7"),
            FieldSpec("resolution", "The resolution in one line.",
                      example="To approve the TOMs for 2025-2030"),
        ),
        id_pattern="DEC_<YYYY>_<NAME>",
    ),
)

LINK_TYPES: tuple[LinkTypeSpec, ...] = (
    LinkTypeSpec("part_of", "part of", "contains"),
    LinkTypeSpec("informed_by", "informed by", "informs"),
    LinkTypeSpec("supports", "supports", "supported by"),
    LinkTypeSpec("delivers", "delivers", "delivered by"),
    LinkTypeSpec("aligns", "aligns to", "aligned from"),
    LinkTypeSpec("embodies", "embodies", "embodied by"),
    LinkTypeSpec("approved_by", "approved by", "approves"),
    LinkTypeSpec("guided_by", "guided by", "guides"),
    LinkTypeSpec("themes", "carries theme", "carried by"),
)


@dataclass(frozen=True, slots=True)
class Model:
    """The model a site builds with: the types above, the layer keys of its framework."""

    types: tuple[NeedTypeSpec, ...] = TYPES
    link_types: tuple[LinkTypeSpec, ...] = LINK_TYPES
    layer_keys: tuple[str, ...] = field(default=())
    _by_directive: Mapping[str, NeedTypeSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # the first type of each directive, as a search of ``types`` finds it: asked for
        # hundreds of thousands of times a build
        by_directive: dict[str, NeedTypeSpec] = {}
        for spec in self.types:
            by_directive.setdefault(spec.directive, spec)
        object.__setattr__(self, "_by_directive", by_directive)

    def type(self, directive: str) -> NeedTypeSpec | None:
        return self._by_directive.get(directive)

    def allowed(self, spec: FieldSpec) -> tuple[str, ...]:
        if spec.name == "layer_key":
            return self.layer_keys
        return spec.allowed


def needs_types_config(model: Model) -> list[dict[str, Any]]:
    """``needs_types`` for sphinx-needs: each type with the fields and links it declares.

    Every field schema is a plain string with its ``type`` given explicitly (sphinx-needs
    adds a missing one during the build, which then looks like a changed config and
    re-reads every page). Values are checked by tom_ext's validator, which names the
    file and line; sphinx-needs' own schema messages do not.
    """
    result = []
    for spec in model.types:
        result.append({
            "directive": spec.directive,
            "title": spec.title,
            "prefix": spec.prefix,
            "color": spec.color,
            "style": "node",
            "fields": {
                f.name: {"description": f.description, "schema": {"type": "string"},
                         "nullable": True}
                for f in spec.fields if f.name != "status"
            },
            "links": {lk.name: {"description": lk.description} for lk in spec.links},
        })
    return result


def needs_links_config(model: Model) -> dict[str, dict[str, Any]]:
    """``needs_links``: how each link name reads outgoing and incoming."""
    return {
        lt.name: {"outgoing": lt.outgoing, "incoming": lt.incoming}
        for lt in model.link_types
    }
