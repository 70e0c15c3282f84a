"""``tom init``: start a new council's site that builds and checks clean at once, so that a
council never has to copy the example and delete Kestrelford."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import re
import shlex
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tom_ext.cli import new, scaffold
from tom_ext.cli.codeowners import cmd_codeowners
from tom_ext.cli.site_template import Council, site_files, slug, strategy_id
from tom_ext.core.framework import BUILTIN
from tom_ext.core.model import PROMPT, STARTER
from tom_ext.core.project import BUILD_DIR, Paths

INIT_EXAMPLES = """\
examples:
  tom init toms                          Example Council, one department (Corporate
                                         Services), the nine-layer framework, both pipelines
  tom init kestrelford-toms --council "Borough of Kestrelford" \\
      --department corporate-services="Corporate Services" \\
      --department environment="Environment & Regeneration"
  tom init toms --framework 7s --ci gitlab --tom-title "Customer Services" --tom-code CUS

then: cd DIR && tom build

exit status: 0 when the site was written; 1 when it does not build (nothing is written);
2 when DIR is not empty or a value cannot be used.
"""

DEFAULT_COUNCIL = "Example Council"
DEFAULT_DEPARTMENT = "corporate-services=Corporate Services"
#: what a folder may already hold for tom init to start a site in it
MAY_ALREADY_HOLD = frozenset({".git"})
#: what the first TOM's prose prompts become: ``tom check`` reports a TODO prompt as a
#: fault, so a site with them would not check clean; starter text is a notice instead
NOT_WRITTEN_YET = f"{STARTER} "
CI_CHOICES = {"gitlab": ("gitlab",), "github": ("github",), "both": ("gitlab", "github")}

_KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_TOM_CODE = re.compile(r"[A-Z][A-Z0-9]{1,7}")
_BREAKS_A_PAGE = re.compile(r"[<>`\x00-\x1f\x7f]")
_PROMPT_OPTION = re.compile(rf"^:(\w+): {PROMPT}$", re.M)
_PROMPT_TEXT = re.compile(rf"^{PROMPT}: ", re.M)


class InitRefusedError(Exception):
    """What was asked for cannot be started; the message says why and what to give."""


def cmd_init(args: argparse.Namespace, _paths: Paths | None = None) -> int:
    target = Path(args.directory)
    try:
        council = council_of(args)
        refuse_unless_empty(target)
        written = write_site(target, council, *first_tom_of(args, council))
    except (InitRefusedError, new.RefusedError) as err:
        print(f"tom init: {err}", file=sys.stderr)
        return 2
    except SiteDoesNotBuildError as err:
        print(f"tom init: {err}", file=sys.stderr)
        return 1
    for path in written:
        print(f"tom init: wrote {path}")
    print(f"tom init: started {council.name}'s site in {target}. Next: cd "
          f"{shlex.quote(str(target))} && "
          "tom build (then tom serve to preview it, and tom check before each commit)")
    return 0


def council_of(args: argparse.Namespace) -> Council:
    """The council as the options describe it, or a refusal saying what to give."""
    name = one_line(args.council, "--council", "the council's name")
    if not name:
        raise InitRefusedError("--council is empty: give the council's name, e.g. "
                               "--council \"Borough of Kestrelford\"")
    departments: dict[str, str] = {}
    for given in args.department or [DEFAULT_DEPARTMENT]:
        key, _, title = given.partition("=")
        key, title = key.strip(), one_line(title, "--department", "its name", given)
        if not _KEY.fullmatch(key) or not title:
            raise InitRefusedError(
                f"--department {given!r} cannot be used: give KEY=Name, the key in small "
                "letters, digits and hyphens (it is a folder and part of every page's "
                f"address), e.g. --department {slug(key or title) or 'corporate-services'}="
                f"\"{title or 'Corporate Services'}\"")
        if key in departments:
            raise InitRefusedError(f"--department {key} is given twice: give each "
                                   "department once")
        departments[key] = title
    return Council(name, departments, BUILTIN[args.framework], CI_CHOICES[args.ci],
                   dt.date.today())


def one_line(text: str, option: str, what: str, given: str | None = None) -> str:
    """``text`` with its spaces tidied; a refusal when it would break a page or conf.py
    (HTML's < and >, Markdown's backtick, a line break)."""
    if _BREAKS_A_PAGE.search(text.strip()):
        raise InitRefusedError(f"{option} {given or text!r} cannot be used: give {what} on "
                               "one line, without < > or `")
    return " ".join(text.split())


def refuse_unless_empty(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise InitRefusedError(f"{target} is a file: give a new or empty folder")
    held = sorted(p.name for p in target.iterdir()) if target.is_dir() else []
    others = [name for name in held if name not in MAY_ALREADY_HOLD]
    if others:
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3
                                         else "")
        raise InitRefusedError(f"{target} is not empty (it holds {shown}): tom init starts "
                               "a site only in a new or empty folder")


def first_tom_of(args: argparse.Namespace, council: Council) -> tuple[str, str]:
    """The first TOM's title and code: as given, else the first department's name and
    its initials."""
    title = (one_line(args.tom_title or "", "--tom-title", "the TOM's name")
             or council.departments[council.first_department])
    code = (args.tom_code or tom_code_of(title)).upper()
    if not _TOM_CODE.fullmatch(code):
        raise InitRefusedError(f"--tom-code {args.tom_code!r} cannot be used: give 2-8 "
                               "capital letters or digits, starting with a letter, e.g. CUS")
    return title, code


def tom_code_of(title: str) -> str:
    """A TOM code from its title: the initials (Corporate Services → CS), or the first
    letters of a one-word title (Finance → FIN)."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", title)
    code = "".join(word[0] for word in words).upper()
    if len(code) < 2:
        code = words[0][:3].upper() if words and len(words[0]) > 1 else "TOM"
    return code[:8]


