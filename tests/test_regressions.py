"""Cases found by trying to break the catalog, kept as tests."""

from __future__ import annotations

import os
import re

from conftest import build, write_project

T = '+++\ntitle = "{title}"\ndate = 2024-01-01T18:00:00\nspeakers = [{who}]\ntags = [{tags}]\n+++\nBody.\n'


def talk(title="T", who='"Ann Lee"', tags='"x"'):
    return T.format(title=title, who=who, tags=tags)


def test_speakers_file_photo_must_stay_in_allowed_folders(project):
    files = {"people.yaml": "- name: Bob\n  photo: conf.py\n", "events/a.md": talk(who='"Bob"')}
    built = project(files, conf='talks_speakers = "people.yaml"\n')
    assert not any(p.suffix == ".py" for p in built.outdir.rglob("*"))
    assert any("[talks.image-not-found]" in w and "people.yaml:1" in w for w in built.warning_lines())


def test_symlinked_avatar_outside_is_not_copied(project, tmp_path):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"secret")
    files = {
        "events/authors/evil/_index.md": "---\ntitle: Evil Person\n---\n",
        "events/a.md": talk(who='"evil"'),
    }
    src = write_project(tmp_path / "src", files)
    os.symlink(secret, src / "events" / "authors" / "evil" / "avatar.jpg")
    built = build(src)
    assert not any(p.read_bytes() == b"secret" for p in built.outdir.rglob("*.jpg"))
    assert (built.outdir / "talks" / "speakers" / "evil-person.html").is_file()


def test_profile_folders_in_the_source_dir_are_not_documents(project):
    files = {"profiles/ann.md": "---\ntitle: Ann Lee\nbio: Writes parsers.\n---\n", "events/a.md": talk()}
    built = project(files, conf='talks_profiles = ["profiles"]\n')
    assert not built.warning_lines()
    assert not (built.outdir / "profiles").exists()
    assert "Writes parsers." in built.html("talks/speakers/ann-lee").get_text()


def test_schedule_end_time_and_bad_sessions(project):
    schedule = (
        '{"talks": [\n'
        '{"code": "AAA", "title": "Plain", "date": "2024-05-03T12:00:00", "duration": "00:30"},\n'
        '{"code": "VWX", "title": "Huge", "date": "2024-05-03T12:00:00", "duration": 99999999999}\n'
        "]}\n"
    )
    built = project({"events/schedule.json": schedule}, conf='talks_timezone = "Europe/Berlin"\n')
    assert "12:00–12:30" in built.html("talks/aaa").get_text()
    assert not [w for w in built.warning_lines() if "mixed-timezones" in w or "internal-error" in w]
    assert (built.outdir / "talks" / "vwx.html").is_file()


def test_footnote_without_definition_is_text_with_a_warning(project):
    built = project({"events/f.md": talk() + "Text with footnote[^1] and[^2].\n\n[^2]: defined\n"})
    lines = built.warning_lines()
    assert len(lines) == 1 and "[talks.footnote-missing]" in lines[0] and "events/f.md:8" in lines[0]
    assert "footnote[^1]" in built.html("talks/f").get_text()


def test_aliases_reach_lists_and_roles(project):
    files = {
        "people.yaml": '- name: Jane Doe\n  aliases: "Janie"\n',
        "events/a.md": talk(title="By alias", who='"Janie"'),
        "events/b.md": talk(title="By letter", who='"J"'),
        "list.md": "---\norphan: true\n---\n# L\n\n{talk:speaker}`Janie` and {talk:speaker}`Jane Doe`.\n\n"
        "```{talk-list}\n:speaker: Janie\n```\n",
    }
    built = project(files, conf='talks_speakers = "people.yaml"\n')
    html = built.html("list")
    assert [a.get_text() for a in html.select("ul.talks-list a")] == ["By alias"]
    assert len(html.find_all("a", string="Jane Doe")) == 2
    assert (built.outdir / "talks" / "speakers" / "j.html").is_file()  # "J" is not an alias letter


def test_tag_identity_folds_underscores_but_keeps_symbols(project):
    built = project({"events/a.md": talk(tags='"Machine_Learning", "machine learning", "C++", "C#"')})
    tags = sorted(p.stem for p in (built.outdir / "talks" / "tags").glob("*.html"))
    assert tags == ["c-plus-plus", "c-sharp", "index", "machine-learning"]


def test_unknown_talk_slug_warns_without_nitpicky(project):
    files = {
        "events/a.md": talk(),
        "page.md": "---\norphan: true\n---\n# P\n\n{talk:talk}`NOPE` {talk:talk}`A`\n",
    }
    built = project(files)
    lines = built.warning_lines()
    assert len(lines) == 1 and "nope" in lines[0].lower() and "page.md" in lines[0]
    assert built.html("page").find("a", string="T")


def test_pages_with_talk_roles_follow_a_retitled_talk(tmp_path):
    src = write_project(
        tmp_path / "src",
        {
            "events/a.md": talk(title="Old title"),
            "page.md": "---\norphan: true\n---\n# P\n\n{talk:talk}`a`\n",
        },
    )
    build(src)
    (src / "events" / "a.md").write_text(talk(title="New title"), "utf-8")
    again = build(src)
    assert "New title" in again.html("page").get_text()


def test_fifo_in_the_source_folder_is_skipped(tmp_path):
    src = write_project(tmp_path / "src", {"events/a.md": talk()})
    os.mkfifo(src / "events" / "pipe.md")
    built = build(src)
    assert any("[talks.not-read]" in w and "pipe.md" in w for w in built.warning_lines())
    assert re.search("Body", built.html("talks/a").get_text())
