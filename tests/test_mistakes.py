"""One mistake per fixture build: exit code, file, line and the message with its fix."""

from __future__ import annotations

import pytest

from tom_ext.cli import main as cli

TECH = "source/toms/env/lib/technology.md"
INDEX = "source/toms/env/lib/index.md"

# (name, file, old text, new text, expected message line)
CASES = [
    ("missing owner", TECH, ":owner: Head of Libraries\n", "",
     f"{TECH}:18: WARNING: action 'ACT_LIB_TEC_01' has no :owner: — add a line such as "
     "':owner: Head of Libraries'"),
    ("missing due date", TECH, ":due: 2026-03-31\n", "",
     f"{TECH}:18: WARNING: action 'ACT_LIB_TEC_01' has no :due: — add a line such as "
     "':due: 2026-03-31'"),
    ("missing TOM stage", INDEX, ":stage: approved\n", "",
     f"{INDEX}:3: WARNING: tom 'TOM_LIB' has no :stage: — add a line such as "
     "':stage: second-draft'"),
    ("unknown stage", INDEX, ":stage: approved", ":stage: aproved",
     f"{INDEX}:6: WARNING: stage 'aproved' is not allowed — did you mean 'approved'? use one "
     "of: first-draft, second-draft, final, approved [tom.bad_value]"),
    ("unknown classification", TECH, ":themes: THM_DEMAND",
     ":themes: THM_DEMAND\n:classification: SECRET",
     f"{TECH}:25: WARNING: classification 'SECRET' is not allowed — use one of: OFFICIAL, "
     "OFFICIAL-SENSITIVE [tom.bad_value]"),
    ("UK date", TECH, ":due: 2026-03-31", ":due: 31/03/2026",
     f"{TECH}:21: WARNING: due: '31/03/2026' is not an ISO date — write it as 2026-03-31 "
     "(year-month-day) [tom.bad_date]"),
    ("impossible date", TECH, ":due: 2026-03-31", ":due: 2026-02-30",
     f"{TECH}:21: WARNING: due: '2026-02-30' is not a real date — check the day and month "
     "[tom.bad_date]"),
    ("duplicate ID", TECH, ":id: ACT_LIB_TEC_02", ":id: ACT_LIB_TEC_01",
     f"{TECH}:27: WARNING: ID ACT_LIB_TEC_01 is already used by the action at "
     "toms/env/lib/technology:18 — give this action its own ID [tom.duplicate_id]"),
    ("unknown link", TECH, ":supports: PRI_02", ":supports: PRI_20",
     f"{TECH}:32: WARNING: supports: no need has the ID PRI_20 — did you mean PRI_02"),
    ("link to the wrong type", TECH, ":supports: PRI_02", ":supports: TOM_LIB",
     f"{TECH}:32: WARNING: supports: TOM_LIB is a tom, but :supports: of an action must name "
     "a strategy or priority — link to the strategy or priority instead [tom.wrong_link_type]"),
    ("layer without a section", TECH, "## Route\n", "",
     f"{TECH}:3: WARNING: layer LYR_LIB_TEC has no 'Route' section — add a heading "
     "'## Route' and write it"),
    ("not applicable without reason", TECH, ":guided_by: STR_IT",
     ":guided_by: STR_IT\n:applicable: no",
     f"{TECH}:6: WARNING: layer LYR_LIB_TEC is marked not applicable without a reason — add "
     "':reason: <why this layer does not apply>' [tom.layer_reason]"),
    ("ID off the convention", TECH, ":id: ACT_LIB_TEC_02", ":id: ACT_LIBTEC2",
     f"{TECH}:28: WARNING: ID ACT_LIBTEC2 does not follow the convention "
     "ACT_<TOM>_<LAYER>_<NN> for an action — use ACT_LIB_TEC_02 [tom.id_convention]"),
    ("options after a blank line", TECH, "```{action} Second technology action\n",
     "```{action} Second technology action\n\n",
     f"{TECH}:29: WARNING: ':id: ACT_LIB_TEC_02' is body text, not an option, because a blank "
     "line stands between the directive's options and this line — remove the blank line"),
]


@pytest.mark.parametrize(("name", "path", "old", "new", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_one_mistake(project, capsys, name, path, old, new, expected):
    root = project("basic")
    page = root / path
    text = page.read_text()
    assert old in text
    page.write_text(text.replace(old, new, 1))
    assert cli.main(["-C", str(root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    matching = [line for line in out if line.startswith(expected)]
    assert matching, "\n".join(out)


def test_missing_layer_page(project, capsys):
    root = project("basic")
    (root / "source/toms/env/lib/people.md").unlink()
    index = root / INDEX
    index.write_text(index.read_text().replace("people\n", ""))
    assert cli.main(["-C", str(root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == [
        f"{INDEX}:3: WARNING: TOM TOM_LIB has no People layer — add the page "
        "toms/env/lib/people.md (or mark it ':applicable: no' with a ':reason:') "
        "[tom.missing_layer]"]


def test_options_after_a_blank_line_are_the_only_problem_named(project, capsys):
    root = project("basic")
    page = root / TECH
    page.write_text(page.read_text().replace(":supports: PRI_02\n", ":supports: PRI_02\n\n"
                                             ).replace(":due: 2027-03-31\n",
                                                       "\n:due: 2027-03-31\n"))
    assert cli.main(["-C", str(root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(" WARNING: ")[0] for line in out[:-1]] == [
        f"{TECH}:31:", f"{TECH}:32:", f"{TECH}:33:"]
    assert all("is body text, not an option" in line for line in out[:-1])


def test_a_view_without_its_options_says_what_to_give(project, capsys):
    root = project("basic")
    page = root / "source/strategies/data.md"
    page.write_text(page.read_text() + "\n```{tom-actions}\n```\n")
    assert cli.main(["-C", str(root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == [
        "source/strategies/data.md:15: WARNING: tom-actions needs at least one of :supports:, "
        ":tom:, :layer:, :layer-key:, :theme:, :status: — say which actions to list, e.g. "
        "':supports: STR_IT' [tom.view]"]


def test_a_misspelt_option_is_named_at_its_line_with_the_option_meant(project, capsys):
    root = project("basic")
    page = root / TECH
    page.write_text(page.read_text().replace(":supports: STR_IT", ":support: STR_IT", 1))
    assert cli.main(["-C", str(root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    # the cause only: not sphinx-needs' "Unknown option", nor a missing :supports: link
    assert out[:-1] == [
        f"{TECH}:23: WARNING: ':support:' is not an option of an action — did you mean "
        "':supports:'? The options of an action are :owner:, :due:, :status:, :saving:, "
        ":fte:, :classification:, :part_of:, :supports:, :themes: [tom.unknown_option]"]


def test_an_option_of_no_type_lists_the_options_there_are(project, capsys):
    root = project("basic")
    page = root / TECH
    page.write_text(page.read_text().replace(":due: 2026-03-31", ":due: 2026-03-31\n"
                                             ":budget_code: X123", 1))
    assert cli.main(["-C", str(root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == [
        f"{TECH}:22: WARNING: ':budget_code:' is not an option of an action — the options "
        "of an action are :owner:, :due:, :status:, :saving:, :fte:, :classification:, "
        ":part_of:, :supports:, :themes: [tom.unknown_option]"]
