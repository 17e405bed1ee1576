"""Configuration: invalid ``talks_*`` values become located warnings and defaults;
the generated pages never leave the source folder."""

from __future__ import annotations

import pytest
from conftest import build, write_project

PAGE = '+++\ntitle = "A talk"\ndate = 2024-01-05T10:00:00\nspeakers = ["Ada Lovelace"]\n+++\nBody.\n'


def _config_warnings(built) -> list[str]:
    return [w for w in built.warning_lines() if "[talks.config]" in w]


def test_a_bad_value_is_a_warning_at_its_conf_line_and_the_default_is_used(tmp_path):
    src = write_project(tmp_path / "src", {"events/a.md": PAGE}, conf='talks_timezone = "Mars/Base"\n')
    built = build(src)
    (warning,) = _config_warnings(built)
    assert f"{src / 'conf.py'}:3:" in warning and "Mars/Base" in warning
    assert "10:00 UTC" in built.html("talks/a").get_text()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("../outside", "not a folder inside the source folder"),
        (".", "not a folder inside the source folder"),
        ("Talk Catalog", "only letters"),
        ("cat/{x}", "only letters"),
    ],
)
def test_output_dir_outside_the_source_or_with_odd_names_falls_back(tmp_path, value, problem):
    conf = f"talks_output_dir = {value!r}\n"
    src = write_project(tmp_path / "src", {"events/a.md": PAGE}, conf=conf)
    built = build(src)
    (warning,) = _config_warnings(built)
    assert problem in warning and f"{src / 'conf.py'}:3:" in warning
    assert (src / "talks" / "a.md").is_file() and built.html("talks/a").find("h1")
    assert not (tmp_path / "outside").exists()


def test_an_excluded_output_dir_is_a_warning(tmp_path):
    conf = 'talks_output_dir = "_build/catalog"\nexclude_patterns = ["_build"]\n'
    built = build(write_project(tmp_path / "src", {"events/a.md": PAGE}, conf=conf))
    warnings = _config_warnings(built)
    assert len(warnings) == 1 and "excluded by exclude_patterns" in warnings[0]


def test_missing_source_and_speakers_file_point_at_their_lines(tmp_path):
    conf = 'talks_speakers = "people.yaml"\n'
    src = write_project(tmp_path / "src", {"events/a.md": PAGE}, conf=conf)
    built = build(src)
    (warning,) = _config_warnings(built)
    assert f"{src / 'conf.py'}:3:" in warning and "people.yaml" in warning
    (src / "conf.py").write_text('extensions = ["sphinx_talks"]\ntalks_source = "nowhere"\n', "utf-8")
    (warning,) = _config_warnings(build(src))
    assert f"{src / 'conf.py'}:2:" in warning and "not a folder" in warning


def test_a_changed_output_dir_removes_the_pages_generated_before(tmp_path):
    src = write_project(tmp_path / "src", {"events/a.md": PAGE})
    (src / "talks").mkdir()
    (src / "talks" / "notes.txt").write_text("mine", "utf-8")  # not ours: kept
    build(src)
    assert (src / "talks" / "a.md").is_file()
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8") + 'talks_output_dir = "catalog"\n', "utf-8")
    (src / "index.md").write_text("# T\n\n```{toctree}\ncatalog/index\n```\n", "utf-8")
    built = build(src)
    assert sorted(p.name for p in (src / "talks").iterdir()) == ["notes.txt"]
    assert built.html("catalog/a").find("h1") and not built.warning_lines()


def test_config_warnings_without_a_conf_line_do_not_stop_the_build(tmp_path):
    """No ``talks_output_dir`` line, a value from ``-D``, a value set in a loop, a file
    as output folder, aliases that are not a list: warnings, never a crash."""
    conf = (
        'exclude_patterns = ["_build", "talks"]\n'
        'for key, value in {"today": "2024-13-01"}.items():\n    globals()["talks_" + key] = value\n'
        'talks_timezone = "Europe/Berlin"\ntalks_timezone = "Mars/Base"\n'
        'talks_speakers = "people.yaml"\n'
    )
    files = {"events/a.md": PAGE, "people.yaml": "- name: X\n  aliases: 42\n"}
    src = write_project(tmp_path / "src", files, conf=conf)
    built = build(src, talks_raw_html="bogus")
    warnings = built.warning_lines()
    assert any("excluded by exclude_patterns" in w and "conf.py" not in w for w in warnings)
    assert any("2024-13-01" in w and "conf.py" not in w for w in warnings)
    assert any("Mars/Base" in w and f"{src / 'conf.py'}:7:" in w for w in warnings)  # the last assignment
    assert any("bogus" in w and "conf.py" not in w for w in warnings)  # from -D
    assert any("[talks.bad-speaker]" in w and "aliases 42" in w for w in warnings)
    (src / "conf.py").write_text(
        'extensions = ["sphinx_talks"]\ntalks_source = "events"\ntalks_output_dir = "index.md"\n', "utf-8"
    )
    (warning,) = _config_warnings(build(src))
    assert "a file, not a folder" in warning


