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
    ("owner written empty", TECH, ":owner: Head of Libraries", ":owner:",
     f"{TECH}:20: WARNING: :owner: of action 'ACT_LIB_TEC_01' is empty — write the role "
     "title of the officer accountable (never a person's name) after it, e.g. ':owner: Head "
     "of Libraries' [tom.missing_field]"),
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
     f"{TECH}:29: WARNING: the 5 options from ':id: ACT_LIB_TEC_02' on (:id:, :owner:, :due:, "
     ":status:, :supports:) are body text, not options, because a blank line stands between "
     "the directive's options and this line — remove the blank line"),
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
    # one cause, one message: at the first option the blank line cut off
    assert out[:-1] == [
        f"{TECH}:31: WARNING: the 3 options from ':due: 2027-03-31' on (:due:, :status:, "
        ":supports:) are body text, not options, because a blank line stands between the "
        "directive's options and this line — remove the blank line so every option follows "
        "the directive's first line directly [tom.options_in_body]"]


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


PEOPLE = "source/toms/env/lib/people.md"

# (name, file, old text, new text, the whole output of `tom check` but its summary): one
# message per cause, at the line to fix, in tom_ext's words
ONLY = [
    ("a status given twice", TECH, ":status: on-track\n", ":status: on-track\n:status: complete\n",
     [f"{TECH}:23: WARNING: ':status:' is given twice (lines 22 and 23) and only the last one "
      "counts — keep the line that is right and delete the other [tom.repeated_option]"]),
    ("an action's closing fence deleted", TECH, ":themes: THM_DEMAND\n```\n",
     ":themes: THM_DEMAND\n",
     [f"{TECH}:26: WARNING: the action 'First technology action' (line 18) has no closing "
      "```, so the action 'Second technology action' became part of its text — add a line "
      "``` before this line [tom.unclosed]"]),
    ("a layer's closing fence deleted", TECH, ":guided_by: STR_IT\n```\n",
     ":guided_by: STR_IT\n",
     [f"{TECH}:7: WARNING: the layer 'Technology' (line 3) has no closing ```, so the heading "
      "'## Current operating model' became part of its text — add a line ``` before this "
      "line [tom.unclosed]"]),
    ("a no-break space pasted after an option", TECH, ":owner: Head of Libraries\n",
     ":owner:\u00a0Head of Libraries\n",
     [f"{TECH}:20: WARNING: a no-break space after ':owner:', pasted from a word processor: "
      "the options of this directive cannot be read, so none of them counts — delete it, or "
      "type an ordinary space [tom.pasted_character]"]),
    ("a typographic dash in a date", TECH, ":due: 2026-03-31", ":due: 2026\u201303\u201331",
     [f"{TECH}:21: WARNING: an en dash (–) in the value of ':due:', pasted from a word "
      "processor — type a plain hyphen (-) instead [tom.pasted_character]"]),
    ("a link in the text to a renamed action", PEOPLE, "## Route\n",
     "## Route\n\nSee {need}`ACT_LIB_TEC_09`.\n",
     [f"{PEOPLE}:18: WARNING: {{need}} link: no need has the ID ACT_LIB_TEC_09 — did you "
      "mean ACT_LIB_TEC_02 or ACT_LIB_TEC_01 or ACT_LIB_SER_02? [tom.unknown_link]"]),
    ("an ID in small letters", PEOPLE, ":supports: STR_IT\n", ":supports: str_it\n",
     [f"{PEOPLE}:23: WARNING: supports: no need has the ID str_it — IDs are in capitals: "
      "write STR_IT [tom.unknown_link]"]),
    ("a strategy named by its title", PEOPLE, ":supports: STR_IT\n", ":supports: IT Strategy\n",
     [f"{PEOPLE}:23: WARNING: supports: 'IT Strategy' is the title of STR_IT, not its ID — "
      "write STR_IT [tom.unknown_link]"]),
    ("approved with no decision", INDEX, ":approved_by: DEC_2025_CABINET\n", "",
     [f"{INDEX}:6: WARNING: TOM TOM_LIB is approved but names no decision that approved it — "
      "add ':approved_by: <the decision's ID>' (cabinet or committee), or give the stage it "
      "has reached [tom.stage_approval]"]),
    ("a draft that names its approval", INDEX, ":stage: approved", ":stage: final",
     [f"{INDEX}:10: WARNING: TOM TOM_LIB names the decision that approved it but its stage is "
      "'final' — set ':stage: approved', or remove ':approved_by:' until the decision is "
      "made [tom.stage_approval]"]),
    ("an email as owner", TECH, ":owner: Head of Libraries", ":owner: j.smith@kestrelford.gov.uk",
     [f"{TECH}:20: WARNING: owner of ACT_LIB_TEC_01: 'j.smith@kestrelford.gov.uk' is an email "
      "address — name the role that is accountable, e.g. ':owner: Head of Libraries' (people "
      "change jobs; the role stays) [tom.owner_role]"]),
    ("a person as owner", TECH, ":owner: Head of Libraries", ":owner: Jane Smith",
     [f"{TECH}:20: WARNING: owner of ACT_LIB_TEC_01: 'Jane Smith' reads as a person's name — "
      "name the role that is accountable, e.g. ':owner: Head of Libraries' (people change "
      "jobs; the role stays) [tom.owner_role]"]),
    ("TBC as owner", TECH, ":owner: Head of Libraries", ":owner: TBC",
     [f"{TECH}:20: WARNING: owner of ACT_LIB_TEC_01: 'TBC' is a placeholder, not an owner — "
      "name the role that is accountable, e.g. ':owner: Head of Libraries' (people change "
      "jobs; the role stays) [tom.owner_role]"]),
    ("an image without alternative text", PEOPLE, "## Route\n",
     "## Route\n\n![](chart.png)\n",
     [f"{PEOPLE}:18: WARNING: the image 'toms/env/lib/chart.png' has no text for readers who "
      "cannot see it — say what it shows between the brackets: ![what it shows]"
      "(toms/env/lib/chart.png), or give the image directive ':alt: what it shows' "
      "[tom.image_alt]"]),
    ("a block name mistyped", PEOPLE, "## Route\n",
     "## Route\n\n```{acton} Open on Saturdays\n:id: ACT_LIB_PEO_09\n```\n",
     [f"{PEOPLE}:18: WARNING: ```{{acton}} is not a kind of block Golden Thread knows — did "
      "you mean ```{action}? [tom.unknown_markup]"]),
    ("an action in a colon fence", PEOPLE, "## Route\n",
     "## Route\n\n:::{action} Open on Saturdays\n:id: ACT_LIB_PEO_09\n:::\n",
     [f"{PEOPLE}:18: WARNING: ':::{{action}}' is not read as a block: this site writes "
      "blocks between lines of backticks, so it is published as plain text — write "
      "```{action} on its first line and ``` on its last [tom.unknown_markup]"]),
    ("an action in reStructuredText", PEOPLE, "## Route\n",
     "## Route\n\n.. action:: Open on Saturdays\n   :id: ACT_LIB_PEO_09\n",
     [f"{PEOPLE}:18: WARNING: '.. action::' is reStructuredText, which a Markdown page does "
      "not read, so it is published as plain text — write ```{action} on its first line, "
      "its options below it, and ``` on its last [tom.unknown_markup]"]),
    ("an action with no ID, before others", PEOPLE, "## Route\n",
     "## Route\n\n```{action} Open on Saturdays\n\nEvery Saturday.\n```\n",
     [f"{PEOPLE}:18: WARNING: this action has no :id:, so it is left out of the site — add "
      "a line ':id: …' under ```{action}, e.g. ':id: ACT_LIB_PEO_03', the next free ID of "
      "this layer page [tom.missing_field]"]),
    ("a layer page without its layer block", PEOPLE,
     "```{layer} People\n:id: LYR_LIB_PEO\n:guided_by: STR_IT\n```\n", "",
     [f"{PEOPLE}:1: WARNING: this page has no ```{{layer}} block, so it is not TOM TOM_LIB's "
      "People layer and its actions belong to no layer — add under its heading the lines "
      "'```{layer} People', ':id: LYR_LIB_PEO' and '```' [tom.missing_layer]"]),
    ("a toctree entry misspelt", INDEX, "\ntechnology\n", "\ntechnolgy\n",
     [f"{INDEX}:22: WARNING: this toctree lists toms/env/lib/technolgy, a page that does not "
      "exist — did you mean technology? correct the line [tom.broken_link]"]),
    ("two IDs without a comma", PEOPLE, ":supports: PRI_02", ":supports: PRI_02 STR_IT",
     [f"{PEOPLE}:32: WARNING: supports: 'PRI_02 STR_IT' is two IDs with no comma between "
      "them — separate them with commas: PRI_02, STR_IT [tom.unknown_link]"]),
    ("a role name mistyped", PEOPLE, "## Route\n", "## Route\n\nSee {nede}`ACT_LIB_PEO_01`.\n",
     [f"{PEOPLE}:18: WARNING: {{nede}}`…` is not a role Golden Thread knows — did you mean "
      "{need}`…`? [tom.unknown_markup]"]),
    ("a heading level skipped", PEOPLE, "## Route\n", "## Route\n\n#### In detail\n",
     [f"{PEOPLE}:18: WARNING: this heading jumps from level 2 (##) to level 4 (####) — make "
      "it ### (level 3): readers using a screen reader move through a page by its heading "
      "levels [tom.heading_level]"]),
    ("a footnote with no note", PEOPLE, "## Route\n", "## Route\n\nAs agreed[^board].\n",
     [f"{PEOPLE}:18: WARNING: the footnote [^board] has no note — add a line '[^board]: the "
      "note' to the page, or remove [^board] [tom.broken_link]"]),
    ("a file to include that is not there", PEOPLE, "## Route\n",
     "## Route\n\n```{include} notes.md\n```\n",
     [f"{PEOPLE}:18: WARNING: the file to include, source/toms/env/lib/notes.md, does not "
      "exist — write its path relative to this page, or remove the block [tom.broken_link]"]),
    ("a picture that is not there", PEOPLE, "## Route\n",
     "## Route\n\n![The floor plan](plan.png)\n",
     [f"{PEOPLE}:18: WARNING: the image source/toms/env/lib/plan.png does not exist — put "
      "the file there, or correct its path (relative to this page) [tom.broken_link]"]),
    ("a link to a heading that is not there", PEOPLE, "## Route\n",
     "## Route\n\nSee [the plan](#the-plan).\n",
     [f"{PEOPLE}:18: WARNING: the link to #the-plan names no heading of this page — the "
      "part after # is a heading in lower-case words joined by hyphens, e.g. "
      "#target-operating-model [tom.broken_link]"]),
    ("a label given twice", PEOPLE, "## Route\n",
     "## Route\n\n(the-plan)=\n### The plan\n\n(the-plan)=\n### The plan again\n",
     [f"{PEOPLE}:21: WARNING: the label (the-plan)= is written twice — give each its own "
      "name, or remove one [tom.duplicate_id]"]),
    ("a link to a label that is not there", PEOPLE, "## Route\n",
     "## Route\n\n(the-plan)=\n### The plan\n\nSee {ref}`the-plans`.\n",
     [f"{PEOPLE}:21: WARNING: the link {{ref}}`the-plans` names no label of the site — did "
      "you mean {ref}`the-plan`? [tom.broken_link]"]),
    ("an action with no title", PEOPLE, "```{action} Second people action\n", "```{action}\n",
     [f"{PEOPLE}:27: WARNING: this action has no title — write it on the same line, after "
      "```{action}, e.g. ```{action} Open the library on Saturdays [tom.missing_field]"]),
]


