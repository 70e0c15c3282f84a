"""The rules the handbook states beyond each field's own: orphans, review dates, overdue
actions, a TOM's stage against its approval, owners that are roles."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from tom_ext.core.finding import Finding, check_date
from tom_ext.core.messages import TomWarning
from tom_ext.core.needs import Site
from tom_ext.core.values import iso_date
from tom_ext.core.words import long_date, plural


def check_orphans(site: Site) -> Iterator[Finding]:
    for strategy in site.by_type.get("strategy", []):
        if not site.incoming(strategy.id, "supports"):
            yield Finding(strategy.docname, strategy.record.lineno, TomWarning.ORPHAN,
                          f"no action supports strategy {strategy.id} — link actions to it "
                          "with ':supports:', or retire the strategy")
    for priority in site.by_type.get("priority", []):
        if not site.incoming(priority.id, "aligns"):
            yield Finding(priority.docname, priority.record.lineno, TomWarning.ORPHAN,
                          f"no TOM aligns to priority {priority.id} — name it in the "
                          "':aligns:' of the TOMs that deliver it")
    for tom in site.by_type.get("tom", []):
        if not tom.links.get("aligns"):
            yield Finding(tom.docname, tom.record.lineno, TomWarning.ORPHAN,
                          f"TOM {tom.id} aligns to no priority — add ':aligns:' with the "
                          "priorities it delivers")


def check_review_dates(site: Site, today: dt.date) -> Iterator[Finding]:
    for tom in site.by_type.get("tom", []):
        value = tom.get("review_by")
        if not value or check_date(value) is not None:
            continue
        if dt.date.fromisoformat(value) < today:
            yield Finding(tom.docname, tom.record.line_of("review_by"),
                          TomWarning.REVIEW_OVERDUE,
                          f"TOM {tom.id} was due for review by {value} — review it and set "
                          "a new ':review_by:' date")


def check_overdue(site: Site, today: dt.date) -> Iterator[Finding]:
    """An action whose due date has passed and that is not complete: the author's to
    update (a notice: the board sees it as overdue either way)."""
    for action in site.by_type.get("action", []):
        due = iso_date(action.get("due"))
        if due is None or due >= today or action.get("status") == "complete":
            continue
        days = (today - due).days
        yield Finding(action.docname, action.record.line_of("due"), TomWarning.OVERDUE,
                      f"action {action.id} was due on {long_date(action.get('due'))} "
                      f"({plural(days, 'day')} ago) and is not complete — set its new "
                      "':due:' date, or its ':status:' (complete when it is done)")


def check_approval(site: Site) -> Iterator[Finding]:
    """A TOM's stage and the decision that approved it agree."""
    for tom in site.by_type.get("tom", []):
        approved = tom.get("stage") == "approved"
        decisions = tom.links.get("approved_by", [])
        if approved and not decisions and "approved_by" not in tom.record.options:
            yield Finding(tom.docname, tom.record.line_of("stage"), TomWarning.STAGE_APPROVAL,
                          f"TOM {tom.id} is approved but names no decision that approved it "
                          "— add ':approved_by: <the decision's ID>' (cabinet or committee), "
                          "or give the stage it has reached")
        elif decisions and not approved and tom.get("stage"):
            yield Finding(tom.docname, tom.record.line_of("approved_by"),
                          TomWarning.STAGE_APPROVAL,
                          f"TOM {tom.id} names the decision that approved it but its stage "
                          f"is '{tom.get('stage')}' — set ':stage: approved', or remove "
                          "':approved_by:' until the decision is made")


#: what an owner is when it is not yet known
PLACEHOLDERS = frozenset({"tbc", "tbd", "tba", "n/a", "na", "none", "unknown", "?", "-",
                          "—", "x", "xxx", "owner", "todo"})
#: words that make a role: an owner without one of them reads as a person's name
ROLE_WORDS = frozenset({
    "head", "manager", "director", "officer", "lead", "leader", "chief", "executive",
    "coordinator", "co-ordinator", "adviser", "advisor", "analyst", "engineer", "architect",
    "surveyor", "planner", "librarian", "team", "service", "services", "unit", "board",
    "panel", "partnership", "commissioner", "controller", "supervisor", "specialist",
    "consultant", "principal", "deputy", "assistant", "administrator", "inspector", "warden",
    "registrar", "accountant", "auditor", "solicitor", "lawyer", "clerk", "secretary",
    "treasurer", "steward", "champion", "member", "council", "cabinet", "portfolio", "group",
    "committee", "owner", "practitioner", "worker", "designer", "developer", "scientist",
    "strategist", "programme", "project", "business", "operations"})
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_HONORIFIC = re.compile(r"^(mr|mrs|ms|miss|mx|dr|cllr|councillor|prof|sir|dame)\b\.?\s", re.I)


def owner_problem(owner: str) -> str:
    """What is wrong with an owner that is not a role ("" when it is one)."""
    text = owner.strip()
    if text.casefold() in PLACEHOLDERS:
        return f"{text!r} is a placeholder, not an owner"
    if _EMAIL.search(text):
        return f"{text!r} is an email address"
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    if _HONORIFIC.match(text) or (2 <= len(words) <= 3 and all(w[0].isupper() for w in words)
                                  and not {w.casefold() for w in words} & ROLE_WORDS):
        return f"{text!r} reads as a person's name"
    return ""


def check_owners(site: Site) -> Iterator[Finding]:
    """An owner is the role accountable, which outlasts whoever holds it."""
    for need in site.by_id.values():
        owner = need.fields.get("owner", "")
        problem = owner_problem(owner) if owner and not owner.startswith("TODO") else ""
        if problem:
            yield Finding(need.docname, need.record.line_of("owner"), TomWarning.OWNER_ROLE,
                          f"owner of {need.id}: {problem} — name the role that is "
                          "accountable, e.g. ':owner: Head of Libraries' (people change "
                          "jobs; the role stays)")
