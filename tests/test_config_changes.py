"""Configuration changes on an incremental build (issue 26: faults 16 and 19, Deliver 3).

A changed ``talks_*`` value, ``language``, ``html_baseurl`` or ``talks_output_dir``
reaches every page on an incremental build, exactly as a clean build shows it; the
build reads again only the documents whose source changed; and what an old
``talks_output_dir`` published is no longer published (only files the catalog wrote).
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import write_project
from sphinx.testing.util import SphinxTestApp
from test_stale import Site, outputs, page

CONF = 'html_theme = "alabaster"\n'


class Run:
    """One build of ``srcdir`` with ``overrides``: the docnames it read again and the
    pages it wrote (``source-read`` and ``html-page-context``)."""

    def __init__(self, srcdir: Path, builder: str = "html", **overrides: Any) -> None:
        app = SphinxTestApp(builder, srcdir=srcdir, confoverrides=overrides or None)
        self.read: list[str] = []
        self.written: list[str] = []
        app.connect("source-read", lambda _app, docname, _source: self.read.append(docname))
        app.connect("html-page-context", lambda _app, name, *_rest: self.written.append(name))
        try:
            app.build()
        finally:
            app.cleanup()
        self.outdir = Path(app.outdir)
        self.warnings = app.warning.getvalue()


def _talks() -> dict[str, str]:
    return {
        "events/a.md": page("Alpha", 1, ["Ann Lee"], ["nlp"]),
        "events/b.md": page("Beta", 2, ["Ann Lee", "Bo Chen"], ["nlp", "audio"]),
        "events/c.md": page("Gamma", 3, ["Bo Chen"], ["audio"]),
    }


def _pages(outdir: Path) -> dict[str, str]:
    """Every HTML page of the output folder but redirect pages: ``{path: text}``."""
    found = {}
    for path in sorted(outdir.rglob("*.html")):
        text = path.read_text("utf-8")
        if 'http-equiv="refresh"' not in text:
            found[path.relative_to(outdir).as_posix()] = text
    return found


def _copy(tmp_path: Path, src: Path, name: str) -> Path:
    """A copy of ``src`` without the generated folders and the output."""
    copy = tmp_path / name
    shutil.rmtree(copy, ignore_errors=True)
    generated = {"_build", "talks", "catalog", "lectures"}  # at the top: extra/talks is the user's

    def ignore(folder: str, names: list[str]) -> set[str]:
        return generated & set(names) if Path(folder) == src else set()

    shutil.copytree(src, copy, ignore=ignore)
    return copy


def _clean(tmp_path: Path, src: Path, name: str, **overrides: Any) -> Run:
    """A clean build of a copy of ``src`` (without the generated folders and the output)."""
    return Run(_copy(tmp_path, src, name), **overrides)


#: What differs between an incremental and a clean build by Sphinx's design, not the
#: catalog's: the backup of the build info Sphinx keeps when the configuration changed,
#: and a stemmer of an earlier ``language`` (Sphinx never removes a static file).
SPHINX_LEFTOVERS = re.compile(r"\.buildinfo\.bak|_static/\w+-stemmer\.js")
#: The checksum Sphinx appends to static files' URLs is that of the file in the output
#: folder when the page is written, which an incremental build copies after writing pages.
_CHECKSUM = re.compile(rb"\?v=[0-9a-f]{8}")


def published(outdir: Path) -> dict[str, bytes]:
    """The output folder as :func:`test_stale.outputs` reads it, without what
    :data:`SPHINX_LEFTOVERS` names and with static files' checksums blanked."""
    return {
        name: _CHECKSUM.sub(b"?v=", data) if name.endswith(".html") else data
        for name, data in outputs(outdir).items()
        if not SPHINX_LEFTOVERS.fullmatch(name)
    }


def _generated(src: Path) -> dict[str, bytes]:
    """The generated pages: ``{docname: bytes}``."""
    found = {}
    for folder in ("talks", "catalog"):
        for path in (src / folder).rglob("*.md"):
            found[path.relative_to(src).with_suffix("").as_posix()] = path.read_bytes()
    return found