def test_a_copied_project_and_linked_folders_never_touch_files_elsewhere(tmp_path):
    """The previous output folder is remembered relative to the source folder: a copy
    of the project (doctrees included) that changes ``talks_output_dir`` leaves the
    original alone.  A folder of the output that links elsewhere is not written
    through (a warning)."""
    import shutil

    src = write_project(tmp_path / "src", {"events/a.md": PAGE})
    build(src)
    copy = tmp_path / "copy"
    shutil.copytree(src, copy)
    conf = copy / "conf.py"
    conf.write_text(conf.read_text("utf-8") + 'talks_output_dir = "catalog"\n', "utf-8")
    build(copy)
    assert (src / "talks" / "a.md").is_file() and not (copy / "talks").exists()

    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(src / "talks" / "speakers", ignore_errors=True)
    (src / "talks" / "tags").mkdir(exist_ok=True)
    (src / "talks" / "speakers").symlink_to(outside, target_is_directory=True)
    (src / "events" / "a.md").write_text(PAGE.replace("Body.", "Body.\n") + "", "utf-8")
    built = build(src)
    assert list(outside.iterdir()) == []
    written = [w for w in built.warning_lines() if "[talks.not-written]" in w]
    assert any("leaves the output folder" in w and "speakers/index.md" in w for w in written)


def test_output_folders_that_nest_keep_the_new_pages(tmp_path):
    src = write_project(tmp_path / "src", {"events/a.md": PAGE}, conf='talks_output_dir = "talks/speakers"\n')
    (src / "index.md").write_text("# T\n\n```{toctree}\ntalks/speakers/index\n```\n", "utf-8")
    build(src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace('"talks/speakers"', '"talks"'), "utf-8")
    (src / "index.md").write_text("# T\n\n```{toctree}\ntalks/index\n```\n", "utf-8")
    build(src)  # may warn once of a label moving between documents (Sphinx reads them in turn)
    assert (src / "talks" / "a.md").is_file() and (src / "talks" / "speakers" / "index.md").is_file()
    assert "# Speakers" in (src / "talks" / "speakers" / "index.md").read_text("utf-8")
    assert not build(src).warning_lines()


def test_a_source_folder_holding_the_output_does_not_read_it(tmp_path):
    """``talks_source = "."``: the generated pages and Sphinx's output inside the source
    folder are never read back as talks (the catalog stayed the same size before)."""
    src = write_project(tmp_path / "src", {"a.md": PAGE}, conf='talks_source = "."\n')
    counts = []
    for _ in range(2):
        built = build(src)
        counts.append(len(list((src / "talks").glob("*.md"))))
    assert counts == [3, 3]  # a, the root index.md (as index-2: a no-title talk) and the catalog index
    assert (src / "talks" / "a.md").is_file() and not (src / "talks" / "a-2.md").exists()
    assert not [w for w in built.warning_lines() if "talks/" in w.split(": WARNING")[0]]


def test_a_users_own_file_in_the_output_folder_is_never_overwritten_or_removed(tmp_path):
    src = write_project(tmp_path / "src", {"events/a.md": PAGE})
    build(src)
    (src / "talks" / "notes.md").write_text("# My notes\n", "utf-8")
    (src / "events" / "notes.md").write_text(PAGE.replace("A talk", "Notes talk"), "utf-8")
    built = build(src)
    (warning,) = [w for w in built.warning_lines() if "[talks.not-written]" in w]
    assert "talks/notes.md exists and was not generated by sphinx-talks" in warning
    assert (src / "talks" / "notes.md").read_text("utf-8") == "# My notes\n"
    (src / "events" / "notes.md").unlink()
    build(src)
    assert (src / "talks" / "notes.md").read_text("utf-8") == "# My notes\n"


def test_an_output_dir_written_with_a_trailing_slash_gives_the_same_catalog(tmp_path):
    """``talks_output_dir = "catalog/"`` and ``"catalog"`` name the same folder: every
    page the builds write is the same, byte for byte (the player, the degraded forms and
    the domain each decide whether a page is the catalog's from that folder)."""
    page = PAGE.replace("Body.", "Body.\n\n{{< youtube dQw4w9WgXcQ >}}\n")
    outputs = []
    for n, value in enumerate(("catalog", "catalog/")):
        files = {"events/a.md": page, "index.md": "# Home\n\n```{toctree}\ncatalog/index\n```\n"}
        src = write_project(tmp_path / f"src{n}", files, conf=f'talks_output_dir = "{value}"\n')
        built = build(src)
        assert built.warning_lines() == []
        outputs.append(
            {
                p.relative_to(built.outdir).as_posix(): p.read_bytes()
                for p in sorted(built.outdir.rglob("*.html"))
                if "catalog" in p.parts
            }
        )
    assert outputs[0].keys() == outputs[1].keys() and len(outputs[0]) > 3
    differ = [name for name in outputs[0] if outputs[0][name] != outputs[1][name]]
    assert differ == []
