"""Property-based tests: no input makes the readers raise, and parse → render → parse is stable."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx_talks.dates import read_human, read_when
from sphinx_talks.diagnostics import Report
from sphinx_talks.frontmatter import split
from sphinx_talks.markup.blocks import BodyRenderer
from sphinx_talks.markup.calls import Shortcode, lex
from sphinx_talks.markup.context import Context
from sphinx_talks.markup.parser import parse
from sphinx_talks.model import Video
from sphinx_talks.video import parse_video

settings.register_profile("project", max_examples=150, deadline=None)
settings.load_profile("project")

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
FENCE_TEXT = st.builds(
    lambda head, middle, tail: head + middle + tail,
    st.sampled_from(["+++\n", "---\n", "{", "\ufeff+++\n", ""]),
    TEXT,
    st.sampled_from(["\n+++\n", "\n---\n", "}\n", ""]),
)


def _report() -> Report:
    return Report(Path("page.md"))


@given(FENCE_TEXT)
def test_split_never_raises(text):
    fm = split(text, _report())
    assert isinstance(fm.data, dict) and isinstance(fm.body, str) and fm.body_line >= 1


KEY = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
SCALAR = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40),
    st.integers(-(10**9), 10**9),
    st.booleans(),
)
DATA = st.dictionaries(KEY, st.one_of(SCALAR, st.lists(SCALAR, max_size=4)), max_size=8)


@given(DATA)
def test_front_matter_round_trip(data):
    as_json = json.dumps(data, ensure_ascii=False, indent=1) + "\nBody\n"
    assert split(as_json, _report()).data == data
    # YAML 1.2 is a superset of JSON (PyYAML's dumper writes YAML 1.1, where "0E0" is text)
    as_yaml = "---\n" + json.dumps(data, ensure_ascii=False) + "\n---\nBody\n"
    assert split(as_yaml, _report()).data == data


NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)
VALUE = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_characters='\\<>%{}"\x00', exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")
    ),
    max_size=20,
)


@given(TEXT)
def test_lex_never_raises(text):
    pieces = lex(text)
    assert "".join(p if isinstance(p, str) else p.raw for p in pieces) == text


@given(NAME, st.lists(VALUE, max_size=3), st.dictionaries(NAME, VALUE, max_size=3))
def test_shortcode_round_trip(name, args, kwargs):
    quote = lambda value: '"' + value.replace('"', '\\"') + '"'  # noqa: E731
    text = (
        "{{< " + " ".join([name, *map(quote, args), *(f"{k}={quote(v)}" for k, v in kwargs.items())]) + " >}}"
    )
    (parsed,) = [p for p in lex("before " + text + " after") if isinstance(p, Shortcode)]
    assert (parsed.name, parsed.args, parsed.kwargs) == (name, args, kwargs)
    assert isinstance(parsed, Shortcode) and parsed.raw == text


@given(TEXT)
def test_parse_video_never_raises(text):
    found = parse_video(text)
    assert found is None or isinstance(found, (Video, str))


VIDEO = st.one_of(
    st.builds(
        Video,
        st.just("youtube"),
        st.text(
            alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
            min_size=11,
            max_size=11,
        ).filter(lambda vid: vid != "videoseries"),  # YouTube's word for a playlist, not a video id
        st.one_of(st.none(), st.integers(1, 36000)),
    ),
    st.builds(
        Video, st.just("vimeo"), st.integers(1, 10**10).map(str), st.one_of(st.none(), st.integers(1, 36000))
    ),
)


@given(VIDEO)
def test_video_round_trip(video):
    assert parse_video(video.url) == video


@given(st.one_of(TEXT, st.integers(), st.floats(allow_nan=True), st.dates(), st.datetimes(), st.none()))
def test_read_when_never_raises(value):
    found = read_when(value, ZoneInfo("Europe/Berlin"))
    assert found is None or found.value.tzinfo is not None


@given(TEXT)
def test_read_human_never_raises(text):
    found = read_human(text, ZoneInfo("UTC"))
    assert found is None or found[0].value.tzinfo is not None


@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.integers(-12 * 60, 14 * 60).map(lambda m: timedelta(minutes=m)),
)
def test_dates_round_trip(moment, offset):
    from datetime import timezone

    aware = moment.replace(tzinfo=timezone(offset))
    found = read_when(aware.isoformat(), UTC)
    assert found.value == aware and found.has_time
    again = read_when(found.value.isoformat(), UTC)
    assert again.value == found.value
    assert read_when(aware.date().isoformat(), UTC).value.date() == aware.date()
    assert isinstance(read_when(date(2020, 2, 29), UTC).value, datetime)


@settings(max_examples=60)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab #*_`~[]()!<>{}%$:-+=|\n\\/\"'&")) | st.characters(codec="utf-8"),
        max_size=200,
    )
)
def test_body_rendering_never_raises(body):
    out = BodyRenderer(Context(report=_report())).render(parse(body))
    assert isinstance(out, list)


@given(TEXT)
def test_escaped_data_reads_back_without_the_parser(text):
    """What ``escape`` writes, ``unescape`` returns as the same one-line text; a
    directive can then skip the MyST parser for front-matter data."""
    from sphinx_talks.myst import escape, one_line, unescape

    assert unescape(escape(text)) == one_line(text)


@given(TEXT)
def test_option_values_survive_the_directive_option_parser(text):
    from myst_parser.parsers.options import options_to_items
    from sphinx_talks.myst import one_line, option

    items, _ = options_to_items(f"key: {option(text)}")
    assert dict(items)["key"] == one_line(text)
