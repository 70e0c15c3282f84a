"""Progress of the action plans: statuses, overdue actions, savings (no Sphinx)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

from tom_ext.core.model import STATUSES
from tom_ext.core.needs import Need, Site
from tom_ext.core.values import number, parse_targets
from tom_ext.core.words import plural
from tom_ext.views.actions import is_overdue, status_label
from tom_ext.views.traceability import tom_order


@dataclass(frozen=True, slots=True)
class StatusRow:
    label: str
    counts: tuple[int, ...]
    """One count per status, in the order of ``STATUSES``."""
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.counts)


def status_rows(site: Site, today: dt.date, by: str = "department") -> list[StatusRow]:
    """Actions by status, per department or per TOM, in the site's order."""
    return site.memo(("status", today, by), lambda: _status_rows(site, today, by))


def _status_rows(site: Site, today: dt.date, by: str) -> list[StatusRow]:
    groups: dict[str, Counter[str]] = {}
    overdue: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for tom in tom_order(site):
        key = tom.get("department") if by == "department" else tom.id
        labels[key] = (site.departments.get(key, key) if by == "department"
                       else tom.short_title)
        groups.setdefault(key, Counter())
    for action in site.by_type.get("action", []):
        owner = site.tom_of(action)
        if owner is None:
            continue
        key = owner.get("department") if by == "department" else owner.id
        groups.setdefault(key, Counter())[action.get("status")] += 1
        overdue[key] += is_overdue(action, today)
    return [StatusRow(labels.get(key, key), tuple(counts[s] for s in STATUSES), overdue[key])
            for key, counts in groups.items()]


def overdue_actions(site: Site, today: dt.date) -> list[Need]:
    """Overdue actions, longest overdue first."""
    found = [a for a in site.by_type.get("action", [])
             if is_overdue(a, today) and site.tom_of(a) is not None]
    return sorted(found, key=lambda a: (a.get("due"), a.id))


def savings_by_department(site: Site) -> dict[str, tuple[float, float]]:
    """Each department's savings (£k) in the actions of its TOMs: (planned, delivered);
    delivered are those of the actions that are complete."""
    totals: dict[str, tuple[float, float]] = {key: (0.0, 0.0) for key in site.departments}
    for action in site.by_type.get("action", []):
        tom = site.tom_of(action)
        if tom is None or not action.get("saving"):
            continue
        dept = tom.get("department")
        planned, delivered = totals.get(dept, (0.0, 0.0))
        saving = number(action.get("saving"))
        done = saving if action.get("status") == "complete" else 0.0
        totals[dept] = (planned + saving, delivered + done)
    return totals


def mtfs_targets(site: Site) -> dict[str, float]:
    for plan in site.by_type.get("plan", []):
        if plan.get("plan_kind") == "mtfs" and plan.get("targets"):
            return parse_targets(plan.get("targets"))[0]
    return {}


@dataclass(frozen=True, slots=True)
class SavingsRow:
    department: str
    planned: float
    target: float | None
    delivered: float = 0.0
    """Of ``planned``, the savings of the actions that are complete."""

    @property
    def gap(self) -> float | None:
        return None if self.target is None else self.planned - self.target


def savings_rows(site: Site) -> list[SavingsRow]:
    found = savings_by_department(site)
    targets = mtfs_targets(site)
    return [SavingsRow(site.departments.get(key, key), planned, targets.get(key), delivered)
            for key, (planned, delivered) in found.items()]


def savings_total(rows: list[SavingsRow]) -> SavingsRow:
    """The departments' rows added up, as "All" (no target when the MTFS sets none)."""
    targets = [r.target for r in rows if r.target is not None]
    return SavingsRow("All", math.fsum(r.planned for r in rows),
                      math.fsum(targets) if targets else None,
                      math.fsum(r.delivered for r in rows))


def status_summary(actions: list[Need], today: dt.date) -> str:
    """"5 actions: 1 complete, 3 on track, 1 at risk; 1 overdue"."""
    statuses = [action.get("status") for action in actions]
    order = [*STATUSES, *sorted(set(statuses) - set(STATUSES))]
    late = sum(is_overdue(a, today) for a in actions)
    text = f"{plural(len(actions), 'action')}: " + ", ".join(
        f"{statuses.count(s)} {status_label(s)[1].lower()}" for s in order if statuses.count(s))
    return text + (f"; {late} overdue" if late else "")


def actions_by_tom(site: Site) -> dict[str, list[Need]]:
    """TOM ID → its actions, once per build."""

    def compute() -> dict[str, list[Need]]:
        found: dict[str, list[Need]] = {}
        for action in site.by_type.get("action", []):
            tom = site.tom_of(action)
            if tom is not None:
                found.setdefault(tom.id, []).append(action)
        return found

    return site.memo(("actions-by-tom",), compute)
