"""One test per fault class: its subtype, the source file and line, and the rest of the talk still built."""

from __future__ import annotations

import json
import re

import pytest
from conftest import CORPUS, needs_corpus

OK = 'title = "Kept talk"\ndate = 2024-01-01T10:00:00\n'
TOML = "+++\n" + OK + "{extra}+++\nMarker text KEEPME.\n{body}"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def toml(extra: str = "", body: str = "") -> str:
    return TOML.format(extra=extra, body=body)


# name: (file content, subtype, line, whether the talk page is still built)
CLASSES = {
    "toml-error": ("+++\ntitle = 'x'\ndate = \n+++\nMarker text KEEPME.\n", "toml-error", 3, True),
    "yaml-error": ("---\ntitle: x\ntags: [a, b\n---\nMarker text KEEPME.\n", "yaml-error", 4, True),
    "json-error": ('{\n "title": "x",\n "a": ,\n}\nMarker text KEEPME.\n', "json-error", 3, True),
    "unclosed-front-matter": ("+++\ntitle = 'x'\nMarker text KEEPME.\n", "unclosed-front-matter", 1, True),
    "fence-in-body": (toml(body="\n+++\nmore\n"), "fence-in-body", 7, True),
    "encoding": (toml(extra='location = "Caf\xe9"\n').encode("cp1252"), "encoding", 4, True),
    "mojibake": (toml(body="In T\u00c3\u00bcbingen.\n"), "mojibake", 6, True, "talks_fix_mojibake = False\n"),
    "yaml11": (
        "---\ntitle: Kept talk\ndate: 2024-01-01T10:00:00\ndraft: yes\n---\nMarker text KEEPME.\n",
        "yaml11",
        4,
        True,
    ),
    "bad-date": ("+++\ntitle = 'Kept talk'\ndate = 'soon'\n+++\nMarker text KEEPME.\n", "bad-date", 3, True),
    "mixed-timezones": (toml(extra="time_end = 2024-01-01T11:00:00+02:00\n"), "mixed-timezones", 4, True),
    "end-before-start": (toml(extra="dateEnd = 2023-01-01T10:00:00\n"), "end-before-start", 4, True),
    "slug-transliterated": (toml(extra='slug = "日本語"\n'), "slug-transliterated", 4, True),
    "unknown-shortcode": (toml(body="{{< tweet 123 >}}\n"), "unknown-shortcode", 6, True),
    "video-id-query": (toml(body='{{< youtube "dQw4w9WgXcQ?si=abc&rel=0" >}}\n'), "video-id-query", 6, True),
    "shortcode-in-code": (toml(body='```\n{{< ref "other.md" >}}\n```\n'), "shortcode-in-code", 7, True),
    "youtube-playlist": (
        toml(extra='recording = "https://www.youtube.com/playlist?list=PLabc"\n'),
        "youtube-playlist",
        4,
        True,
    ),
    "image-not-found": (toml(body="![x](../../outside.png)\n"), "image-not-found", 6, True),
    "unsafe-url": (toml(body="[x](javascript:alert(1))\n"), "unsafe-url", 6, True),
    "bad-type": (toml(extra="tags = [1.5, [2]]\n"), "bad-type", 4, True),
    "file-too-large": (toml(body="x" * (6 * 1024 * 1024)), "file-too-large", 1, False),
}


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_fault_class(name, project):
    content, subtype, line, built_anyway, *conf = CLASSES[name]
    built = project({f"events/{name}.md": content}, *conf)
    found = [w for w in built.warning_lines() if f"[talks.{subtype}]" in w]
    assert found, built.warning_lines()
    assert any(re.search(rf"events/{name}\.md:{line}: WARNING", w) for w in found), found
    pages = [p for p in (built.outdir / "talks").glob("*.html") if p.stem != "index"]
    kept = [p for p in pages if "KEEPME" in p.read_text("utf-8")]
    assert len(kept) == (1 if built_anyway else 0), pages


