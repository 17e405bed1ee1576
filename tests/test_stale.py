"""Incremental builds publish exactly what a clean build publishes: after every kind of
edit (talks added, deleted, renamed, drafted, retitled; speakers and tags changed;
pictures removed), the output folder holds the same files with the same bytes."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from conftest import PNG, build, write_project

#: Output that differs between builds by design (Sphinx's search index, build info).
IGNORED = {"searchindex.js", ".buildinfo"}

PEOPLE = ["Ann Lee", "Bo Chen", "Cy Diaz", "Di Evans", "Ed Fox"]
TAGS = ["nlp", "vision", "audio", "ethics"]


def page(title: str, day: int, who: list[str], tags: list[str], draft: bool = False) -> str:
    names = ", ".join(f'"{n}"' for n in who)
    labels = ", ".join(f'"{t}"' for t in tags)
    return (
        f'+++\ntitle = "{title}"\ndate = 2024-03-{day:02d}T18:00:00\nspeakers = [{names}]\n'
        f"tags = [{labels}]\ndraft = {'true' if draft else 'false'}\n+++\nAbout {title}.\n"
    )


class Site:
    """The talk folder being edited: ``talks`` maps a file (``a.md`` or a bundle
    ``b/index.md``) to its fields."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng = root, rng
        self.talks: dict[str, dict] = {}
        self.count = 0
        for _ in range(6):
            self.add()

    def write(self, name: str) -> None:
        fields = self.talks[name]
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(**fields), "utf-8")

    def add(self) -> str:
        self.count += 1
        bundle = self.count % 2 == 0
        name = f"t{self.count}/index.md" if bundle else f"t{self.count}.md"
        self.talks[name] = {
            "title": f"Talk {self.count}",
            "day": self.rng.randint(1, 28),
            "who": self.rng.sample(PEOPLE, self.rng.randint(1, 2)),
            "tags": self.rng.sample(TAGS, self.rng.randint(0, 2)),
        }
        self.write(name)
        if bundle:
            (self.root / name).parent.joinpath("featured.png").write_bytes(PNG)
        return name

    def pick(self) -> str:
        return self.rng.choice(sorted(self.talks))

    def delete(self, name: str) -> None:
        del self.talks[name]
        if name.endswith("/index.md"):
            shutil.rmtree(self.root / name.split("/")[0])
        else:
            (self.root / name).unlink()

    def edit(self, kind: str) -> str:
        name = self.pick()
        fields = self.talks[name]
        if kind == "add":
            return "added " + self.add()
        if kind == "delete" and len(self.talks) > 2:
            self.delete(name)
            return "deleted " + name
        if kind == "rename" and not name.endswith("/index.md"):
            self.count += 1
            new = f"renamed{self.count}.md"
            (self.root / name).rename(self.root / new)
            self.talks[new] = self.talks.pop(name)
            return f"renamed {name} to {new}"
        if kind == "draft":
            fields["draft"] = not fields.get("draft", False)
        elif kind == "title":
            fields["title"] = f"{fields['title']} v{self.rng.randint(1, 99)}"
        elif kind == "speaker":
            fields["who"] = self.rng.sample(PEOPLE, self.rng.randint(1, 2))
        elif kind == "tag":
            fields["tags"] = self.rng.sample(TAGS, self.rng.randint(0, 2))
        elif kind == "date":
            fields["day"] = self.rng.randint(1, 28)
        elif kind == "picture" and name.endswith("/index.md"):
            picture = (self.root / name).parent / "featured.png"
            if picture.exists():
                picture.unlink()
            else:
                picture.write_bytes(PNG)
            return f"picture of {name} toggled"
        self.write(name)
        return f"{kind} of {name}"


def outputs(outdir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in outdir.rglob("*")
        if p.is_file() and p.name not in IGNORED
    }


KINDS = ["add", "delete", "rename", "draft", "title", "speaker", "tag", "date", "picture"]


@pytest.mark.parametrize("seed", [11])
def test_incremental_output_equals_clean_output_after_random_edits(tmp_path, seed):
    rng = random.Random(seed)
    src = write_project(tmp_path / "src", {}, conf='html_theme = "alabaster"\n')
    site = Site(src / "events", rng)
    build(src)
    edits = [KINDS[k % len(KINDS)] for k in range(27)]
    rng.shuffle(edits)
    differing: list[str] = []
    for step, kind in enumerate(edits):
        what = site.edit(kind)
        incremental = build(src)
        clean_src = tmp_path / f"clean{step}"
        shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build", "talks"))
        clean = build(clean_src)
        got, want = outputs(incremental.outdir), outputs(clean.outdir)
        extra = sorted(set(got) - set(want))
        missing = sorted(set(want) - set(got))
        changed = sorted(n for n in set(got) & set(want) if got[n] != want[n])
        if extra or missing or changed:
            differing.append(
                f"after step {step} ({what}): extra {extra}, missing {missing}, differ {changed}"
            )
        shutil.rmtree(clean_src)
    assert differing == [], "\n".join(differing)