def _plant(root, path, old, new):
    page = root / path
    text = page.read_text()
    assert old in text, old
    page.write_text(text.replace(old, new, 1))
    (root / "source/toms/env/lib/chart.png").write_bytes(PNG)


#: a 1 × 1 PNG, so that an image a page shows exists
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
       b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.mark.parametrize(("name", "path", "old", "new", "expected"), ONLY,
                         ids=[c[0] for c in ONLY])
def test_one_message_per_cause_at_the_line_to_fix(project, capsys, name, path, old, new,
                                                   expected):
    root = project("basic")
    _plant(root, path, old, new)
    assert cli.main(["-C", str(root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == expected
    assert "Traceback" not in "\n".join(out)


@pytest.mark.parametrize("fmt", ["json", "gitlab", "github"])
@pytest.mark.parametrize(("name", "path", "old", "new", "expected"), ONLY[::3],
                         ids=[c[0] for c in ONLY[::3]])
def test_the_same_message_in_every_format(project, capsys, fmt, name, path, old, new,
                                          expected):
    import json
    import re

    root = project("basic")
    _plant(root, path, old, new)
    assert cli.main(["-C", str(root), "check", "--format", fmt]) == 1
    out = capsys.readouterr().out
    (line,) = expected
    where, message = line.split(": WARNING: ")
    file, number = where.rsplit(":", 1)
    text, kind = re.fullmatch(r"(.*) \[(tom\.\w+)\]", message).groups()
    if fmt == "json":
        problems = [p for p in json.loads(out) if p["severity"] == "error"]
        entry = kind.replace(".", "-").replace("_", "-")
        assert problems == [{"path": file, "line": int(number), "severity": "error",
                             "message": text, "type": kind,
                             "help": f"handbook/messages.html#{entry}"}]
    elif fmt == "gitlab":
        (problem,) = [p for p in json.loads(out) if p["severity"] == "major"]
        assert (problem["location"]["path"], problem["location"]["lines"]["begin"],
                problem["description"], problem["check_name"]) == (
            file, int(number), text, kind)
    else:
        (problem,) = [p for p in out.splitlines() if p.startswith("::error ")]
        assert problem.startswith(f"::error file={file},line={number},title={kind}::")
        assert problem.endswith(text.replace("%", "%25"))


def test_a_file_that_is_not_utf8_is_a_finding_and_the_rest_is_still_checked(project, capsys):
    root = project("basic")
    page = root / TECH
    page.write_bytes(page.read_bytes().replace(b"Today's", b"Today\x92s"))
    _plant(root, PEOPLE, ":status: on-track\n", ":status: green\n")
    for fmt in ("text", "json"):
        assert cli.main(["-C", str(root), "check", "--format", fmt]) == 1
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
    assert cli.main(["-C", str(root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == [
        f"{PEOPLE}:22: WARNING: status 'green' is not allowed — use one of: not-started, "
        "on-track, at-risk, off-track, complete [tom.bad_value]",
        f"{TECH}:10: WARNING: this file is not UTF-8 text: byte 0x92 on line 10 ('’' in "
        "Windows-1252, as Word saves it) — re-save it as UTF-8 (in VS Code: 'Save with "
        "Encoding', UTF-8; in Notepad: 'Save as', Encoding: UTF-8) [tom.unreadable]"]
    assert cli.main(["-C", str(root), "build", "-q"]) == 1  # the build says the same


def test_a_removed_strategy_page_is_one_message_for_its_links_and_one_for_its_toctree(
        project, capsys):
    root = project("basic")
    assert cli.main(["-C", str(root), "check"]) == 0
    capsys.readouterr()
    (root / "source/strategies/it.md").unlink()
    assert cli.main(["-C", str(root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == [
        "source/index.md:3: WARNING: this toctree lists the page strategies/it, which is gone "
        "(it defined STR_IT) — remove this line, or restore the page [tom.gone_target]",
        "source/toms/env/lib/channels.md:5: WARNING: STR_IT is named by 16 links in 8 files "
        "but no page defines it; it was defined in source/strategies/it.md — restore the need "
        "(or its page), or change these links to the ID that replaces it; this is the first "
        "of them [tom.gone_target]"]