# Not faults: what the page states is shown as it is.  A notice (``-v``) at the line, no warning.
NOTICES = {
    "bom": (b"\xef\xbb\xbf" + toml().encode(), "bom", 1),
    "crlf": (toml().replace("\n", "\r\n").encode(), "crlf", 1),
    "no-time": ("+++\ntitle = 'Kept talk'\ndate = 2024-01-01\n+++\nMarker text KEEPME.\n", "no-time", 3),
    "share-parameter": (toml(body='{{< youtube "dQw4w9WgXcQ?si=abc" >}}\n'), "video-id-query", 6),
    "utf-16": (("\ufeff" + toml()).encode("utf-16-le"), "bom", 1),
    "utf-32": (("\ufeff" + toml()).encode("utf-32-be"), "bom", 1),
    "mojibake-repaired": (toml(body="In T\u00c3\u00bcbingen.\n"), "mojibake", 6),
    "no-scheme": (toml(extra='links = [{name = "Site", url = "www.example.org"}]\n'), "no-scheme", 4),
    "embed-in-code": (toml(body="```\nKEEPME\n{{< youtube dQw4w9WgXcQ >}}\n```\n"), "shortcode-in-code", 8),
    "pyvideo-null-date": ('{"title": "Kept talk", "recorded": null, "description": "KEEPME"}', "no-date", 1),
}


@pytest.mark.parametrize("name", sorted(NOTICES))
def test_notice_class(name, project):
    content, subtype, line = NOTICES[name]
    suffix = ".json" if name.startswith("pyvideo") else ".md"
    built = project({f"events/{name}{suffix}": content}, verbosity=1)
    assert not built.warning_lines(), built.warning_lines()
    assert re.search(rf"events/{name}\{suffix}:{line}: .*\[talks\.{subtype}\]", built.status), built.status[
        -2000:
    ]
    pages = [p for p in (built.outdir / "talks").glob("*.html") if p.stem != "index"]
    assert [p for p in pages if "KEEPME" in p.read_text("utf-8")], pages
    assert all("+++" not in p.read_text("utf-8") for p in pages)  # the front matter was read as such


def test_duplicate_slug_names_both_files_and_keeps_both(project):
    built = project(
        {"events/a.md": toml(extra='slug = "same"\n'), "events/b.md": toml(extra='slug = "same"\n')}
    )
    found = [w for w in built.warning_lines() if "[talks.duplicate-slug]" in w]
    line = toml(extra='slug = "same"\n').splitlines().index('slug = "same"') + 1
    assert len(found) == 1 and f"events/b.md:{line}:" in found[0] and "events/a.md" in found[0]
    assert (built.outdir / "talks" / "same.html").is_file() and (
        built.outdir / "talks" / "same-2.html"
    ).is_file()


def test_duplicate_slug_points_at_the_field_or_session_it_comes_from(project):
    """The warning names the line the slug comes from: the ``url`` field of a page,
    the session of a schedule export; a slug from the file name points at line 1."""
    schedule = (
        '{"talks": [\n'
        '{"code": "A1", "title": "One", "date": "2024-05-03T12:00:00"},\n'
        '{"code": "A2", "title": "Two", "date": "2024-05-03T13:00:00"}\n'
        "]}\n"
    )

    def page(field: str) -> str:
        return f'+++\ntitle = "P"\ndate = 2024-01-01T10:00:00\n\n{field}\n+++\nText.\n'

    files = {
        "events/a2.md": toml(),  # slug "a2", before the schedule's session A2
        "events/schedule.json": schedule,
        "events/y.md": page('slug = "zz"'),
        "events/z.md": page('url = "/events/a1/"'),  # after the schedule's session A1
        "events/zz.md": toml(),  # after y.md's slug
    }
    found = [w for w in project(files).warning_lines() if "[talks.duplicate-slug]" in w]
    assert len(found) == 3, found
    assert any("events/schedule.json:3:" in w for w in found)  # the second session
    assert any("events/z.md:5:" in w for w in found)  # its url field
    assert any("events/zz.md:1:" in w for w in found)  # its file name


