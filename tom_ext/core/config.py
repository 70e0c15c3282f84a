"""The site's ``tom_*`` settings: one dataclass, each field with its default, check and help."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from tom_ext.core.audience import AUDIENCES
from tom_ext.core.framework import Framework, FrameworkError, resolve
from tom_ext.core.messages import ESCALATABLE
from tom_ext.core.refresh import setting_problem as _is_refresh
from tom_ext.core.versions import check as _is_versions

# The HTML authors may write is a setting (tom_html_allowed): its default and the tags it may
# never list are here; tom_ext.safety.html_scan enforces both.

#: HTML tags authors may use when the site does not say otherwise (``tom_html_allowed``)
DEFAULT_ALLOWED = ("abbr", "br", "sub", "sup")

#: tags that run script, load other pages or documents, or change how the page loads:
#: never allowed, whatever ``tom_html_allowed`` says
NEVER_ALLOWED = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal",
    "base", "link", "meta", "style", "form", "svg", "math", "template", "noscript",
})


def _is_mapping_of_str(value: Any) -> str | None:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return "must be a dict of department key to department name, both strings"
    return None


def _is_any_str(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a string"


def _is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be True or False"


def _is_mapping_of_str_any(value: Any) -> str | None:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return "must be a dict of strings"
    return None


def _is_framework(value: Any) -> str | None:
    try:
        resolve(value)
    except FrameworkError as err:
        return str(err)
    return None


def _is_iso_date_or_none(value: Any) -> str | None:
    if value is None:
        return None
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return f"must be an ISO date such as 2026-03-31, not {value!r}"
    return None


def _is_str(value: Any) -> str | None:
    return None if isinstance(value, str) and value else "must be a non-empty string"


def _is_escalatable(value: Any) -> str | None:
    allowed = sorted(w.value for w in ESCALATABLE)
    if not isinstance(value, list | tuple) or not all(v in allowed for v in value):
        return f"must be a list of: {', '.join(allowed)}"
    return None


def _is_html_allow_list(value: Any) -> str | None:
    if not isinstance(value, list | tuple) or not all(
            isinstance(v, str) and v.isalnum() and v == v.lower() for v in value):
        return "must be a list of HTML tag names in lower case, e.g. ['abbr', 'br']"
    never = sorted(set(value) & NEVER_ALLOWED)
    if never:
        return (f"may not list {', '.join(never)}: these tags run script or load content "
                "from elsewhere and are never allowed")
    return None


def _is_count(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return f"must be a whole number, 0 or more (not {value!r})"
    return None


def _is_audience(value: Any) -> str | None:
    if value not in AUDIENCES:
        return f"must be one of: {', '.join(AUDIENCES)} (not {value!r})"
    return None


def _is_edit_url(value: Any) -> str | None:
    if value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s\"'<>]+/", value):
        return ("must be the web editor's address of the folder that holds conf.py, "
                "ending in /, e.g. 'https://gitlab.example.org/team/toms/-/edit/main/'")
    return None


#: a page or folder of the site as a redirect names it: letters, digits, - _ . and /
_SITE_PATH = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*/?")


def _is_redirects(value: Any) -> str | None:
    if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return "must be a dict of old page (or folder/) to new page (or folder/)"
    for old, new in value.items():
        bad = [p for p in (old, new) if not _SITE_PATH.fullmatch(p) or ".." in p.split("/")]
        if bad:
            return (f"names {bad[0]!r}: give a page as its path in source/ without .md "
                    "(e.g. 'toms/parks/index') or a folder ending in / (e.g. 'toms/parks/')")
        if old.endswith("/") != new.endswith("/"):
            return f"maps {old!r} to {new!r}: map a page to a page and a folder to a folder"
    return None


def _meta(help: str, check: Callable[[Any], str | None]) -> dict[str, Any]:
    return {"help": help, "check": check}


@dataclass(frozen=True)
class TomConfig:
    """Settings a site gives in ``conf.py`` as ``tom_<name>``."""

    framework: str | Mapping[str, Any] = field(default="nine-layer", metadata=_meta(
        "The layer framework TOMs are written against: 'nine-layer' (default), '7s', or a "
        "dict with 'name', 'title' and 'layers' (each with key, title, code, question).",
        _is_framework))
    departments: Mapping[str, str] = field(default_factory=dict, metadata=_meta(
        "The council's departments: key (used in a TOM's :department:) to display name.",
        _is_mapping_of_str))
    toms_dir: str = field(default="toms", metadata=_meta(
        "Folder under source/ that holds one folder per TOM.", _is_str))
    build_date: str | None = field(default=None, metadata=_meta(
        "The date the site is built as (ISO). Default: SOURCE_DATE_EPOCH if set, else "
        "today. Overdue actions and past review dates are judged against it.",
        _is_iso_date_or_none))

    layer_leads: Mapping[str, str] = field(default_factory=dict, metadata=_meta(
        "Repository handles reviewing each layer (layer key to space-separated handles), "
        "for `tom codeowners`; overrides the :handle: of the strategy that leads the layer.",
        _is_mapping_of_str_any))
    dot: str = field(default="", metadata=_meta(
        "The Graphviz program that draws the golden thread. Default: the graphviz-pure "
        "program installed with Golden Thread, else `dot` on the PATH.", _is_any_str))
    draw: bool = field(default=True, metadata=_meta(
        "Draw the charts and the golden thread diagrams (tom check turns this off: a check "
        "needs the data, not the pictures).", _is_bool))
    needs_json: bool = field(default=True, metadata=_meta(
        "Publish needs.json (every need with its fields and links) at the site root.",
        _is_bool))
    refresh: Mapping[str, str] = field(default_factory=dict, metadata=_meta(
        "The refresh under way and its timetable: a dict of 'name' (as TOMs write it in "
        ":refresh:, e.g. '2027-2029') and the ISO dates 'start', 'first_draft', "
        "'second_draft', 'final_draft' and 'approval', each after the one before. The "
        "Refresh page (tom-refresh) shows every TOM against it, the home page where it "
        "stands while it runs, and tom check gives the author of a TOM behind it a notice. "
        "Empty (default): no refresh.", _is_refresh))
    changes_baseline: str = field(default="", metadata=_meta(
        "What a tom-changes view compares the site with: a needs.json archived with an "
        "earlier publication (a path from the folder of conf.py, e.g. "
        "'source/_baselines/2026-09-board.json'; safest in CI) or a git revision, "
        "e.g. a tag such as 'board-2026-09'.", _is_any_str))
    html_allowed: tuple[str, ...] | list[str] = field(default=DEFAULT_ALLOWED, metadata=_meta(
        "The HTML tags authors may write in a page; any other HTML is reported. <script>, "
        "<iframe>, <object>, <embed>, <style>, <svg> and the like can never be allowed, nor "
        "can on…= event attributes or javascript:/data: URLs.", _is_html_allow_list))
    csp_meta: bool = field(default=False, metadata=_meta(
        "Also put the Content-Security-Policy in every page as <meta http-equiv>, for a "
        "web server that cannot send headers (GitLab Pages on gitlab.com). The header is "
        "better: a <meta> policy cannot forbid framing, nor set the other security "
        "headers.", _is_bool))
    navigation_cache: bool = field(default=True, metadata=_meta(
        "Make the theme's section navigation once per section and give each page its copy "
        "(the same markup; a large site builds much faster). False: the theme makes it "
        "again for every page.", _is_bool))
    list_limit: int = field(default=200, metadata=_meta(
        "The most rows a list of actions (tom-actions, tom-overdue, a tom-layer's actions) "
        "or of changes (tom-changes) shows. A longer list shows one row per TOM instead, "
        "with its counts and a link to its page, which lists its own; actions.csv and the "
        "workbook keep every row. A large council's pages stay readable, and a change to one "
        "action rewrites small pages. 0: never.", _is_count))
    audience: str = field(default="intranet", metadata=_meta(
        "Who the build is for: 'intranet' (default: everything, OFFICIAL-SENSITIVE items "
        "marked) or 'public' (nothing OFFICIAL-SENSITIVE in any file written; counts say "
        "how many items are withheld). Set by `tom build --audience public`.",
        _is_audience))
    council: str = field(default="", metadata=_meta(
        "The council's name, at the head of every committee paper (tom paper). Default: "
        "the site's project name.", _is_any_str))
    paper_committee: str = field(default="Cabinet", metadata=_meta(
        "The committee a TOM's paper goes to, unless `tom paper --committee` names another.",
        _is_str))
    paper_board: str = field(default="Improvement Board", metadata=_meta(
        "The board that receives the progress report (`tom paper board`).", _is_str))
    paper_wards: str = field(default="All wards", metadata=_meta(
        "The wards line of a paper's front sheet.", _is_str))
    paper_contact: str = field(default="", metadata=_meta(
        "How readers reach the contact officer (an email address or a telephone number), "
        "after the role on every paper's front sheet.", _is_any_str))
    lead_members: Mapping[str, str] = field(default_factory=dict, metadata=_meta(
        "The lead member (the cabinet member whose portfolio it is) of each department: "
        "department key to title, e.g. 'Cabinet Member for Environment'. A paper leaves "
        "the line for the author to write when a department has none.",
        _is_mapping_of_str_any))
    papers: bool = field(default=False, metadata=_meta(
        "tom build also writes every TOM's committee paper and the board's progress report "
        "(Word and PDF) and links them from the TOM's page and the progress page. Off by "
        "default: it adds to the build's time (benchmarks/RESULTS.md says how much).",
        _is_bool))
    edit_url: str = field(default="", metadata=_meta(
        "The repository's web editor at the folder that holds conf.py, ending in /, e.g. "
        "'https://gitlab.example.org/team/toms/-/edit/main/': every page of the intranet "
        "site gets an edit link (\"Edit on GitLab\" for a GitLab address) that opens its "
        "file there, to propose the change as a merge request. Empty (default): no edit "
        "link. The public site never has one.", _is_edit_url))
    redirects: Mapping[str, str] = field(default_factory=dict, metadata=_meta(
        "Old addresses of moved pages: old page to new page, as paths in source/ without "
        ".md (e.g. {'toms/parks/index': 'toms/parks-green-spaces/index'}), or a renamed "
        "folder to its new name, both ending in / (every page under the new folder is "
        "also found at the old one). Each old address is a small page that sends the "
        "reader on.", _is_redirects))
    versions: Mapping[str, Mapping[str, str]] = field(default_factory=dict, metadata=_meta(
        "Earlier refreshes kept readable: version name (its folder, archive/<name>/) to a "
        "dict of 'revision' (the git tag or commit it was published from), 'title' (what "
        "readers call it, e.g. 'The 2023–2025 TOMs'), 'replaced' (the ISO date it stopped "
        "being current) and 'by' (what replaced it: a decision's ID or words). "
        "`tom build --versions` archives each; every TOM page compares with the most "
        "recently replaced.", _is_versions))
    fail_on_notices: tuple[str, ...] | list[str] = field(default=(), metadata=_meta(
        "Notices that should fail the build like warnings: 'orphan' (strategies and "
        "priorities nothing supports, TOMs aligned to no priority). A past review-by date "
        "never fails a build.", _is_escalatable))

    @classmethod
    def from_sphinx(cls, config: Any) -> TomConfig:
        return cls(**{f.name: getattr(config, f"tom_{f.name}") for f in fields(cls)})

    def problems(self) -> list[str]:
        """What is wrong with the values, one sentence each naming the setting."""
        return [f"{name} {message}" for name, message in self.problems_by_setting()]

    def problems_by_setting(self) -> list[tuple[str, str]]:
        """``(setting, what is wrong with it)`` for each bad value (``SOURCE_DATE_EPOCH``,
        from the environment, included)."""
        found = []
        for f in fields(self):
            message = f.metadata["check"](getattr(self, f.name))
            if message:
                found.append((f"tom_{f.name}", message))
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch_date(epoch) is None:
            found.append(("SOURCE_DATE_EPOCH", f"{epoch!r} is not a build date: it must be "
                          "whole seconds since 1970 (UTC), e.g. $(git log -1 --format=%ct)"))
        return found

    def resolved_framework(self) -> Framework:
        return resolve(self.framework)

    def today(self) -> dt.date:
        """The build date: ``tom_build_date``, else SOURCE_DATE_EPOCH, else today (a bad
        value of either is one of :meth:`problems`, which stop the build)."""
        if self.build_date and _is_iso_date_or_none(self.build_date) is None:
            return dt.date.fromisoformat(str(self.build_date))
        return epoch_date(os.environ.get("SOURCE_DATE_EPOCH")) or dt.date.today()


def epoch_date(epoch: str | None) -> dt.date | None:
    """The UTC date of SOURCE_DATE_EPOCH (ASCII digits: seconds since 1970); None when it
    is not set or not such a number."""
    if not epoch or not re.fullmatch(r"[0-9]{1,12}", epoch.strip()):
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def config_values() -> list[tuple[str, Any, str]]:
    """``(name, default, help)`` of every setting, for ``app.add_config_value`` and docs."""
    result = []
    for f in fields(TomConfig):
        default = f.default_factory() if callable(f.default_factory) else f.default  # type: ignore[misc]
        result.append((f"tom_{f.name}", default, f.metadata["help"]))
    return result
