"""`tom new`: templates whose only problems are the prompts the author must fill in."""

from __future__ import annotations

import re

from tom_ext.cli import main as cli


def test_new_tom_checks_clean_apart_from_its_prompts(project, capsys):
    root = project("basic")
    assert cli.main(["-C", str(root), "new", "tom", "env", "museums", "--code", "MUS",
                     "--title", "Museums"]) == 0
    out = capsys.readouterr().out
    assert "tom new: wrote source/toms/env/museums/index.md" in out
    assert "tom new: wrote source/toms/env/museums/physical-location.md" in out
    tech = (root / "source/toms/env/museums/technology.md").read_text()
    assert ":id: LYR_MUS_TEC" in tech
    assert "*What technology, support and devices do we need to succeed?*" in tech

    assert cli.main(["-C", str(root), "check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    problems, summary = lines[:-1], lines[-1]
    assert problems and all(line.endswith("[tom.not_written]") for line in problems)
    assert all(re.match(r"source/toms/env/museums/[\w-]+\.md:\d+: WARNING: not written yet: ",
                        line) for line in problems)
    # the TOM page: owner, author, aligns, vision and scope; each layer: guided_by and
    # the three sections
    assert len(problems) == 5 + 9 * 4
    assert ("source/toms/env/museums/index.md:5: WARNING: not written yet: :owner: of TOM_MUS "
            "— write the role title of the officer accountable (never a person's name) "
            "(e.g. ':owner: Head of Libraries') [tom.not_written]") in problems
    assert ("source/toms/env/museums/people.md:16: WARNING: not written yet: TODO: how it "
            "will work at the end of the five years. — replace the prompt with your text "
            "[tom.not_written]") in problems
    assert summary.startswith("tom check: 41 problems found")


def test_new_action_takes_the_next_free_id(project, capsys):
    root = project("basic")
    page = "source/toms/env/lib/technology.md"
    assert cli.main(["-C", str(root), "new", "action", page]) == 0
    assert "tom new: added action ACT_LIB_TEC_03 to" in capsys.readouterr().out
    assert cli.main(["-C", str(root), "check"]) == 1
    problems = capsys.readouterr().out.splitlines()[:-1]
    assert [p.split(": WARNING: ")[1].split(" — ")[0] for p in problems] == [
        "not written yet: the title of ACT_LIB_TEC_03",
        "not written yet: :owner: of ACT_LIB_TEC_03",
        "not written yet: :due: of ACT_LIB_TEC_03",
        "not written yet: :supports: of ACT_LIB_TEC_03",
        "not written yet: TODO: what “done” means."]


def test_new_never_overwrites(project, capsys):
    root = project("basic")
    before = (root / "source/toms/env/lib/people.md").read_text()
    assert cli.main(["-C", str(root), "new", "layer", "source/toms/env/lib", "people"]) == 2
    assert "already exists; tom new never overwrites a file" in capsys.readouterr().err
    assert (root / "source/toms/env/lib/people.md").read_text() == before


def test_new_tom_refuses_an_unknown_department(project, capsys):
    root = project("basic")
    assert cli.main(["-C", str(root), "new", "tom", "environment", "x", "--code", "XX",
                     "--title", "X"]) == 2
    assert "department 'environment' is not in tom_departments (env)" in (
        capsys.readouterr().err)


def test_new_tom_goes_into_the_folder_conf_py_names(project, capsys):
    root = project("basic")
    with (root / "conf.py").open("a") as conf:
        conf.write('\ntom_toms_dir = "models"\n')
    assert cli.main(["-C", str(root), "new", "tom", "env", "museums", "--code", "MUS",
                     "--title", "Museums"]) == 0
    assert "tom new: wrote source/models/env/museums/index.md" in capsys.readouterr().out
    assert (root / "source/models/env/museums/technology.md").is_file()
    assert not (root / "source/toms/env/museums").exists()


def test_new_action_takes_an_id_no_page_of_the_site_uses(project, capsys):
    root = project("basic")
    # an action of the technology layer written on another page (moved there by mistake)
    people = root / "source/toms/env/lib/people.md"
    people.write_text(people.read_text().replace("ACT_LIB_PEO_01", "ACT_LIB_TEC_07", 1))
    assert cli.main(["-C", str(root), "new", "action", "source/toms/env/lib/technology.md"]) == 0
    assert "tom new: added action ACT_LIB_TEC_08 to" in capsys.readouterr().out


def test_new_layer_checks_clean_apart_from_its_prompts(project, capsys):
    root = project("basic")
    (root / "source/toms/env/lib/people.md").unlink()
    assert cli.main(["-C", str(root), "new", "layer", "source/toms/env/lib", "people"]) == 0
    assert "tom new: wrote source/toms/env/lib/people.md" in capsys.readouterr().out
    assert cli.main(["-C", str(root), "check"]) == 1
    problems = capsys.readouterr().out.splitlines()[:-1]
    assert [p.split(": WARNING: ")[0] for p in problems] == [
        "source/toms/env/lib/people.md:5", "source/toms/env/lib/people.md:12",
        "source/toms/env/lib/people.md:16", "source/toms/env/lib/people.md:20"]
    assert all(p.endswith("[tom.not_written]") for p in problems)


def test_new_tom_refuses_a_code_in_use(project, capsys):
    root = project("basic")
    assert cli.main(["-C", str(root), "new", "tom", "env", "libraries-2", "--code", "lib",
                     "--title", "Libraries again"]) == 2
    assert capsys.readouterr().err == (
        "tom new: the code LIB is taken: TOM_LIB is in source/toms/env/lib/index.md — "
        "choose another --code\n")
    assert not (root / "source/toms/env/libraries-2").exists()


def test_new_layer_refuses_an_id_another_page_holds(project, capsys):
    root = project("basic")
    lib = root / "source/toms/env/lib"
    (lib / "people.md").rename(lib / "staff.md")
    assert cli.main(["-C", str(root), "new", "layer", "source/toms/env/lib", "people"]) == 2
    assert capsys.readouterr().err == (
        "tom new: the layer's ID LYR_LIB_PEO is taken: it is in source/toms/env/lib/staff.md"
        " — move that page into the TOM's folder as source/toms/env/lib/people.md instead "
        "of writing a new one\n")
    assert not (lib / "people.md").exists()


def test_new_names_a_page_it_cannot_use_and_what_to_give(project, capsys):
    root = project("basic")
    assert cli.main(["-C", str(root), "new", "action", "source/toms/env/lib/staff.md"]) == 2
    assert capsys.readouterr().err == (
        "tom new: source/toms/env/lib/staff.md does not exist — give a layer page inside a "
        "TOM folder, e.g. source/toms/<department>/<tom>/technology.md\n")
    index = root / "source/toms/env/lib/index.md"
    index.write_bytes(index.read_bytes().replace(b"Libraries", b"Libraries\x92", 1))
    page = root / "source/toms/env/lib/people.md"
    before = page.read_bytes()
    assert cli.main(["-C", str(root), "new", "action", "source/toms/env/lib/people.md"]) == 2
    err = capsys.readouterr().err
    assert re.fullmatch(
        r"tom new: source/toms/env/lib/index\.md:(\d+): this file is not UTF-8 text: byte "
        r"0x92 on line \1 \('’' in Windows-1252, as Word saves it\) — re-save it as UTF-8 "
        r"\(in VS Code: 'Save with Encoding', UTF-8; in Notepad: 'Save as', Encoding: "
        r"UTF-8\)\n", err), err
    assert "Traceback" not in err
    assert page.read_bytes() == before


def test_new_tom_refuses_a_folder_name_unfit_for_an_address(project, capsys):
    root = project("basic")
    assert cli.main(["-C", str(root), "new", "tom", "env", "Museums & Galleries", "--code",
                     "MUS", "--title", "Museums"]) == 2
    assert capsys.readouterr().err == (
        "tom new: the folder name 'Museums & Galleries' would be part of every page's "
        "address: use small letters, digits and hyphens, e.g. 'museums-galleries'\n")
    assert not list((root / "source/toms/env").glob("Museums*"))