class SiteDoesNotBuildError(Exception):
    """The site tom init wrote does not build (a fault of tom init, never of its user)."""


def write_site(target: Path, council: Council, tom_title: str, tom_code: str) -> list[str]:
    """Write the site in a folder beside ``target`` and move it in only once it builds, so
    a refusal or a failure never leaves half a site. The paths written, sorted."""
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tom-init-", dir=parent))
    try:
        _write_files(staging, council, tom_title, tom_code)
        _write_codeowners(staging)
        shutil.rmtree(staging / BUILD_DIR, ignore_errors=True)
        written = sorted(p.relative_to(staging).as_posix()
                         for p in staging.rglob("*") if p.is_file())
        target.mkdir(exist_ok=True)
        for entry in staging.iterdir():
            entry.rename(target / entry.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def _write_files(root: Path, council: Council, tom_title: str, tom_code: str) -> None:
    folder = slug(tom_title) or "first-tom"
    toms = f"source/toms/{council.first_department}"
    for path, text in site_files(council, f"{toms}/{folder}").items():
        scaffold.write_new(root / path, text)
    # the first TOM is written by the code that writes every TOM (tom new tom)
    asked = argparse.Namespace(department=council.first_department, folder=folder,
                               code=tom_code, title=tom_title)
    for page in new.new_tom(asked, Paths(root)):
        values = _first_tom_values(council, page)
        page.write_text(written_out(page.read_text(encoding="utf-8"), values),
                        encoding="utf-8")


def _first_tom_values(council: Council, page: Path) -> dict[str, str]:
    """What the first TOM's option prompts are given: roles, and the priority and
    strategies tom init wrote."""
    layer = council.framework.get(page.stem)
    if layer is not None:
        return {"guided_by": strategy_id(layer)}
    department = council.departments[council.first_department]
    return {"owner": f"Director of {department}", "author": "Business Improvement Manager",
            "aligns": "PRI_01"}


def written_out(text: str, values: Mapping[str, str]) -> str:
    """A page of ``tom new`` with its prompts replaced: each option prompt by its value,
    each prose prompt by :data:`NOT_WRITTEN_YET` (the prompt's words stay, to say what to
    write there)."""
    text = _PROMPT_OPTION.sub(lambda found: f":{found.group(1)}: {values[found.group(1)]}",
                              text)
    return _PROMPT_TEXT.sub(NOT_WRITTEN_YET, text)


def _write_codeowners(root: Path) -> None:
    """CODEOWNERS by ``tom codeowners`` itself, which builds the site: it fails when the
    site does not build."""
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        status = cmd_codeowners(argparse.Namespace(output="CODEOWNERS"), Paths(root))
    if status != 0:
        raise SiteDoesNotBuildError("the new site does not build, so nothing was written — "
                                    f"please report this:\n{said.getvalue().strip()}")


def add_init_parser(sub: Any) -> None:
    init = sub.add_parser(
        "init", help="start a new council's site in an empty folder",
        description="Start a new council's site in DIR (a new or empty folder): conf.py "
                    "with the council's name, departments and layer framework; the home "
                    "page, the golden thread (a Corporate Plan with one priority, a "
                    "Medium Term Financial Strategy), a strategy leading each layer, the "
                    "layer, coverage, traceability and progress pages; a first TOM of the "
                    "first department, written as `tom new tom` writes one; the GitLab and "
                    "GitHub pipelines, CODEOWNERS, pyproject.toml, README.md and "
                    ".gitignore. The site builds and checks with no warnings at once.",
        epilog=INIT_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    init.add_argument("directory", metavar="DIR", type=Path,
                      help="the new site's folder: new, or empty (a .git folder may be in it)")
    init.add_argument("--council", default=DEFAULT_COUNCIL, metavar="NAME",
                      help=f"the council's name (default: {DEFAULT_COUNCIL})")
    init.add_argument("--department", action="append", metavar="KEY=NAME",
                      help="a department: its key (small letters, digits and hyphens) and "
                           "its name; give it once per department, the first gets the "
                           f"first TOM (default: {DEFAULT_DEPARTMENT})")
    init.add_argument("--framework", choices=sorted(BUILTIN), default="nine-layer",
                      help="the layers every TOM is written against (default: nine-layer)")
    init.add_argument("--ci", choices=tuple(CI_CHOICES), default="both",
                      help="which pipeline to write: .gitlab-ci.yml, "
                           ".github/workflows/site.yml or both (default: both)")
    init.add_argument("--tom-title", metavar="TITLE",
                      help="the first TOM's name (default: the first department's name)")
    init.add_argument("--tom-code", metavar="CODE",
                      help="the first TOM's code used in every ID, 2-8 capital letters or "
                           "digits (default: the initials of its name)")
    init.set_defaults(func=cmd_init, needs_site=False)
