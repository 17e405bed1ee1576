"""Bounded inputs everywhere: the speakers file has front matter's limits, every fault
is a located warning and never a traceback."""

from __future__ import annotations

import re

import pytest
from conftest import players

PAGE = '+++\ntitle = "A"\ndate = 2024-01-01T10:00:00\nspeakers = ["Ann Lee"]\n+++\nText.\n'
BOMB = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    + "".join(
        f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "speakers:\n  - name: Ann Lee\n    bio: *i\n"
)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("deep.yaml", "- name: Ann Lee\n  bio: " + "[" * 5000 + "]" * 5000 + "\n", [(1, "speakers-file")]),
        ("bomb.yaml", BOMB, [(1, "speakers-file")]),
        (
            "lines.yaml",
            'speakers:\n  - name: Ann Lee\n  - homepage: x\n  - 5\n  - name: Bo\n    homepage: "javascript:x"\n',
            [(3, "bad-speaker"), (4, "bad-speaker"), (5, "unsafe-url")],
        ),
        ("lines.toml", '[[speakers]]\nname = "Ann"\n\n[[speakers]]\nhomepage = "x"\n', [(4, "bad-speaker")]),
        ("lines.json", '{"speakers": [\n {"name": "Ann"},\n {"homepage": "x"}\n]}\n', [(3, "bad-speaker")]),
        ("bio.yaml", "- name: Ann Lee\n  bio: [1, 2]\n", [(1, "bad-type")]),
    ],
)
def test_speakers_file_faults_are_located_warnings(project, name, text, expected):
    built = project({"events/a.md": PAGE, name: text}, conf=f"talks_speakers = {name!r}\n")
    found = sorted(
        (int(m.group(1)), m.group(2))
        for w in built.warning_lines()
        if (m := re.search(rf"{re.escape(name)}:(\d+): .*\[talks\.([\w-]+)\]", w))
    )
    assert found == expected, built.warnings
    assert "Traceback" not in built.warnings and "Ann Lee" in built.html("talks/a").get_text()


def test_smaller_faults(project):
    from conftest import PNG

    files = {
        "events/u.md": '+++\ntitle = "Unclosed"\ndate = 2024-01-01T10:00:00\nsecret = "KEYTEXT"\n\nBody here.\n',
        "events/arr.json": '[\n {"title": "Json one", "recorded": "2024-01-01", "speakers": ["A B"]},\n'
        ' {"title": "Json two", "recorded": "2024-01-02"},\n 5\n]\n',
        "events/b/index.md": '+++\ntitle = "B"\ndate = 2024-01-01T10:00:00\n+++\n![p](pic#2.png) ![q](what?.png)\n',
        "events/b/pic#2.png": PNG,
        "events/b/what?.png": PNG,
        "events/p.md": '+++\ntitle = "P"\ndate = 2024-01-01T10:00:00\nodd = "a | b"\nsite = "https://x.org/a|b"\n+++\nT.\n',
        "events/v.md": '+++\ntitle = "Evil\\u202egnp.exe"\ndate = 2024-01-01T10:00:00\n'
        'speakers = ["Jane\\u200bDoe", "Jane Doe", "\\u200dJohn Roe"]\n+++\nT.\n',
    }
    built = project(files, verbosity=1)
    warnings = built.warning_lines()
    # an unclosed front matter: a warning, its keys read as front matter, never shown as body
    assert any("u.md:1:" in w and "[talks.unclosed-front-matter]" in w for w in warnings), warnings
    unclosed = built.html("talks/u")
    assert unclosed.find("h1").get_text(strip=True).rstrip("¶") == "Unclosed"
    assert "title =" not in unclosed.get_text() and "Body here." in unclosed.get_text()
    # a JSON array of talks is that many talks; an entry that is no talk is a notice at its line
    assert "Json one" in built.html("talks/json-one").get_text() and built.html("talks/json-two")
    assert "arr.json:4: array entry without a talk title left out" in built.status
    # files named with # and ? are found
    assert not [w for w in warnings if "b/index.md" in w], warnings
    assert len(built.html("talks/b").select("section img")) == 2
    # | in a More details value keeps the cell and the link
    rows = {
        tr.find_all("td")[0].get_text(): tr.find_all("td")[1]
        for tr in built.html("talks/p").select("tbody tr")
    }
    assert rows["odd"].get_text() == "a | b" and rows["site"].find("a")["href"] == "https://x.org/a%7Cb"
    # invisible characters never reach titles or names
    evil = built.html("talks/v")
    assert (
        "\u202e" not in evil.get_text()
        and "\u200b" not in evil.get_text()
        and "\u200d" not in evil.get_text()
    )
    initials = [s.get_text() for s in evil.select(".talks-initials")]
    assert "JR" in initials, initials


