"""A seeded synthetic council in the site's authoring format, written as three sites.

``council(n, seed)`` makes the data: ``n`` TOMs in five departments, each with the nine
layers, each layer with three short prose sections and six actions that support one or two
of twenty strategies, with owners, due dates and statuses. ``write_site`` writes it as one
of three sites (``conf.py`` beside ``source/``), from the same text:

- ``tom``: the product — ``extensions = ["tom_ext"]``, every view on (coverage,
  traceability, orphans, progress, overdue, savings, changes, layer pages, themes, the
  golden thread, TOM summaries and their diagrams, exports);
- ``stock``: the same needs with stock sphinx-needs configured by hand, and what an author
  would write without tom_ext: a ``needtable`` per strategy and per TOM;
- ``floor``: the same pages and headings with MyST alone, actions as plain lists.

All three use the same theme and theme options. ``python -m benchmarks.generate DIR``
writes the three sites under DIR.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tom_ext.core.framework import NINE_LAYERS
from tom_ext.core.model import STATUSES

VARIANTS = ("floor", "stock", "tom")
BUILD_DATE = "2026-11-30"
"""The date every generated site is built as (overdue actions, review dates)."""
TOM_TITLE_SUFFIX = "TOM 2025–2030"

DEPARTMENTS = {
    "adults-health": "Adults & Health",
    "children-education": "Children & Education",
    "environment-regeneration": "Environment & Regeneration",
    "housing-communities": "Housing & Communities",
    "resources": "Resources",
}
SERVICES = ("Libraries", "Parks", "Highways", "Parking", "Planning", "Waste", "Leisure",
            "Housing needs", "Adult social care", "Public health", "Revenues", "Benefits",
            "Schools", "Early years", "Youth", "Property", "Licensing", "Trading standards",
            "Registrars", "Cemeteries", "Transport", "Customer contact", "Finance", "HR",
            "Legal", "Procurement", "IT", "Emergency planning", "Regeneration",
            "Community safety")
#: (code, title, layer it leads or "", corporate?)
STRATEGIES = (
    ("CUSTOMER", "Customer Strategy", "customers", True),
    ("DIGITAL", "Digital Strategy", "channels", True),
    ("COMMISSIONING", "Commissioning Strategy", "services", True),
    ("ORGDESIGN", "Organisational Design Strategy", "organisation", True),
    ("IMPROVEMENT", "Business Improvement Strategy", "processes", True),
    ("DATA", "Information and Data Strategy", "information", True),
    ("IT", "IT Strategy", "technology", True),
    ("ASSETS", "Asset Management Strategy", "physical-location", True),
    ("WORKFORCE", "Workforce Strategy", "people", True),
    ("PROCUREMENT", "Procurement Strategy", "", True),
    ("CLIMATE", "Climate Strategy", "", True),
    ("EQUALITY", "Equality Strategy", "", True),
    ("HEALTH", "Health and Wellbeing Strategy", "", True),
    ("ECONOMY", "Economic Growth Strategy", "", True),
    ("SAFETY", "Community Safety Strategy", "", True),
    ("LOCALPLAN", "Local Plan", "", False),
    ("CYPP", "Children and Young People's Plan", "", False),
    ("HOUSING", "Housing Strategy", "", False),
    ("TRANSPORT", "Local Transport Plan", "", False),
    ("CULTURE", "Culture Strategy", "", False),
)
PRIORITIES = ("Children and young people get the best start in life",
              "Residents live independent, healthy lives",
              "A clean, green and safe borough",
              "Good homes and a growing local economy",
              "A fairer borough: bridging the gap",
              "A modern, financially sustainable council")
PRINCIPLES = (("VALUE", "Value-driven"), ("COMMUNITY", "Community-led"),
              ("DIGITAL", "Digital by default"), ("PARTNERS", "Working with partners"),
              ("INNOVATE", "Open to innovation"), ("ACCOUNTABLE", "Accountable"))
THEMES = (("DEMAND", "Managing demand"), ("PARTNERSHIP", "Working in partnership"),
          ("COMMERCIAL", "A commercial approach"), ("WORKFORCE", "A modern workforce"),
          ("FAIRER", "A fairer borough"))
OWNERS = ("Head of Service", "Service Manager", "Operations Manager", "Business Partner",
          "Project Manager", "Team Leader", "Commissioning Manager", "Data Lead")
STAGES = ("first-draft", "second-draft", "final", "approved", "approved")

_SUBJECTS = ("The service", "Each team", "Residents", "Our staff", "The contact centre",
             "Managers", "Partners", "The council", "Front-line officers", "Volunteers")
_VERBS = ("record", "review", "share", "plan", "deliver", "book", "track", "report",
          "commission", "manage")
_OBJECTS = ("cases on paper", "requests by phone", "visits a week ahead", "the budget monthly",
            "data between systems", "repairs from one list", "bookings online",
            "complaints by email", "contracts each year", "appointments at the counter")
_TAILS = ("which costs time", "with some duplication", "at two sites", "without a shared view",
          "as the law requires", "within the current budget", "at peak times",
          "through one front door", "and re-key it twice", "for most customers")


@dataclass
class Action:
    id: str
    title: str
    owner: str
    due: str
    status: str
    supports: list[str]
    body: str
    saving: str = ""
    theme: str = ""


@dataclass
class LayerPage:
    key: str
    title: str
    id: str
    guided_by: str
    current: list[str]
    target: list[str]
    route: str
    actions: list[Action]


@dataclass
class Tom:
    code: str
    department: str
    folder: str
    title: str
    owner: str
    stage: str
    review_by: str
    aligns: list[str]
    embodies: list[str]
    vision: str
    scope: str
    layers: list[LayerPage] = field(default_factory=list)

    @property
    def docdir(self) -> str:
        return f"toms/{self.department}/{self.folder}"


@dataclass
class Council:
    seed: int
    toms: list[Tom]
    target: tuple[Tom, LayerPage, Action]
    """The action whose status the benchmark changes: overdue, linked to two strategies and
    carrying a theme, so it shows on its page, two strategy pages, a layer page, the themes
    page, the overdue list, the changes page and the exports."""
    strategy_text: dict[str, str]

    @property
    def actions(self) -> Iterator[Action]:
        for tom in self.toms:
            for layer in tom.layers:
                yield from layer.actions


def _sentence(rng: random.Random) -> str:
    return (f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
            f"{rng.choice(_TAILS)}.")


def _para(rng: random.Random, sentences: int = 3) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _code(index: int) -> str:
    """0 → AAA, 1 → AAB, …: a TOM's three-letter code."""
    letters = ""
    for _ in range(3):
        index, rest = divmod(index, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _due(rng: random.Random) -> str:
    start = dt.date(2025, 4, 1)
    return (start + dt.timedelta(days=rng.randrange(0, 365 * 4, 7))).isoformat()


def _status(rng: random.Random, due: str) -> str:
    if due < BUILD_DATE:
        return rng.choice(("complete", "complete", "on-track", "at-risk", "off-track"))
    return rng.choice(("not-started", "on-track", "on-track", "at-risk", "complete"))


def council(n: int, seed: int = 1) -> Council:
    """The council's data: ``n`` TOMs, deterministic for a seed."""
    rng = random.Random(seed)
    strategy_ids = [f"STR_{code}" for code, *_ in STRATEGIES]
    lead_of = {lead: f"STR_{code}" for code, _t, lead, _c in STRATEGIES if lead}
    toms = []
    departments = list(DEPARTMENTS)
    for index in range(n):
        code = _code(index)
        service = SERVICES[index % len(SERVICES)]
        number = index // len(SERVICES) + 1
        name = service if number == 1 else f"{service} {number}"
        tom = Tom(
            code=code, department=departments[index % len(departments)],
            folder=f"{service.lower().replace(' ', '-')}-{number}", title=name,
            owner=f"Head of {service}", stage=rng.choice(STAGES),
            review_by=f"{rng.choice((2027, 2028))}-{rng.randint(1, 12):02d}-28",
            aligns=sorted({f"PRI_{index % 6 + 1:02d}", f"PRI_{rng.randint(1, 6):02d}"}),
            embodies=sorted(rng.sample([f"PRN_{c}" for c, _ in PRINCIPLES], 2)),
            vision=_para(rng, 3), scope=_para(rng, 4))
        for layer in NINE_LAYERS.layers:
            stem = f"{code}_{layer.code}"
            actions = []
            for number_in_layer in range(1, 7):
                due = _due(rng)
                others = [s for s in strategy_ids if s != lead_of[layer.key]]
                supports = [lead_of[layer.key]] if rng.random() < 0.6 else []
                supports += rng.sample(others, 2 - len(supports) if rng.random() < 0.5
                                       else 1)
                actions.append(Action(
                    id=f"ACT_{stem}_{number_in_layer:02d}",
                    title=f"{rng.choice(_VERBS).capitalize()} {rng.choice(_OBJECTS)} "
                          f"({name}, {layer.title.lower()} {number_in_layer})",
                    owner=rng.choice(OWNERS), due=due, status=_status(rng, due),
                    supports=supports[:2], body=_para(rng, 2),
                    saving=str(rng.randrange(10, 200, 10)) if rng.random() < 0.2 else "",
                    theme=f"THM_{rng.choice(THEMES)[0]}" if rng.random() < 0.2 else ""))
            tom.layers.append(LayerPage(
                key=layer.key, title=layer.title, id=f"LYR_{stem}",
                guided_by=lead_of[layer.key], current=[_para(rng), _para(rng)],
                target=[_para(rng), _para(rng)], route=_para(rng, 2), actions=actions))
        toms.append(tom)
    tom = toms[len(toms) // 2]
    layer = next(lay for lay in tom.layers if lay.key == "technology")
    action = layer.actions[0]
    # overdue, on two strategies and carrying a theme: it shows on the most pages an
    # action can
    action.due, action.status = "2026-06-30", "on-track"
    action.supports, action.theme = ["STR_IT", "STR_CLIMATE"], "THM_DEMAND"
    strategy_text = {sid: _para(rng, 2) for sid in strategy_ids}
    # every strategy is supported by some action, so none is an orphan
    for sid, act in zip(strategy_ids, (a for a in _all_actions(toms) if a is not action),
                        strict=False):
        if sid not in act.supports:
            act.supports = [act.supports[0], sid]
    return Council(seed, toms, (tom, layer, action), strategy_text)


def _all_actions(toms: list[Tom]) -> Iterator[Action]:
    for tom in toms:
        for layer in tom.layers:
            yield from layer.actions


# --- the sites ---------------------------------------------------------------------------

THEME_OPTIONS = {
    "logo": {"text": "Benchmark Council TOMs"},
    "navigation_with_keys": True,
    "show_prev_next": False,
    "header_links_before_dropdown": 6,
    "navigation_depth": 3,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": [],
}

_COMMON_CONF = f'''
project = "Benchmark Council TOMs"
author = "Benchmark Council"
copyright = "Benchmark Council"
language = "en"
html_theme = "pydata_sphinx_theme"
html_title = "Benchmark Council Target Operating Models"
html_theme_options = {THEME_OPTIONS!r}
html_last_updated_fmt = None
exclude_patterns = ["_build"]
root_doc = "index"
myst_heading_anchors = 3
'''

_NEED_FIELDS = ("owner", "horizon", "plan_kind", "targets", "leads", "scope", "handle",
                "department", "services", "director", "author", "refresh", "stage",
                "classification", "review_by", "layer_key", "applicable", "reason", "due",
                "saving", "fte", "meeting", "date", "item", "resolution")
_NEED_LINKS = {"part_of": ("part of", "contains"), "informed_by": ("informed by", "informs"),
               "supports": ("supports", "supported by"),
               "delivers": ("delivers", "delivered by"),
               "aligns": ("aligns to", "aligned from"), "embodies": ("embodies", "embodied by"),
               "approved_by": ("approved by", "approves"),
               "guided_by": ("guided by", "guides"), "themes": ("carries theme", "carried by")}
_NEED_TYPES = (("plan", "Plan", "PLAN_"), ("priority", "Priority", "PRI_"),
               ("strategy", "Strategy", "STR_"), ("tom", "Target Operating Model", "TOM_"),
               ("layer", "Layer", "LYR_"), ("action", "Action", "ACT_"),
               ("theme", "Emerging theme", "THM_"), ("principle", "Design principle", "PRN_"),
               ("decision", "Decision", "DEC_"))


#: appended to the floor's conf.py for the reference "floor with the same navigation"
NAVIGATION_CONF = ('\n# the floor with tom_ext\'s section navigation and nothing else of tom_ext\n'
                   'extensions.append("tom_ext.sphinx_ext.navigation")\n')


def conf_py(variant: str) -> str:
    if variant == "tom":
        return (f'"""Benchmark site: the product."""\n{_COMMON_CONF}\n'
                'extensions = ["tom_ext"]\n'
                'tom_framework = "nine-layer"\n'
                f"tom_departments = {DEPARTMENTS!r}\n"
                f'tom_build_date = "{BUILD_DATE}"\n'
                'tom_changes_baseline = "baselines/board.json"\n')
    if variant == "stock":
        types = [{"directive": d, "title": t, "prefix": p, "style": "node"}
                 for d, t, p in _NEED_TYPES]
        # each schema with its type given: sphinx-needs adds a missing one during the build,
        # and the next build would then see a changed config and re-read every page
        fields = {name: {"description": name, "schema": {"type": "string"}, "nullable": True}
                  for name in _NEED_FIELDS}
        links = {name: {"outgoing": out, "incoming": inc}
                 for name, (out, inc) in _NEED_LINKS.items()}
        return (f'"""Benchmark site: stock sphinx-needs, configured by hand."""\n'
                f'{_COMMON_CONF}\nextensions = ["myst_parser", "sphinx_needs"]\n'
                f"needs_types = {types!r}\nneeds_fields = {fields!r}\n"
                f"needs_links = {links!r}\n"
                "needs_id_required = True\n"
                'needs_id_regex = r"^[A-Z][A-Z0-9_]*$"\n')
    return f'"""Benchmark site: the floor (no needs)."""\n{_COMMON_CONF}\n' \
           'extensions = ["myst_parser"]\n'


def _need(variant: str, directive: str, title: str, need_id: str,
          options: list[tuple[str, str]], body: str = "") -> str:
    """A need directive (tom, stock) or the same text as plain Markdown (floor)."""
    options = [(k, v) for k, v in options if v]
    if variant == "floor":
        facts = "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in options)
        text = f"**{need_id}** {title}" + (f" ({facts})" if facts else "")
        return text + (f"\n\n{body}" if body else "") + "\n"
    lines = [f"```{{{directive}}} {title}", f":id: {need_id}"]
    lines += [f":{k}: {v}" for k, v in options]
    if body:
        lines += ["", body]
    lines.append("```")
    return "\n".join(lines) + "\n"


def _action_item(variant: str, action: Action) -> str:
    options = [("owner", action.owner), ("due", action.due), ("status", action.status),
               ("supports", ", ".join(action.supports)), ("saving", action.saving),
               ("themes", action.theme)]
    if variant != "floor":
        return _need(variant, "action", action.title, action.id, options, action.body)
    facts = "; ".join(f"{k}: {v}" for k, v in options if v)
    return f"- **{action.id}** {action.title} ({facts})\n\n  {action.body}\n"


def _toctree(entries: list[str], *, hidden: bool = False, maxdepth: int = 1,
             glob: bool = False) -> str:
    lines = ["```{toctree}", f":maxdepth: {maxdepth}"]
    lines += [":hidden:"] * hidden + [":glob:"] * glob
    return "\n".join([*lines, "", *entries, "```"]) + "\n"


def _view(variant: str, directive: str, argument: str = "", **options: str) -> str:
    """A tom_ext view (tom), nothing for floor and stock."""
    if variant != "tom":
        return "The table is kept by hand in a spreadsheet.\n"
    lines = [f"```{{{directive}}}{' ' + argument if argument else ''}"]
    lines += [f":{k.replace('_', '-')}: {v}" for k, v in options.items()]
    return "\n".join([*lines, "```"]) + "\n"


def _needtable(variant: str, filter_text: str, caption: str) -> str:
    """The stock author's list: a needtable (stock), nothing for floor."""
    if variant != "stock":
        return ""
    return (f"```{{needtable}} {caption}\n:filter: {filter_text}\n"
            ":columns: id, title, owner, due, status\n:style: table\n```\n")


def pages(c: Council, variant: str) -> Iterator[tuple[str, str]]:
    """``(path under source/, text)`` of every page of the site."""
    yield from _top_pages(c, variant)
    yield from _strategy_pages(c, variant)
    for department, name in _departments(c).items():
        yield (f"toms/{department}/index.md",
               f"# {name}\n\nThe TOMs of the department.\n\n"
               + _toctree(["*/index"], glob=True))
    for tom in c.toms:
        yield from _tom_pages(tom, variant)


def _departments(c: Council) -> dict[str, str]:
    """The departments that have a TOM (a small council leaves some out)."""
    used = {tom.department for tom in c.toms}
    return {key: name for key, name in DEPARTMENTS.items() if key in used}


def _top_pages(c: Council, variant: str) -> Iterator[tuple[str, str]]:
    wide = "---\nhtml_theme.sidebar_secondary.remove: true\n---\n"
    yield "index.md", ("# Benchmark Council Target Operating Models\n\n"
                       f"{_para(random.Random(c.seed), 4)}\n\n## The golden thread\n\n"
                       + _view(variant, "tom-golden-thread") + "\n"
                       + _toctree(["toms/index", "strategies/index", "layers/index",
                                   "progress"], hidden=True, maxdepth=2))
    yield "toms/index.md", ("# TOMs\n\nEach department keeps its own TOMs.\n\n"
                            + _toctree([f"{d}/index" for d in _departments(c)],
                                       maxdepth=2))
    yield "layers/index.md", ("# Layers\n\nOne layer of every TOM in one place.\n\n"
                              + _view(variant, "tom-layers") + "\n"
                              + _toctree([lay.key for lay in NINE_LAYERS.layers])
                              + "\n## Across every layer\n\n"
                              + _toctree(["../coverage", "../traceability"]))
    for lay in NINE_LAYERS.layers:
        yield f"layers/{lay.key}.md", (f"# {lay.title}\n\nThe {lay.title.lower()} layer of "
                                       "every TOM.\n\n" + _view(variant, "tom-layer", lay.key))
    yield "coverage.md", (f"{wide}# Coverage\n\nHow completely each TOM covers the nine "
                          "layers.\n\n" + _view(variant, "tom-coverage"))
    yield "traceability.md", (f"{wide}# Traceability\n\nActions of each TOM per strategy "
                              "and priority.\n\n## Strategies\n\n"
                              + _view(variant, "tom-traceability", of="strategy")
                              + "\n## Priorities\n\n"
                              + _view(variant, "tom-traceability", of="priority")
                              + "\n## Gaps\n\n" + _view(variant, "tom-orphans"))
    yield "progress.md", ("# Progress\n\nThe action plans of every TOM.\n\n"
                          + _toctree(["changes"], hidden=True)
                          + "\n## By department\n\n"
                          + _view(variant, "tom-progress", by="department")
                          + "\n## By TOM\n\n" + _view(variant, "tom-progress", by="tom")
                          + "\n## Overdue actions\n\n" + _view(variant, "tom-overdue")
                          + "\n## Savings against the MTFS\n\n"
                          + _view(variant, "tom-savings"))
    yield "changes.md", ("# Changes since the last board\n\nWhat moved since the needs "
                         "archived for the board.\n\n" + _view(variant, "tom-changes"))


def _strategy_pages(c: Council, variant: str) -> Iterator[tuple[str, str]]:
    corporate = [code.lower() for code, _t, _l, corp in STRATEGIES if corp]
    departmental = [code.lower() for code, _t, _l, corp in STRATEGIES if not corp]
    yield "strategies/index.md", (
        "# Strategies\n\nCorporate and departmental strategies, each with a layer lead.\n\n"
        "## Corporate strategies\n\n" + _toctree(corporate)
        + "\n## Departmental strategies\n\n" + _toctree(departmental)
        + "\n## The golden thread, principles, themes and decisions\n\n"
        + _toctree(["../golden-thread/index", "../principles", "../themes",
                    "../decisions"]))
    for number, (code, title, lead, corp) in enumerate(STRATEGIES):
        sid = f"STR_{code}"
        delivers = f"PRI_{number % 6 + 1:02d}"
        need = _need(variant, "strategy", title, sid, [
            ("owner", f"Head of {title.split()[0]}"), ("leads", lead),
            ("scope", "corporate" if corp else "departmental"), ("horizon", "2025-2029"),
            ("handle", f"@{code.lower()}-lead"), ("delivers", delivers)],
            c.strategy_text[sid])
        yield f"strategies/{code.lower()}.md", (
            f"# {title}\n\n{need}\n## Actions that support this strategy\n\n"
            + (_view(variant, "tom-actions", supports=sid) if variant == "tom" else
               _needtable(variant, f"type == 'action' and '{sid}' in supports",
                          f"Actions supporting {sid}")
               or "Listed in each TOM's route.\n"))
    yield "golden-thread/index.md", ("# The golden thread\n\nThe plans at the top.\n\n"
                                     + _toctree(["community-plan", "corporate-plan",
                                                 "mtfs"]))
    yield "golden-thread/community-plan.md", (
        "# Community Plan\n\n" + _need(variant, "plan", "Community Plan 2025–2035",
                                       "PLAN_COMMUNITY", [("plan_kind", "community-plan"),
                                                          ("owner", "Chief Executive"),
                                                          ("horizon", "2025-2035")],
                                       "The ten-year vision for the borough."))
    priorities = "\n".join(_need(variant, "priority", title, f"PRI_{i:02d}",
                                 [("part_of", "PLAN_CORPORATE")],
                                 "Objectives for the four years.")
                           for i, title in enumerate(PRIORITIES, start=1))
    yield "golden-thread/corporate-plan.md", (
        "# Corporate Plan\n\n" + _need(variant, "plan", "Corporate Plan 2025–2029",
                                       "PLAN_CORPORATE", [("plan_kind", "corporate-plan"),
                                                          ("owner", "Chief Executive"),
                                                          ("horizon", "2025-2029"),
                                                          ("informed_by", "PLAN_COMMUNITY")],
                                       "The council's priorities.")
        + f"\n## Priorities\n\n{priorities}")
    targets = ", ".join(f"{d}={1000 * (i + 2)}" for i, d in enumerate(DEPARTMENTS))
    yield "golden-thread/mtfs.md", (
        "# Medium Term Financial Strategy\n\n"
        + _need(variant, "plan", "Medium Term Financial Strategy 2025–2029", "PLAN_MTFS",
                [("plan_kind", "mtfs"), ("owner", "Director of Finance"),
                 ("horizon", "2025-2029"), ("informed_by", "PLAN_CORPORATE"),
                 ("targets", targets)], "Savings each department must find."))
    yield "principles.md", ("# Design principles\n\n" + "\n".join(
        _need(variant, "principle", title, f"PRN_{code}", [], "A principle every TOM embodies.")
        for code, title in PRINCIPLES))
    yield "themes.md", ("# Emerging themes\n\n" + "\n".join(
        _need(variant, "theme", title, f"THM_{code}", [], "A theme found across the TOMs.")
        for code, title in THEMES) + "\n## Where the themes are carried\n\n"
        + _view(variant, "tom-themes"))
    yield "decisions.md", ("# Decisions\n\n" + _need(
        variant, "decision", "Cabinet approval of the TOMs", "DEC_2025_CABINET",
        [("meeting", "Cabinet"), ("date", "2025-09-15"), ("item", "9"),
         ("resolution", "To approve the TOMs for 2025-2030")], "Cabinet approved the TOMs."))


def _tom_pages(tom: Tom, variant: str) -> Iterator[tuple[str, str]]:
    options = [("owner", tom.owner), ("author", f"{tom.title} Service Manager"),
               ("horizon", "2025-2030"), ("stage", tom.stage), ("review_by", tom.review_by),
               ("aligns", ", ".join(tom.aligns)), ("embodies", ", ".join(tom.embodies))]
    if tom.stage == "approved":
        options.append(("approved_by", "DEC_2025_CABINET"))
    if variant == "stock":
        options.insert(0, ("department", tom.department))
    need = _need(variant, "tom", f"{tom.title} {TOM_TITLE_SUFFIX}", f"TOM_{tom.code}",
                 options, tom.vision)
    table = _needtable(variant, f"type == 'action' and docname.startswith('{tom.docdir}/')",
                       f"Actions of TOM_{tom.code}")
    # the stock author's action plan goes under the TOM, without a heading of its own:
    # every variant has the same headings
    yield f"{tom.docdir}/index.md", (
        f"# {tom.title}\n\n{need}\n{table}\n## Scope\n\n{tom.scope}\n\n"
        + "## Layers\n\n" + _toctree([layer.key for layer in tom.layers], hidden=True))
    for layer in tom.layers:
        options = [("guided_by", layer.guided_by)]
        if variant == "stock":
            options += [("part_of", f"TOM_{tom.code}"), ("layer_key", layer.key)]
        need = _need(variant, "layer", layer.title, layer.id, options)
        actions = "\n".join(_action_item(variant, a) for a in layer.actions)
        yield f"{tom.docdir}/{layer.key}.md", (
            f"# {layer.title}\n\n{need}\n## Current operating model\n\n"
            + "\n\n".join(layer.current) + "\n\n## Target operating model\n\n"
            + "\n\n".join(layer.target) + f"\n\n## Route\n\n{layer.route}\n\n{actions}")


def baseline(c: Council, seed: int) -> dict[str, object]:
    """A compact needs.json of the council as it was at the last board: the same needs,
    a few statuses and due dates different, so the changes page has rows."""
    rng = random.Random(seed + 1)
    needs: dict[str, dict[str, object]] = {}
    sections: dict[str, list[str]] = {}
    target_id = c.target[2].id
    for tom in c.toms:
        tid = f"TOM_{tom.code}"
        needs[tid] = {"id": tid, "type": "tom", "title": f"{tom.title} {TOM_TITLE_SUFFIX}",
                      "docname": f"{tom.docdir}/index", "department": tom.department,
                      "owner": tom.owner, "stage": tom.stage, "review_by": tom.review_by,
                      "aligns": tom.aligns, "content": tom.vision}
        for layer in tom.layers:
            doc = f"{tom.docdir}/{layer.key}"
            sections[doc] = [layer.title, "Current operating model",
                             "Target operating model", "Route"]
            needs[layer.id] = {"id": layer.id, "type": "layer", "title": layer.title,
                               "docname": doc, "layer_key": layer.key, "part_of": [tid],
                               "guided_by": [layer.guided_by]}
            for action in layer.actions:
                status, due = action.status, action.due
                if action.id != target_id and rng.random() < 0.02:
                    status = rng.choice(STATUSES)
                if action.id != target_id and rng.random() < 0.01:
                    due = (dt.date.fromisoformat(due) - dt.timedelta(days=28)).isoformat()
                needs[action.id] = {"id": action.id, "type": "action", "title": action.title,
                                    "docname": doc, "owner": action.owner, "due": due,
                                    "status": status, "supports": action.supports,
                                    "part_of": [layer.id], "content": action.body}
    return {"current_version": "",
            "versions": {"": {"needs": needs, "needs_amount": len(needs)}},
            "golden_thread": {"format": 1, "sections": sections,
                              "departments": DEPARTMENTS, "framework": "nine-layer",
                              "label": "the last board"}}


def write_site(c: Council, variant: str, dest: Path) -> Path:
    """The council as a site of ``variant`` in ``dest`` (conf.py beside source/)."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}")
    (dest / "source").mkdir(parents=True, exist_ok=True)
    (dest / "conf.py").write_text(conf_py(variant), encoding="utf-8")
    for path, text in pages(c, variant):
        out = dest / "source" / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    if variant == "tom":
        out = dest / "baselines/board.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(baseline(c, c.seed), indent=None, sort_keys=True),
                       encoding="utf-8")
    return dest


def target_page(c: Council) -> str:
    """Path under source/ of the page that holds the action the benchmark changes."""
    tom, layer, _action = c.target
    return f"{tom.docdir}/{layer.key}.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate",
                                     description="Write the synthetic council's three sites.")
    parser.add_argument("dest", type=Path, help="folder to write floor/, stock/, tom/ into")
    parser.add_argument("-n", "--toms", type=int, default=14, help="number of TOMs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args(argv)
    data = council(args.toms, args.seed)
    for variant in args.variants.split(","):
        write_site(data, variant, args.dest / variant)
    actions = sum(1 for _ in data.actions)
    print(f"{args.toms} TOMs, {actions} actions, written to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