def _differences(got: dict[str, bytes], want: dict[str, bytes]) -> list[str]:
    extra, missing = sorted(set(got) - set(want)), sorted(set(want) - set(got))
    changed = sorted(n for n in set(got) & set(want) if got[n] != want[n])
    return [f"extra {extra}"] * bool(extra) + [f"missing {missing}"] * bool(missing) + changed


# -- fault 16 ---------------------------------------------------------------------------------


def test_switching_off_calendars_feeds_and_structured_data_reaches_every_page(tmp_path):
    src = write_project(tmp_path / "src", _talks(), CONF)
    first = Run(src, html_baseurl="https://example.org/")
    assert any(".ics" in text for text in _pages(first.outdir).values())
    assert any("application/ld+json" in text for text in _pages(first.outdir).values())
    off = {"talks_calendars": False, "talks_feeds": False, "talks_structured_data": False}
    second = Run(src, html_baseurl="https://example.org/", **off)
    assert second.read == []  # nothing is read again: only the output changes
    left = {
        name: [m for m in (".ics", ".atom", "application/ld+json") if m in text]
        for name, text in _pages(second.outdir).items()
    }
    assert {name: found for name, found in left.items() if found} == {}
    assert not [p for p in second.outdir.rglob("*") if p.suffix in (".ics", ".atom")]
    # and back on: every talk page links its calendar again
    third = Run(src, html_baseurl="https://example.org/")
    for slug in ("a", "b", "c"):
        assert f'href="{slug}.ics"' in (third.outdir / "talks" / f"{slug}.html").read_text("utf-8"), slug


def test_a_new_catalog_title_reaches_every_breadcrumb_and_feed_link(tmp_path):
    from bs4 import BeautifulSoup

    src = write_project(tmp_path / "src", _talks(), CONF)
    Run(src)
    again = Run(src, talks_catalog_title="Lectures")
    assert again.read == ["talks/index"]  # the one generated page whose text changed
    crumbs = 0
    for name, text in _pages(again.outdir).items():
        soup = BeautifulSoup(text, "html.parser")
        for nav in soup.select("nav.talks-crumbs"):
            crumbs += 1
            assert nav.find("a").get_text() == "Lectures", name
        for link in soup.select('link[type="application/atom+xml"]'):
            assert link["title"] != "Talks", name
    assert crumbs == 7  # three talks, two speakers, two tags


@pytest.mark.parametrize(
    ("overrides", "kind"),
    [
        ({"talks_feed_length": 1}, "files"),
        ({"talks_export": False}, "files"),
        ({"talks_calendars": False}, "pages"),
        ({"talks_video_privacy": False}, "pages"),
        ({"html_baseurl": "https://example.org/sub/"}, "pages"),
        ({"talks_site_url": "https://example.org/"}, "pages"),
        ({"talks_timezone": "Asia/Tokyo"}, "pages"),
        ({"language": "de"}, "env"),
    ],
    ids=lambda value: ",".join(value) if isinstance(value, dict) else str(value),
)
def test_a_changed_value_reads_only_what_must_and_equals_a_clean_build(tmp_path, overrides, kind):
    """A value only the published files depend on ("files") reads and writes no page
    again; one the pages show ("pages") reads again only the generated pages whose
    text changed and writes every page; ``language`` (Sphinx's own: the doctrees
    depend on it) reads every document.  Either way the output is a clean build's."""
    src = write_project(tmp_path / "src", _talks(), CONF)
    first = Run(src)
    before = _generated(src)
    again = Run(src, **overrides)
    after = _generated(src)
    rewritten = sorted(d for d in after if before.get(d) != after[d])
    assert sorted(again.read) == (sorted(first.read) if kind == "env" else rewritten)
    always = ["genindex", "search"]  # Sphinx writes these on every build
    assert sorted(again.written) == (always if kind == "files" else sorted(first.written))
    clean = _clean(tmp_path, src, "clean", **overrides)
    differing = _differences(published(again.outdir), published(clean.outdir))
    assert differing == [], "\n".join(differing)


# -- fault 19 ---------------------------------------------------------------------------------