def test_a_page_of_100000_shortcodes_gives_a_bounded_report(project):
    calls = [
        "{{< youtube dQw4w9WgXcQ >}}"
        if k % 3 == 0
        else '{{< details summary="x" >}}'
        if k % 3 == 1
        else f"{{{{< m{k} >}}}}"
        for k in range(100_000)
    ]
    page = '+++\ntitle = "Big"\ndate = 2024-01-01T10:00:00\n+++\n' + " ".join(calls) + "\n"
    built = project({"events/big.md": page, "events/huge.md": "+++\ntitle = 'H'\n+++\n" + "x" * 10_500_000})
    warnings = built.warning_lines()
    assert len(warnings) <= 70, len(warnings)
    assert "{{<" not in built.html("talks/big").get_text()  # every call read, none left as text
    assert any(
        re.search(r"\d+ more unknown-shortcode warnings in this file, the first at line 5", w)
        for w in warnings
    )
    assert any("huge.md" in w and "larger than" in w for w in warnings), warnings
    assert len(players(built.html("talks/big"))) == 1  # the video once


def test_two_builds_at_once_never_corrupt_the_catalogs_files(tmp_path):
    import json
    import pickle
    import shutil
    import subprocess
    import sys

    from conftest import write_project
    from sphinx_talks.generate import CACHE, MANIFEST

    talks = {
        f"events/t{k}.md": f'+++\ntitle = "Talk {k}"\ndate = 2024-01-{k + 1:02d}T10:00:00\n'
        f'speakers = ["Person {k % 7}"]\ntags = ["tag{k % 5}"]\n+++\nBody {k}.\n'
        for k in range(60)
    }
    src = write_project(tmp_path / "src", talks)
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(tmp_path / "doctrees")]
    for round_ in range(3):
        (src / "events" / "t1.md").write_text(talks["events/t1.md"].replace("Body 1.", f"Body 1 r{round_}."))
        runs = [subprocess.Popen([*command, str(src), str(tmp_path / "out")]) for _ in range(2)]
        for run in runs:  # Sphinx's own environment may lose the race: only our files are checked
            run.wait(timeout=600)
    # the catalog's own files are whole: the cache loads, the manifests parse and list what is there
    stored = pickle.loads((tmp_path / "doctrees" / CACHE).read_bytes())
    assert len(stored["entries"]) == 60
    listed = set(json.loads((src / "talks" / MANIFEST).read_text("utf-8")))
    present = {p.relative_to(src / "talks").as_posix() for p in (src / "talks").rglob("*") if p.is_file()}
    assert listed == present - {MANIFEST}, listed ^ present
    assert not [p for p in present if p.endswith(".tmp")]
    json.loads((tmp_path / "out" / ".sphinx-talks-output.json").read_text("utf-8"))
    # the generated pages are those a build of its own makes
    clean = tmp_path / "clean"
    shutil.copytree(src, clean, ignore=shutil.ignore_patterns("talks"))
    subprocess.run([*command[:-2], str(clean), str(tmp_path / "clean-out")], check=True)
    for name in present - {MANIFEST}:
        assert (src / "talks" / name).read_bytes() == (clean / "talks" / name).read_bytes(), name
    assert "Body 1 r2." in (tmp_path / "out" / "talks" / "t1.html").read_text("utf-8")