def test_suppress_warnings_targets_one_subtype(project):
    built = project(
        {"events/n.md": toml(body="{{< tweet 1 >}}\n![x](../../o.png)\n")},
        conf='suppress_warnings = ["talks.unknown-shortcode"]\n',
    )
    text = " ".join(built.warning_lines())
    assert "unknown-shortcode" not in text and "image-not-found" in text


def test_drafts_are_listed_as_skipped(project):
    built = project({"events/d.md": "---\ntitle: D\npublished: false\n---\n", "events/k.md": toml()})
    assert re.search(r"events/d\.md:3: draft page left out", built.status)


def test_raw_html_sanitized_on_request(project):
    body = '<div class="note"><b>Bold</b><script>alert(1)</script><img src=x onerror=alert(2)></div>\n'
    built = project({"events/r.md": toml(body="\n" + body)}, conf='talks_raw_html = "sanitize"\n')
    raw = (built.outdir / "talks" / "r.html").read_text("utf-8")
    assert "<b>Bold</b>" in raw and "<script>alert" not in raw and "onerror" not in raw


# -- the check command ------------------------------------------------------------------


def test_check_text_json_and_exit_status(tmp_path, capsys):
    from sphinx_talks.cli import main

    (tmp_path / "site" / "events").mkdir(parents=True)
    (tmp_path / "site" / "events" / "ok.md").write_text(toml(extra='attendees = "all"\n'), "utf-8")
    assert main(["check", str(tmp_path / "site")]) == 0
    assert capsys.readouterr().out.splitlines() == ["1 talk in 1 site, 0 warnings"]
    (tmp_path / "site" / "more").mkdir()
    (tmp_path / "site" / "more" / "x.md").write_text(toml(), "utf-8")
    (tmp_path / "site" / "top.md").write_text(toml(), "utf-8")
    assert main(["check", str(tmp_path / "site")]) == 0
    assert capsys.readouterr().out.splitlines() == ["3 talks in 3 sites, 0 warnings"]
    (tmp_path / "site" / "more" / "x.md").unlink()
    (tmp_path / "site" / "top.md").unlink()
    (tmp_path / "site" / "events" / "bad.md").write_text("+++\ntitle = \n+++\n", "utf-8")
    for n in range(4):
        (tmp_path / "site" / "more" / f"u{n}.md").write_text("+++\ntitle = 'Undated'\n+++\n", "utf-8")
    assert main(["check", str(tmp_path / "site")]) == 1
    out = capsys.readouterr().out.splitlines()
    # the counts first: per subtype, most first, then the sites with warnings, most first
    assert out[:11] == [
        "6 talks in 2 sites, 7 warnings",
        "",
        "warnings by subtype:",
        "       5  no-date",
        "       1  toml-error",
        "       1  no-title",
        "",
        "sites with warnings (2 of 2):",
        "       4  more (4 talks)",
        "       3  events (2 talks)",
        "",
    ]
    assert len(out) == 11 + 7 and re.match(r".*events/bad\.md:2: toml-error: ", out[11])
    assert main(["check", "--max", "2", str(tmp_path / "site")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 11 + 3 and out[-1] == "… and 5 more (--max 0 prints all)"
    assert main(["check", "--max", "0", str(tmp_path / "site")]) == 1
    assert len(capsys.readouterr().out.splitlines()) == 11 + 7
    with pytest.raises(SystemExit):  # a negative cap is a usage error
        main(["check", "--max", "-1", str(tmp_path / "site")])
    capsys.readouterr()
    # with notices (-v), the warnings still come first
    assert main(["check", "-v", "--max", "1", str(tmp_path / "site")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert ": toml-error: " in out[-2] and out[-1].startswith("… and ")
    for n in range(4):
        (tmp_path / "site" / "more" / f"u{n}.md").unlink()
    assert main(["check", "--format", "json", str(tmp_path / "site")]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["warnings"] >= 1 and document["talks"] == 2
    assert {"subtype": "toml-error", "line": 2} in [
        {"subtype": d["subtype"], "line": d["line"]} for d in document["diagnostics"]
    ]
    assert any("attendees" in u["message"] for u in document["unused_fields"])
    assert document["sites"]["events"]["talks"] == 2


@needs_corpus
def test_check_over_the_whole_corpus(capsys):
    from sphinx_talks.cli import main

    status = main(["check", "--format", "json", str(CORPUS)])
    document = json.loads(capsys.readouterr().out)
    sites = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert set(document["sites"]) == sites
    assert all(counts.get("talks", 0) > 0 for counts in document["sites"].values())
    assert status == (1 if document["warnings"] else 0)
    for record in document["diagnostics"]:
        assert record["file"].startswith(str(CORPUS)) and record["line"] >= 1 and record["subtype"]


def test_deeply_nested_front_matter_is_one_warning(project):
    deep = "[" * 10_000 + "]" * 10_000
    files = {
        "events/toml.md": "+++\ntitle = 'Kept talk'\na = " + deep + "\n+++\nKEEPME\n",
        "events/json.md": '{"title": "Kept talk", "a": ' + deep + "}\nKEEPME\n",
        "events/yaml.md": "---\ntitle: Kept talk\na: " + deep + "\n---\nKEEPME\n",
    }
    built = project(files)
    for name in ("toml", "json", "yaml"):
        assert any(
            f"events/{name}.md:" in w and f"[talks.{name}-error]" in w for w in built.warning_lines()
        ), name


def test_duplicate_slug_lines_in_schedules_and_multiline_strings(project):
    """Each session is found at its own line, in file order: a repeated code, a code
    seen earlier as a tag, an integer id, a frab id also used by a person; a TOML
    multi-line string holding ``slug = …`` is text, not the slug's line."""
    pretalx = (
        '{"talks": [\n'
        '{"code": "KEY1", "title": "One", "date": "2024-05-03T12:00:00", "tags": ["KEY2"]},\n'
        '{"code": "KEY2", "title": "Two", "date": "2024-05-03T13:00:00"},\n'
        '{"code": "KEY1", "title": "Three", "date": "2024-05-03T14:00:00"},\n'
        '{"id": 1, "title": "Four", "date": "2024-05-03T15:00:00"},\n'
        '{"id": 1, "title": "Five", "date": "2024-05-03T16:00:00"}\n'
        "]}\n"
    )
    frab = (
        "<schedule><conference><title>C</title></conference><day>\n"
        '<event id="6"><title>Six</title><date>2024-05-03T12:00:00</date>\n'
        '<persons><person id="7">A</person></persons></event>\n'
        '<event id="7"><title>Seven</title><date>2024-05-03T13:00:00</date></event>\n'
        '<event id="6"><title>Six</title><date>2024-05-03T14:00:00</date></event>\n'
        "</day></schedule>\n"
    )
    toml_page = (
        '+++\ntitle = "T"\ndate = 2024-01-01T10:00:00\ndescription = """\nslug = "decoy"\n"""\n'
        'slug = "seven"\n+++\nText.\n'
    )
    files = {"events/a/schedule.json": pretalx, "events/b/schedule.xml": frab, "events/d/c.md": toml_page}
    found = [w for w in project(files).warning_lines() if "[talks.duplicate-slug]" in w]
    where = sorted(re.search(r"events/(\S+?):(\d+):", w).groups() for w in found)
    assert where == sorted(
        [("a/schedule.json", "4"), ("a/schedule.json", "6"), ("b/schedule.xml", "5"), ("d/c.md", "7")]
    ), found


def test_pretalx_sessions_without_a_code_are_named_by_title(project):
    schedule = '{"talks": [\n{"title": "No Code Here", "date": "2024-05-03T12:00:00"}\n]}\n'
    built = project({"events/schedule.json": schedule})
    assert built.html("talks/no-code-here").find("h1").get_text().startswith("No Code Here")
    assert not built.warning_lines()


def test_out_of_range_dates_and_title_only_speakers_are_one_clear_warning_each(project):
    files = {
        "events/y.md": '+++\ntitle = "Y"\ndate = 0001-01-01T00:30:00+02:00\n+++\nA.\n',
        "events/s.md": '+++\ntitle = "S"\ndate = 2024-01-01T10:00:00\nspeakers = ["", "Dr.", "Ann Lee"]\n+++\nA.\n',
    }
    built = project(files)
    lines = built.warning_lines()
    assert len(lines) == 2, lines  # no "no-date" on top of the bad date; "" is a notice
    (bad,) = [w for w in lines if "[talks.bad-date]" in w]
    assert "events/y.md:3:" in bad and "0001-01-01T00:30:00+02:00 lies outside the years 2 to 9998" in bad
    (speaker,) = [w for w in lines if "[talks.bad-speaker]" in w]
    assert "events/s.md:4:" in speaker and "'Dr.'" in speaker
    assert "Ann Lee" in built.html("talks/s").get_text()


def test_schedule_layouts_keep_every_session(project):
    """pretalx's frab-compatible JSON (sessions under conference → days → rooms), a
    namespaced frab XML and a session whose title is a translation table all build;
    a session whose title is missing is a warning, never silently lost."""
    frab_json = (
        '{"schedule": {"conference": {"title": "Conf", "start": "2024-05-03", "days": [\n'
        '{"index": 1, "date": "2024-05-03", "rooms": {"Room A": [\n'
        '{"guid": "g1", "code": "AAA", "title": "First", "date": "2024-05-03T10:00:00+02:00", "duration": "00:30"},\n'
        '{"guid": "g2", "code": "BBB", "title": {"en": "Second", "de": "Zweite"}, '
        '"date": "2024-05-03T11:00:00+02:00", "duration": "00:30"},\n'
        '{"guid": "g3", "code": "CCC", "title": null, "date": "2024-05-03T12:00:00+02:00"}\n'
        "]}}]}}}\n"
    )
    xml = (
        '<schedule xmlns="http://example.org/frab"><conference><title>C</title></conference><day>\n'
        '<event id="1"><date>2024-05-03T10:00:00</date><title>Namespaced</title></event>\n'
        "</day></schedule>\n"
    )
    built = project({"events/a/schedule.json": frab_json, "events/b/schedule.xml": xml})
    talks = {p.stem for p in (built.outdir / "talks").glob("*.html")}
    assert {"aaa", "bbb", "namespaced"} <= talks and "conf" not in talks
    assert built.html("talks/bbb").find("h1").get_text().startswith("Second")
    (missing,) = [w for w in built.warning_lines() if "[talks.no-title]" in w]
    assert "events/a/schedule.json:5:" in missing
    assert len(built.warning_lines()) == 1


def test_a_bad_yaml_date_loses_only_the_date(project):
    """PyYAML cannot build 2024-13-40 as a timestamp; the value stays text, so the
    date field reports it at its line and the title and tags are kept."""
    page = "---\ntitle: Bad month\ntags: [graphs]\n\ndate: 2024-13-40\n---\nBody text.\n"
    built = project({"events/b.md": page})
    (warning,) = built.warning_lines()
    assert "events/b.md:5:" in warning and "[talks.bad-date]" in warning and "2024-13-40" in warning
    page = built.html("talks/b")
    assert page.find("h1").get_text().startswith("Bad month") and "graphs" in page.get_text()


def test_a_plain_watch_url_or_a_start_time_is_no_share_parameter(project):
    """Found by a new user: every ``watch?v=ID`` link had a "share parameters dropped"
    notice.  Only parameters that say how a link was shared (``si``, ``feature``,
    ``utm_*`` …) are named, in the front matter and in shortcodes alike."""
    files = {
        "events/plain.md": toml(extra='youtube = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"\n'),
        "events/start.md": toml(body='{{< youtube "dQw4w9WgXcQ?t=30" >}}\n'),
        "events/shared.md": toml(
            extra='video = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&si=abc&utm_source=x"\n'
        ),
    }
    built = project(files, verbosity=1)
    notices = [line for line in built.status.splitlines() if "[talks.video-id-query]" in line]
    assert len(notices) == 1 and "events/shared.md" in notices[0], notices
    assert "(si, utm_source)" in notices[0]
    assert not built.warning_lines()


def test_check_survives_bad_conf_values_long_names_and_names_not_utf8(tmp_path, capsys):
    """``sphinx-talks check`` never stops on its input: ``--conf`` values are checked
    as the build checks them (a bad one is reported and not used), a profile photo
    whose name no file system holds is just not found, a file name that is not
    UTF-8 is written escaped (the JSON stays valid even where standard output is
    strict UTF-8), and pyvideo's repeated series name counts as used."""
    import os
    import subprocess
    import sys

    from sphinx_talks.cli import main

    site = tmp_path / "site"
    (site / "talks").mkdir(parents=True)
    (site / "speakers").mkdir()
    (site / "talks" / "a.md").write_text(toml(extra='speakers = ["Di Eff"]\n') + "[a](/foo)\n", "utf-8")
    (site / "speakers" / "di.md").write_text(f'---\ntitle: Di Eff\nphoto: "{"x" * 5000}"\n---\n', "utf-8")
    conf = tmp_path / "conf.py"
    conf.write_text(
        'talks_static = 5\ntalks_base_url = 5\ntalks_profiles = 5\ntalks_raw_html = "yes"\ntalks_nope = 7\n'
    )
    assert main(["check", "--conf", str(conf), str(site)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("1 talk in ")
    for name in ("static", "base_url", "profiles", "raw_html"):
        assert f"talks_{name} = " in captured.err and "; not used" in captured.err, (name, captured.err)
    assert "talks_nope = 7: no such option; not used" in captured.err

    events = tmp_path / "archive" / "ev"
    (events / "videos").mkdir(parents=True)
    (events / "category.json").write_text('{"title": "PyCon X"}', "utf-8")
    (events / "videos" / "a.json").write_text(
        '{"title": "A", "recorded": "2020-01-01", "category": "PyCon X"}', "utf-8"
    )
    (events / "videos" / os.fsdecode(b"b\xe9.json")).write_text('{"title": "B", "recorded": "2020-01-02"}')
    main(["check", "-v", str(tmp_path / "archive")])
    out = capsys.readouterr().out
    assert "2 talks" in out and "'category'" not in out
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from sphinx_talks.cli import main; sys.exit(main())"]
        + ["check", "--format", "json", str(tmp_path / "archive")],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
    document = json.loads(done.stdout.decode("utf-8"))  # strict: no raw byte 0xE9
    assert document["talks"] == 2
    assert any(os.fsdecode(b"b\xe9.json") in d["file"] for d in document["diagnostics"]), document[
        "diagnostics"
    ]


def test_profile_pages_refuse_photos_outside_and_report_homepages_that_are_no_text(tmp_path, capsys):
    """A profile page's photo path that climbs out of the folders is refused with a
    warning, as a talk page's image is (it was a notice asking for talks_static);
    a homepage, website or url that is a list, a mapping or a number is a
    ``bad-type`` warning (it was left out without a word)."""
    from sphinx_talks.cli import main

    site = tmp_path / "site"
    (site / "talks").mkdir(parents=True)
    (site / "speakers").mkdir()
    (site / "talks" / "a.md").write_text(toml(extra='speakers = ["Di Eff"]\n'), "utf-8")
    (site / "speakers" / "di.md").write_text(
        '---\ntitle: Di Eff\nphoto: "../../../../etc/passwd"\nhomepage: [1, 2]\nwebsite: {a: 1}\nurl: 5\n---\n',
        "utf-8",
    )
    assert main(["check", "--format", "json", str(site)]) == 1
    found = [(d["subtype"], d["message"]) for d in json.loads(capsys.readouterr().out)["diagnostics"]]
    assert (
        "image-not-found",
        "Di Eff: photo '../../../../etc/passwd' points outside the allowed folders; refused",
    ) in found
    bad = sorted(m.split()[2] for s, m in found if s == "bad-type")
    assert bad == ["homepage", "url", "website"], found