def test_a_new_output_dir_unpublishes_the_old_catalog_and_a_talk_drafted_with_it(tmp_path):
    files = {
        **_talks(),
        "events/b.md": page("Beta", 2, ["Ann Lee", "Bo Chen"], ["nlp", "audio"], draft=False)
        + "\nOld URL.\n",
        "extra/talks/notes.txt": "the user's own file, shipped through html_extra_path",
    }
    files["events/b.md"] = files["events/b.md"].replace("+++\nAbout", 'aliases = ["/old-beta/"]\n+++\nAbout')
    conf = CONF + 'html_extra_path = ["extra"]\n'
    src = write_project(tmp_path / "src", files, conf)
    first = Run(src)
    out = first.outdir
    assert (out / "talks" / "b.html").is_file() and (out / "talks" / "index.ics").is_file()
    assert (out / "old-beta" / "index.html").is_file()
    (src / "events" / "b.md").write_text(
        files["events/b.md"].replace("draft = false", "draft = true"), "utf-8"
    )
    second = Run(src, talks_output_dir="catalog")
    left = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and "talks" in p.parts)
    assert left == ["talks/notes.txt"]  # the user's file stays; nothing of ours is left
    assert (out / "catalog" / "a.html").is_file() and (out / "catalog" / "index.ics").is_file()
    names = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert not [p for p in names if "/b." in p or p.endswith("b.md.txt") or "old-beta" in p], names
    assert "Beta" not in " ".join(_pages(out).values())
    clean = _clean(tmp_path, src, "clean", talks_output_dir="catalog")
    differing = _differences(published(second.outdir), published(clean.outdir))
    assert differing == [], "\n".join(differing)


def test_a_users_own_page_in_the_old_output_dir_stays_published(tmp_path):
    """A page the user keeps in the folder the catalog used to be generated into is theirs:
    it is still a document, and its HTML stays."""
    files = {**_talks(), "talks/about.md": "# About these talks\n\nMine.\n"}
    src = write_project(tmp_path / "src", files, CONF + 'exclude_patterns = ["_build"]\n')
    Run(src)
    second = Run(src, talks_output_dir="catalog")
    assert (second.outdir / "talks" / "about.html").is_file()
    assert (src / "talks" / "about.md").is_file()
    assert not (second.outdir / "talks" / "a.html").exists()


def test_a_users_extra_file_in_the_catalogs_folder_is_never_removed(tmp_path):
    """A page the user ships through ``html_extra_path`` into the catalog's folder is no
    page of the catalog: it stays, in every build, and after the folder changed."""
    files = {**_talks(), "extra/talks/mine.html": "<p>the user's own page</p>"}
    src = write_project(tmp_path / "src", files, CONF + 'html_extra_path = ["extra"]\n')
    first = Run(src)
    assert (first.outdir / "talks" / "mine.html").is_file()
    Run(src)
    assert (first.outdir / "talks" / "mine.html").read_text("utf-8") == "<p>the user's own page</p>"
    Run(src, talks_output_dir="catalog")
    assert (first.outdir / "talks" / "mine.html").is_file()
    assert not (first.outdir / "talks" / "a.html").exists()


# -- Deliver 3: incremental == clean after random configuration and talk edits -------------------

#: Values each setting takes in :func:`test_incremental_output_equals_clean_output_after_config_edits`
#: (the first is the default); every ``talks_*`` value but ``talks_source`` is listed (see
#: :func:`test_unsetting_talks_source_unpublishes_the_catalog_and_setting_it_again_brings_it_back`).
SETTINGS: dict[str, list[Any]] = {
    "talks_output_dir": ["talks", "catalog", "lectures"],
    "talks_timezone": [None, "Europe/Berlin", "Asia/Tokyo"],
    "talks_video_privacy": [True, False],
    "talks_video_embed": ["click", "iframe", "link"],
    "talks_video_posters": ["local", "fetch"],  # no talk has a video: nothing is fetched
    "talks_speaker_pages": ["auto", "all"],
    "talks_tag_pages": ["auto", "all"],
    "talks_static": [[], ["static"]],
    "talks_base_url": [None, "https://old.example.org/"],
    "talks_catalog_title": ["Talks", "Lectures", "Vorträge"],
    "talks_fix_mojibake": [True, False],
    "talks_today": [None, "2024-03-10", "2024-03-20"],
    "talks_speakers": [None, "people.yaml"],
    # outside the source folder: a folder inside it would be pages of the project until it
    # is named here (and Sphinx, as for any page taken out of the project, keeps their HTML)
    "talks_profiles": [[], ["../profiles"]],
    "talks_site_url": [None, "https://talks.example.org/"],
    "talks_old_url_root": ["auto", "/", None],
    "talks_redirects": [True, False],
    "talks_calendars": [True, False],
    "talks_feeds": [True, False],
    "talks_feed_length": [50, 1],
    "talks_export": [True, False],
    "talks_structured_data": [True, False],
    "talks_tune_gc": [True, False],
    "talks_raw_html": ["drop", "sanitize", "keep"],
    "talks_shortcodes": [{}, {"mystery": "drop"}, {"mystery": "text"}],
    "language": [None, "de", "fr"],
    "html_baseurl": ["", "https://example.org/", "https://example.org/sub/"],
}