@pytest.mark.parametrize(
    ("builder", "target"), [("dirhtml", "talks/gone/index.html"), ("text", "talks/gone.txt")]
)
def test_a_deleted_talk_leaves_no_page_in_other_builders(tmp_path, builder, target):
    files = {
        "events/gone.md": page("Gone", 1, ["Ann Lee"], ["nlp"]),
        "events/kept.md": page("Kept", 2, ["Bo Chen"], []),
    }
    src = write_project(tmp_path / "src", files)
    first = build(src, builder)
    assert (first.outdir / target).is_file()
    assert any(p for p in (first.outdir / "talks").rglob("*") if "ann-lee" in p.as_posix())
    (src / "events" / "gone.md").unlink()
    again = build(src, builder)
    assert not (again.outdir / target).exists()
    # the speaker and the tag only that talk had are gone too; the kept talk is there
    left = [
        p.relative_to(again.outdir).as_posix() for p in (again.outdir / "talks").rglob("*") if p.is_file()
    ]
    assert not [p for p in left if "ann-lee" in p or "/nlp" in p], left
    assert any("kept" in p for p in left), left


def test_links_that_leave_the_folders_are_refused_with_a_warning(tmp_path):
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "leak.md").write_text('+++\ntitle = "Leaky Person"\n+++\nSECRET-BIO text.\n', "utf-8")
    (outside / "more").mkdir()
    (outside / "more" / "t.md").write_text(page("Linked folder talk", 3, ["Ann Lee"], []), "utf-8")
    files = {
        "events/a.md": page("A", 1, ["Leaky Person"], []),
        "events/speakers/real/index.md": '+++\ntitle = "Ann Lee"\n+++\nAnn bio.\n',
    }
    src = write_project(tmp_path / "src", files)
    (src / "events" / "speakers" / "leak.md").symlink_to(outside / "leak.md")
    (src / "events" / "linked").symlink_to(outside / "more", target_is_directory=True)
    built = build(src)
    warnings = built.warning_lines()
    assert any("leak.md" in w and "links outside" in w and "[talks.not-read]" in w for w in warnings), (
        warnings
    )
    assert any("linked" in w and "linked folder" in w and "[talks.not-read]" in w for w in warnings), warnings
    published = " ".join(p.read_text("utf-8") for p in built.outdir.rglob("*.html"))
    assert "SECRET-BIO" not in published and "Linked folder talk" not in published


def _differences(got: dict[str, bytes], want: dict[str, bytes]) -> list[str]:
    extra, missing = sorted(set(got) - set(want)), sorted(set(want) - set(got))
    changed = sorted(n for n in set(got) & set(want) if got[n] != want[n])
    return [f"extra {extra}"] * bool(extra) + [f"missing {missing}"] * bool(missing) + changed


def test_builders_taking_turns_on_one_environment_publish_what_clean_builds_do(tmp_path):
    """html, singlehtml and LaTeX in turn on one source and doctree folder: the pages a
    builder of one kind reads never reach the other kind's output, and the generated
    pages are the same bytes for every builder."""
    rng = random.Random(5)
    src = write_project(tmp_path / "src", {}, conf='html_theme = "alabaster"\n')
    site = Site(src / "events", rng)
    generated: dict[str, dict[str, bytes]] = {}
    differing: list[str] = []
    for step, builder in enumerate(["html", "singlehtml", "html", "latex", "singlehtml", "html"]):
        if step == 3:
            site.edit("add")
        built = build(src, builder)
        if step == 1:  # only the documents whose doctree depends on the builder are read again
            years = len(list((src / "talks" / "years").glob("*.md")))
            assert f"0 added, {years + 3} changed, 0 removed" in built.status, built.status
        pages = {
            p.relative_to(src / "talks").as_posix(): p.read_bytes() for p in (src / "talks").rglob("*.md")
        }
        generated[f"{step} {builder}"] = pages
        clean_src = tmp_path / f"clean{step}"
        shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build", "talks"))
        clean = build(clean_src, builder)
        differing += [
            f"step {step} {builder}: {d}" for d in _differences(outputs(built.outdir), outputs(clean.outdir))
        ]
        shutil.rmtree(clean_src)
    assert differing == [], "\n".join(differing)
    assert generated["0 html"] == generated["1 singlehtml"] and generated["3 latex"] == generated["5 html"]
    single = (src / "_build" / "singlehtml" / "index.html").read_text("utf-8")
    assert all(f"Talk {k}" in single for k in range(1, site.count + 1))


def test_html_and_singlehtml_built_at_once_publish_what_clean_builds_do(tmp_path):
    """Two sphinx-build processes at once, html and singlehtml, on one source folder
    (each with its own doctree folder): the html output's ``_sources`` and pages are
    those of an html build of its own."""
    import subprocess
    import sys
    import time

    rng = random.Random(3)
    src = write_project(tmp_path / "src", {}, conf='html_theme = "alabaster"\n')
    site = Site(src / "events", rng)
    for _ in range(120):
        site.add()

    def command(builder: str, folder: Path) -> list[str]:
        out = tmp_path / f"{folder.name}-{builder}"
        return [sys.executable, "-m", "sphinx", "-q", "-b", builder, "-d", str(out / "doctrees"),
                str(folder), str(out / "out")]  # fmt: skip

    for _ in range(2):
        name = site.edit("title").split()[-1]
        title = site.talks[name]["title"].encode()
        html = subprocess.Popen(command("html", src))
        deadline = time.monotonic() + 120  # singlehtml starts once html has generated its pages
        while not any(title in p.read_bytes() for p in (src / "talks").glob("*.md")):
            assert time.monotonic() < deadline and html.poll() is None
            time.sleep(0.05)
        single = subprocess.Popen(command("singlehtml", src))
        assert [html.wait(timeout=600), single.wait(timeout=600)] == [0, 0]
    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("talks"))
    subprocess.run(command("html", clean_src), check=True)
    got, want = outputs(tmp_path / "src-html" / "out"), outputs(tmp_path / "clean-html" / "out")
    assert _differences(got, want) == []
    assert any(name.startswith("_sources/talks/") for name in got)
