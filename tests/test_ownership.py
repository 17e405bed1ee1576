"""File ownership: the catalog deletes or overwrites only the files it wrote and that
nothing else now claims, and the redirect pages it writes land where a web server
looks for them (issue 26: faults 1, 2, 6, 12, 17, 18, 20)."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import PNG, build, html_pages, write_project

SITE = 'html_baseurl = "https://talks.example.org/"\ntalks_timezone = "Europe/Berlin"\n'
#: A page of the user's own, outside every toctree.
ABOUT = "---\norphan: true\n---\n# About us\n\nOur own page.\n"


def page(title: str, day: int, speakers: str = '["Ann Lee"]', year: int = 2024, **fields: str) -> str:
    extra = "".join(f"{k} = {v}\n" for k, v in fields.items())
    return (
        f'+++\ntitle = "{title}"\ndate = {year}-03-{day:02d}T18:00:00\nspeakers = {speakers}\n'
        f"{extra}+++\nAbout {title}.\n"
    )


def is_redirect(path: Path) -> bool:
    return 'http-equiv="refresh"' in path.read_text("utf-8")


def refresh_url(path: Path) -> str:
    """The URL the redirect page at ``path`` sends the browser to (as written)."""
    soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    return soup.find("meta", attrs={"http-equiv": "refresh"})["content"].split("url=", 1)[1]


def collisions(built) -> list[str]:
    return [w for w in built.warning_lines() if "[talks.redirect-collision]" in w]


# -- fault 1: the pruning of redirects deletes pages Sphinx has just written ---------------------------


def test_a_users_page_at_a_former_alias_is_kept(tmp_path):
    src = write_project(tmp_path / "src", {"events/a.md": page("A", 1, aliases='["/about/"]')}, SITE)
    first = build(src)
    assert is_redirect(first.outdir / "about" / "index.html")
    (src / "about").mkdir()
    (src / "about" / "index.md").write_text(ABOUT, "utf-8")
    again = build(src)
    about = again.outdir / "about" / "index.html"
    assert about.is_file(), "the user's new page was deleted"
    assert "Our own page." in about.read_text("utf-8") and not is_redirect(about)
    (warning,) = collisions(again)
    assert "events/a.md:5" in warning and "/about/" in warning, warning


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_new_talk_at_an_older_talks_alias_keeps_its_page(builder, tmp_path):
    alias = '["/talks/b.html"]' if builder == "html" else '["/talks/b/"]'
    src = write_project(tmp_path / "src", {"events/a.md": page("A", 1, aliases=alias)}, SITE)
    built = build(src, builder)
    b_page = built.outdir / "talks" / ("b.html" if builder == "html" else "b/index.html")
    assert is_redirect(b_page)
    (src / "events" / "b.md").write_text(page("B", 2), "utf-8")
    again = build(src, builder)
    assert b_page.is_file(), "talk b's page was deleted"
    assert "About B." in b_page.read_text("utf-8") and not is_redirect(b_page)
    assert any("events/a.md:5" in w for w in collisions(again)), again.warnings


def test_a_speakers_own_page_survives_the_removal_of_its_alias(tmp_path):
    files = {
        "events/a.md": page("A", 1),
        "speakers.yml": "- name: Ann Lee\n  aliases: [Ann L.]\n",
    }
    src = write_project(tmp_path / "src", files, SITE + 'talks_speakers = "speakers.yml"\n')
    first = build(src)
    own = first.outdir / "talks" / "speakers" / "ann-l.html"
    assert is_redirect(own)
    (src / "speakers.yml").write_text("- name: Ann Lee\n", "utf-8")
    (src / "events" / "b.md").write_text(page("B", 2, speakers='["Ann L."]'), "utf-8")
    build(src)
    assert own.is_file(), "the speaker's own page was deleted"
    assert not is_redirect(own)


# -- fault 2: extra and static files are the user's ---------------------------------------------------


def test_extra_and_static_files_are_never_replaced_nor_deleted(tmp_path):
    verification = "google-site-verification: google1234.html\n"
    custom = "<html><body>custom</body></html>\n"
    files = {
        "events/a.md": page("A", 1, aliases='["/google1234.html", "/_static/custom.html"]'),
        "extra/google1234.html": verification,
        "static/custom.html": custom,
    }
    conf = SITE + 'html_extra_path = ["extra"]\nhtml_static_path = ["static"]\n'
    src = write_project(tmp_path / "src", files, conf)
    built = build(src)
    assert (built.outdir / "google1234.html").read_text("utf-8") == verification
    assert (built.outdir / "_static" / "custom.html").read_text("utf-8") == custom
    found = collisions(built)
    assert len(found) == 2 and all("events/a.md:5" in w for w in found), built.warnings
    (src / "events" / "a.md").write_text(page("A", 1), "utf-8")  # the aliases go
    again = build(src)
    assert (again.outdir / "google1234.html").read_text("utf-8") == verification
    assert (again.outdir / "_static" / "custom.html").read_text("utf-8") == custom


def test_a_file_someone_else_put_at_a_redirect_is_not_deleted(tmp_path):
    src = write_project(tmp_path / "src", {"events/a.md": page("A", 1, aliases='["/old.html"]')}, SITE)
    first = build(src)
    mine = first.outdir / "old.html"
    assert is_redirect(mine)
    mine.write_text("<p>the user's own page</p>\n", "utf-8")  # replaced by hand after the build
    (src / "events" / "a.md").write_text(page("A", 1), "utf-8")
    build(src)
    assert mine.read_text("utf-8") == "<p>the user's own page</p>\n"


# -- fault 17: an old folder URL with non-ASCII characters is written where servers look -----------------


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_non_ascii_folder_url_is_written_at_its_decoded_name(builder, tmp_path):
    aliases = '["/café/", "/events/caf%C3%A9-2/", "/vorträge/über.html"]'
    src = write_project(tmp_path / "src", {"events/a.md": page("A", 1, aliases=aliases)}, SITE)
    built = build(src, builder)
    out = built.outdir
    for where in ("café/index.html", "events/café-2/index.html", "vorträge/über.html"):
        file = out / os.fsdecode(where.encode("utf-8"))  # the UTF-8 bytes, whatever the locale
        assert file.is_file() and is_redirect(file), where
    assert not [p for p in out.rglob("*") if "%" in p.name], "a percent-encoded file name was written"
    assert not built.warning_lines()


# -- fault 20: redirect targets are relative, so they work under a sub-path ------------------------------


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_redirect_targets_are_relative_at_every_depth(builder, tmp_path):
    aliases = '["/old.html", "/events/a-old/", "/x/y/z.html", "/café/"]'
    src = write_project(tmp_path / "src", {"events/a.md": page("A", 1, aliases=aliases)}, SITE)
    built = build(src, builder)
    new = "talks/a.html" if builder == "html" else "talks/a/"
    base = "https://example.github.io/en/latest/"  # the site below a sub-path
    for old in ("/old.html", "/events/a-old/", "/x/y/z.html", "/café/"):
        name = old.strip("/") + ("/index.html" if old.endswith("/") else "")
        path = built.outdir / os.fsdecode(name.encode("utf-8"))
        url = refresh_url(path)
        assert not urlsplit(url).scheme and not url.startswith("/"), (old, url)
        request = base + old.lstrip("/")  # the page the browser asked for
        assert unquote(posixpath.normpath(urlsplit(_join(request, url)).path)) == posixpath.normpath(
            urlsplit(base + new).path
        ), (old, url)
        script = BeautifulSoup(path.read_text("utf-8"), "html.parser").find("script").string
        assert f'var target = "{url}"' in script, script


def _join(request: str, url: str) -> str:
    from urllib.parse import urljoin

    return urljoin(request, url)


# -- fault 12: an old URL segment longer than a file name may be ------------------------------------------


def test_an_old_url_too_long_for_a_file_name_is_a_located_warning(tmp_path):
    files = {
        "events/a.md": page("A", 1, url='"/events/' + "日本語" * 32 + '/"', aliases=f'["/{"a" * 300}/"]'),
        "events/b.md": page("B", 2, slug=f'"{"b" * 300}"'),
        "events/c.md": page("C", 3, aliases='["/c-old/"]'),
    }
    src = write_project(tmp_path / "src", files, SITE + 'talks_old_url_root = "/events/"\n')
    built = build(src)
    out = built.outdir
    assert len(html_pages(out / "talks")) == 4  # a, b, c and the index
    assert is_redirect(out / "c-old" / "index.html")  # the rest still builds
    found = [w for w in built.warning_lines() if "[talks.redirect-too-long]" in w]
    assert any("events/a.md:5" in w for w in found), built.warnings
    assert any("events/a.md:6" in w for w in found), built.warnings
    assert any("events/b.md:" in w for w in found), built.warnings
    assert len(found) == 3, found


# -- fault 6: an edit to a generated page is overwritten with a notice ------------------------------------


def test_an_edited_generated_page_is_named_once_when_overwritten(tmp_path):
    files = {"events/a.md": page("A", 1), "events/b.md": page("B", 2)}
    src = write_project(tmp_path / "src", files, SITE)
    build(src)
    generated = src / "talks" / "a.md"
    generated.write_text(generated.read_text("utf-8") + "\nMy own note.\n", "utf-8")
    index = src / "talks" / "index.md"
    index.write_text(index.read_text("utf-8") + "\nAnother note.\n", "utf-8")
    (src / "talks" / "b.md").write_text("# mine now\n", "utf-8")
    (src / "events" / "b.md").unlink()  # b's page goes: it was edited as well
    again = build(src)
    edited = [w for w in again.warning_lines() if "[talks.generated-edited]" in w]
    assert len(edited) == 3, again.warnings
    for name in ("a.md", "index.md", "b.md"):
        assert any(str(src / "talks" / name) in w for w in edited), (name, edited)
    assert "My own note." not in generated.read_text("utf-8")  # generated: the source decides
    assert not (src / "talks" / "b.md").exists()
    third = build(src)
    assert not [w for w in third.warning_lines() if "[talks.generated-edited]" in w], third.warnings


# -- fault 18: deleting the last talk of a year leaves no link to a missing page ----------------------------


def dangling_links(outdir: Path) -> list[str]:
    """``"page -> href"`` of every link of the output's HTML pages (relative ones, to a
    file of the output folder) whose file does not exist."""
    found = []
    for html in sorted(outdir.rglob("*.html")):
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link"], href=True):
            parts = urlsplit(tag["href"])
            if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
                continue
            target = (html.parent / os.fsdecode(unquote(parts.path).encode("utf-8"))).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                found.append(f"{html.relative_to(outdir)} -> {tag['href']}")
    return found


@pytest.mark.parametrize("theme", ["alabaster", "furo"])
def test_deleting_the_last_talk_of_a_year_leaves_no_dangling_link(theme, tmp_path):
    files = {f"events/t{k}.md": page(f"T{k}", k + 1) for k in range(3)}
    files["events/old.md"] = page("Old", 1, year=2023)
    src = write_project(tmp_path / "src", files, SITE + f'html_theme = "{theme}"\n')
    first = build(src)
    assert (first.outdir / "talks" / "years" / "2023.html").is_file()
    assert dangling_links(first.outdir) == []
    (src / "events" / "old.md").unlink()
    again = build(src)
    assert dangling_links(again.outdir) == []


def test_a_speaker_alias_colliding_with_a_users_file_is_located_at_the_speakers_file(tmp_path):
    files = {
        "events/a.md": page("A", 1),
        "speakers.yml": "- name: Ann Lee\n  aliases: [Ann L.]\n",
        "extra/talks/speakers/ann-l.html": "<p>mine</p>\n",
    }
    conf = SITE + 'talks_speakers = "speakers.yml"\nhtml_extra_path = ["extra"]\n'
    built = build(write_project(tmp_path / "src", files, conf))
    assert (built.outdir / "talks" / "speakers" / "ann-l.html").read_text("utf-8") == "<p>mine</p>\n"
    (warning,) = collisions(built)
    assert "speakers.yml" in warning, warning


# -- found by a hostile run after the fixes above ------------------------------------------------------


def test_an_alias_below_a_published_file_or_a_page_is_a_collision_not_a_crash(tmp_path):
    """An old URL whose folder is named like a file the build writes (the catalog's feed
    and export, a page of the project) would make a folder there: the feed could never
    be written again, or Sphinx could not write the page."""
    aliases = '["/talks/index.atom/x/", "/talks/talks.json/y/", "/about.html/z/"]'
    files = {"events/a.md": page("A", 1, aliases=aliases), "about.md": ABOUT}
    built = build(write_project(tmp_path / "src", files, SITE))
    assert (built.outdir / "talks" / "index.atom").is_file()
    assert (built.outdir / "talks" / "talks.json").is_file()
    assert "Our own page." in (built.outdir / "about.html").read_text("utf-8")
    found = collisions(built)
    assert len(found) == 3 and all("events/a.md:5" in w for w in found), found


def test_a_redirect_folder_makes_way_for_a_page_added_later(tmp_path):
    src = write_project(tmp_path / "src", {"events/a.md": page("A", 1, aliases='["/foo.html/bar/"]')}, SITE)
    first = build(src)
    assert is_redirect(first.outdir / "foo.html" / "bar" / "index.html")
    (src / "foo.md").write_text(ABOUT, "utf-8")
    again = build(src)
    assert "Our own page." in (again.outdir / "foo.html").read_text("utf-8")
    assert not [w for w in again.warning_lines() if "Is a directory" in w], again.warnings
    (warning,) = collisions(again)
    assert "events/a.md:5" in warning and "/foo.html/bar/" in warning, warning


def test_a_talk_renamed_with_its_old_page_as_an_alias_redirects_at_once(tmp_path):
    src = write_project(tmp_path / "src", {"events/a.md": page("A", 1)}, SITE)
    assert not is_redirect(build(src).outdir / "talks" / "a.html")
    (src / "events" / "a.md").unlink()
    (src / "events" / "talk-a.md").write_text(page("A", 1, aliases='["/talks/a.html"]'), "utf-8")
    again = build(src)
    assert not collisions(again), collisions(again)
    old = again.outdir / "talks" / "a.html"
    assert old.is_file() and is_redirect(old) and refresh_url(old).endswith("talk-a.html")


def test_a_new_year_reaches_the_navigation_of_every_page(tmp_path):
    """furo's site tree on every page lists the catalog's years: a year's first talk
    writes every page again (an incremental build equals a clean one)."""
    files = {"events/a.md": page("A", 1), "extra.md": "# Extra\n\nA page of the user's.\n"}
    src = write_project(tmp_path / "src", files, SITE + 'html_theme = "furo"\n')
    (src / "index.md").write_text("# T\n\n```{toctree}\ntalks/index\nextra\n```\n", "utf-8")
    build(src)
    (src / "events" / "b.md").write_text(page("B", 2, year=2021), "utf-8")
    again = build(src)
    sidebar = again.html("extra").select_one(".sidebar-tree")
    assert sidebar is not None and "2021" in sidebar.get_text(), "extra.html's site tree lacks the new year"


def test_a_file_of_html_extra_path_among_the_pictures_is_never_removed(tmp_path):
    files = {"events/pic/index.md": page("Pic", 1, image='"featured.png"'), "events/pic/featured.png": PNG}
    src = write_project(tmp_path / "src", files, SITE)
    first = build(src)
    (published,) = [p for p in (first.outdir / "_images").iterdir() if "featured" in p.name]
    mine = src / "extra" / "_images" / published.name
    mine.parent.mkdir(parents=True)
    mine.write_bytes(PNG)
    (src / "conf.py").write_text(
        (src / "conf.py").read_text("utf-8") + 'html_extra_path = ["extra"]\n', "utf-8"
    )
    build(src)
    for path in (src / "events" / "pic").iterdir():
        path.unlink()
    (src / "events" / "pic").rmdir()
    again = build(src)
    assert (again.outdir / "_images" / published.name).is_file(), "the user's extra file was deleted"


def test_a_calendar_whose_place_is_taken_is_a_warning_at_its_talk(tmp_path):
    """A file put by hand where a talk's calendar goes, or a folder of html_extra_path
    there: not written, a warning at the talk's file, and the build goes on."""
    files = {"events/a.md": page("A", 1), "extra/talks/b.ics/keep.txt": "mine\n"}
    src = write_project(tmp_path / "src", files, SITE + 'html_extra_path = ["extra"]\n')
    build(src)
    mine = src / "_build" / "html" / "talks" / "new.ics"
    mine.write_text("MINE\n", "utf-8")
    (src / "events" / "new.md").write_text(page("New", 2), "utf-8")
    (src / "events" / "b.md").write_text(page("B", 3), "utf-8")
    again = build(src)
    assert mine.read_text("utf-8") == "MINE\n"
    (taken,) = [w for w in again.warning_lines() if "[talks.published-collision]" in w]
    assert "events/new.md" in taken and "talks/new.ics" in taken, taken
    (folder,) = [w for w in again.warning_lines() if "[talks.published-not-written]" in w]
    assert "events/b.md" in folder and "talks/b.ics" in folder, folder
    assert (again.outdir / "talks" / "b.ics" / "keep.txt").read_text("utf-8") == "mine\n"
    assert (again.outdir / "talks" / "index.ics").is_file()