PEOPLE_FILE = (
    "- name: Ann Lee\n  aliases: [Ann L.]\n  bio: Works on speech.\n  homepage: https://ann.example.org/\n"
)
PROFILE = '+++\ntitle = "Bo Chen"\nrole = "Researcher"\n+++\nBo works on vision.\n'


def test_the_settings_table_lists_every_option():
    from sphinx_talks.config import FIELDS

    assert {f"talks_{name}" for name in FIELDS} - {"talks_source"} <= set(SETTINGS)


class ConfiguredSite(Site):
    """A :class:`test_stale.Site` whose project's configuration is edited too; talks may
    carry old URLs (``aliases``)."""

    def __init__(self, src: Path, rng: random.Random) -> None:
        self.src = src
        self.settings: dict[str, Any] = {name: values[0] for name, values in SETTINGS.items()}
        self.aliases: dict[str, list[str]] = {}
        super().__init__(src / "events", rng)
        self.write_conf()

    def write(self, name: str) -> None:
        super().write(name)
        aliases = self.aliases.get(name)
        if aliases:
            path = self.root / name
            text = path.read_text("utf-8").replace("+++\nAbout", f"aliases = {aliases!r}\n+++\nAbout", 1)
            path.write_text(text, "utf-8")

    def delete(self, name: str) -> None:
        super().delete(name)
        self.aliases.pop(name, None)

    def write_conf(self) -> None:
        lines = [
            'extensions = ["sphinx_talks"]',
            'talks_source = "events"',
            'html_theme = "alabaster"',
            'html_extra_path = ["extra"]',
            *(f"{name} = {value!r}" for name, value in self.settings.items()),
        ]
        (self.src / "conf.py").write_text("\n".join(lines) + "\n", "utf-8")
        toctree = self.settings["talks_output_dir"] + "/index"
        (self.src / "index.md").write_text(f"# Test project\n\n```{{toctree}}\n{toctree}\n```\n", "utf-8")

    def configure(self, *names: str) -> str:
        """Give the settings ``names`` (by default one at random) another of their values."""
        changed = []
        for name in names or [self.rng.choice(sorted(SETTINGS))]:
            choices = [v for v in SETTINGS[name] if v != self.settings[name]]
            self.settings[name] = self.rng.choice(choices)
            changed.append(f"{name} = {self.settings[name]!r}")
        self.write_conf()
        return ", ".join(changed)

    def alias(self, url: str) -> str:
        """Give a talk the old URL ``url`` (taken from the talk that had it)."""
        self.unalias(url)
        name = self.pick()
        self.aliases.setdefault(name, []).append(url)
        self.write(name)
        return f"alias {url} on {name}"

    def unalias(self, url: str) -> str:
        """No talk has the old URL ``url`` any more."""
        for name, urls in self.aliases.items():
            if url in urls:
                urls.remove(url)
                self.write(name)
        return f"alias {url} dropped"


def _project(tmp_path: Path, rng: random.Random) -> ConfiguredSite:
    src = tmp_path / "src"
    for name, text in {
        "people.yaml": PEOPLE_FILE,
        "../profiles/bo-chen.md": PROFILE,
        "static/images/p.png": "not read: no talk names it",
        "extra/robots.txt": "User-agent: *\n",
    }.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, "utf-8")
    return ConfiguredSite(src, rng)


def _collide(site: ConfiguredSite, kind: str) -> str:
    """The user's own page or file at an old URL a talk has (or had)."""
    if kind == "user-page":
        (site.src / "about").mkdir(exist_ok=True)
        (site.src / "about" / "index.md").write_text("# About\n\nThe user's page.\n", "utf-8")
        return "the user's about/index.md at /about/"
    (site.src / "extra" / "google1234.html").write_text("google-site-verification: google1234.html\n")
    return "the user's extra/google1234.html at /google1234.html"


def _compare(tmp_path: Path, src: Path, step: int, what: str, builder: str = "html") -> list[str]:
    incremental = Run(src, builder)
    clean = Run(_copy(tmp_path, src, f"clean{step}"), builder)
    found = _differences(published(incremental.outdir), published(clean.outdir))
    shutil.rmtree(clean.outdir.parent.parent)
    return [f"after step {step} ({what}): {d}" for d in found]


KINDS = ["add", "delete", "rename", "draft", "title", "speaker", "tag", "date", "picture"]


@pytest.mark.parametrize("builder", ["html", "dirhtml", "text"])
def test_incremental_output_equals_clean_output_after_config_edits(tmp_path, builder):
    """Edits of the configuration (every ``talks_*`` value, ``language``,
    ``html_baseurl`` and ``talks_output_dir``, two at a time, each twice, in a random
    order) and of a talk at each step: after each, the incremental build's output
    folder is a clean build's, file by file, for builders writing every page on a
    configuration change (``html``, ``dirhtml``) and one writing only the pages whose
    doctree changed (``text``)."""
    rng = random.Random(26)
    site = _project(tmp_path, rng)
    Run(site.src, builder)
    order = [name for _round in range(2) for name in rng.sample(sorted(SETTINGS), len(SETTINGS))]
    differing: list[str] = []
    for step in range(0, len(order), 2):
        what = site.configure(*order[step : step + 2]) + "; " + site.edit(rng.choice(KINDS))
        differing += _compare(tmp_path, site.src, step // 2, what, builder)
    assert differing == [], "\n".join(differing)


def test_incremental_output_equals_clean_output_with_the_users_files_at_old_urls(tmp_path):
    """Old URLs of talks that the user's own page (``about/index.md`` at ``/about/``)
    or ``html_extra_path`` file (``/google1234.html``) take come and go, between
    configuration edits: the user's page and file win, in both builds alike.  (A page
    the user removes is left out: Sphinx itself never unpublishes one.)"""
    rng = random.Random(1)
    site = _project(tmp_path, rng)
    Run(site.src)
    steps = [
        lambda: site.alias("/about/"),
        lambda: _collide(site, "user-page"),
        site.configure,
        lambda: site.alias("/google1234.html"),
        lambda: _collide(site, "extra-file"),
        site.configure,
        lambda: site.alias("/about/"),  # another talk
        lambda: site.unalias("/about/"),
        lambda: site.unalias("/google1234.html"),
        lambda: site.edit("delete"),
        site.configure,
    ]
    differing: list[str] = []
    for step, edit in enumerate(steps):
        differing += _compare(tmp_path, site.src, step, edit())
    assert differing == [], "\n".join(differing)
    out = site.src / "_build" / "html"
    assert "google-site-verification" in (out / "google1234.html").read_text("utf-8")
    assert "The user\u2019s page." in (out / "about" / "index.html").read_text("utf-8")  # smart quotes


@pytest.mark.parametrize(("builder", "page_file"), [("dirhtml", "a/index.html"), ("text", "a.txt")])
def test_a_new_output_dir_unpublishes_the_old_catalog_in_other_builders(tmp_path, builder, page_file):
    from conftest import build

    src = write_project(tmp_path / "src", _talks(), CONF)
    first = build(src, builder)
    assert (first.outdir / "talks" / page_file).is_file()
    second = build(src, builder, talks_output_dir="catalog")
    assert (second.outdir / "catalog" / page_file).is_file()
    left = sorted(
        p.relative_to(second.outdir).as_posix() for p in second.outdir.rglob("*") if "talks" in p.parts
    )
    assert left == []


@pytest.mark.parametrize("builder", ["text", "dirhtml"])
def test_a_new_catalog_title_reaches_every_page_of_other_builders(tmp_path, builder):
    """Builders that write only the pages whose doctree changed (``text``) write every
    page again after a value the pages show changed, as HTML builders do."""
    from conftest import build

    src = write_project(tmp_path / "src", _talks(), CONF)
    build(src, builder)
    again = build(src, builder, talks_catalog_title="Lectures")
    clean = build(_copy(tmp_path, src, "clean"), builder, talks_catalog_title="Lectures")
    differing = _differences(published(again.outdir), published(clean.outdir))
    assert differing == [], "\n".join(differing)


def test_unsetting_talks_source_unpublishes_the_catalog_and_setting_it_again_brings_it_back(tmp_path):
    """``talks_source`` (left out of :data:`SETTINGS`: an event folder inside the source
    folder is part of the project while it is unset, and Sphinx keeps the HTML of
    pages taken out of a project) is edited here with the folder outside."""
    src = write_project(tmp_path / "src", {}, CONF)
    for name, text in _talks().items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    conf = (
        (src / "conf.py").read_text("utf-8").replace('talks_source = "events"', 'talks_source = "../events"')
    )
    (src / "conf.py").write_text(conf, "utf-8")
    (src / "events").rmdir()
    first = Run(src)
    assert (first.outdir / "talks" / "a.html").is_file()
    differing = []
    for step, value in enumerate([None, "../events", None]):
        again = Run(src, talks_source=value)
        clean = Run(_copy(tmp_path, src, f"clean{step}"), talks_source=value)
        differing += [
            f"talks_source = {value!r}: {d}"
            for d in _differences(published(again.outdir), published(clean.outdir))
        ]
    assert differing == [], "\n".join(differing)
    assert not (src / "talks").exists()
    assert not [p for p in first.outdir.rglob("*") if "talks" in p.parts]


#: Old URLs that collide with what the user or the build puts in the output folder:
#: a user's page (``about/index.md``, ``foo.md``), a file of ``html_extra_path``, a folder
#: where a page or a published file must go, a non-ASCII folder.
COLLIDING_URLS = [
    "/about/",
    "/google1234.html",
    "/foo.html/bar/",
    "/talks/index.atom/x/",
    "/café/",
    "/plain/",
]
USER_FILES = {
    "about/index.md": "# About\n\nThe user's page.\n",
    "foo.md": "---\norphan: true\n---\n# Foo\n\nAnother page of the user's.\n",
    "extra/google1234.html": "google-site-verification: google1234.html\n",
}


@pytest.mark.parametrize("seed", [5, 11, 26])
def test_incremental_output_equals_clean_output_with_random_collisions(tmp_path, seed):
    """Random steps: an old URL given to a talk or dropped, a page or file of the user's
    added at one (never removed: Sphinx itself never unpublishes those), a setting
    changed, a talk edited.  After each step the incremental output equals a clean
    build's, and the user's pages and files are theirs."""
    rng = random.Random(seed)
    site = _project(tmp_path, rng)
    Run(site.src)
    added: list[str] = []
    differing: list[str] = []
    for step in range(14):
        action = rng.choice(["alias", "alias", "unalias", "user", "configure", "edit"])
        if action == "alias":
            what = site.alias(rng.choice(COLLIDING_URLS))
        elif action == "unalias":
            what = site.unalias(rng.choice(COLLIDING_URLS))
        elif action == "user" and len(added) < len(USER_FILES):
            name = rng.choice(sorted(set(USER_FILES) - set(added)))
            (site.src / name).parent.mkdir(parents=True, exist_ok=True)
            (site.src / name).write_text(USER_FILES[name], "utf-8")
            added.append(name)
            what = f"the user's {name}"
        elif action == "configure":
            what = site.configure()
        else:
            what = site.edit(rng.choice(KINDS))
        differing += _compare(tmp_path, site.src, step, what)
    assert differing == [], "\n".join(differing)
    out = site.src / "_build" / "html"
    if "extra/google1234.html" in added:
        assert "google-site-verification" in (out / "google1234.html").read_text("utf-8")
    if "foo.md" in added:
        assert "Another page of the user" in (out / "foo.html").read_text("utf-8")
