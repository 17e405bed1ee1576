"""Video URLs, dates, names and summaries as event pages write them."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sphinx_talks.dates import read_human, read_when
from sphinx_talks.model import Video
from sphinx_talks.sources.common import slug_for, split_names
from sphinx_talks.video import parse_video, parse_vimeo, parse_youtube

ID = "5PsRbCbpWg8"


@pytest.mark.parametrize(
    "url, start",
    [
        (f"https://www.youtube.com/watch?v={ID}", None),
        (f"https://www.youtube.com/watch?v={ID}&t=1s&ab_channel=MunichNLP", 1),
        (f"https://youtu.be/{ID}?t=754", 754),
        (f"https://youtu.be/{ID}?si=abcDEF123", None),
        (f"https://www.youtube.com/embed/{ID}?start=30", 30),
        (f"https://www.youtube.com/live/{ID}?feature=share", None),
        (f"https://youtube.com/shorts/{ID}", None),
        (f"https://m.youtube.com/watch?v={ID}&t=1m5s", 65),
        (f"https://www.youtube-nocookie.com/embed/{ID}", None),
    ],
)
def test_youtube_url_shapes(url, start):
    assert parse_video(url) == Video("youtube", ID, start)


def test_youtube_ids_playlists_and_non_videos():
    assert parse_youtube(ID) == Video("youtube", ID)
    assert parse_youtube(f'"{ID}?si=xyz"') == Video("youtube", ID)
    assert parse_video("https://www.youtube.com/playlist?list=PLabc") == "PLabc"
    assert parse_video("https://example.org/watch?v=" + ID) is None
    assert parse_video("hello-world") is None
    assert parse_vimeo("327173649") == Video("vimeo", "327173649")
    assert parse_video("https://vimeo.com/76979871") == Video("vimeo", "76979871")
    assert parse_video("https://player.vimeo.com/video/76979871") == Video("vimeo", "76979871")


def test_video_urls_skip_the_youtube_parser_only_where_no_youtube_host_can_be():
    """``parse_video`` hands a URL to the YouTube parser only when it holds "youtu"
    (the parser costs a URL split per link): every YouTube host name holds it, in
    any letter case."""
    from sphinx_talks.video import _YT_HOSTS

    assert all("youtu" in host for host in _YT_HOSTS)
    for host in sorted(_YT_HOSTS):
        url = f"HTTPS://{host.upper()}/watch?v={ID}"
        assert parse_video(url) == (Video("youtube", ID) if not host.endswith("youtu.be") else None)
    assert parse_video(f"https://YOUTU.BE/{ID}") == Video("youtube", ID)


def test_dates():
    berlin = ZoneInfo("Europe/Berlin")
    when = read_when("2024-05-23", berlin)
    assert when.value == datetime(2024, 5, 23, tzinfo=berlin) and not when.has_time
    when = read_when("2019-01-15T8:00:00", berlin)
    assert when.value == datetime(2019, 1, 15, 8, tzinfo=berlin) and when.has_time
    when = read_when("2024-05-23T18:00:00+09:00", berlin)
    assert when.value == datetime(2024, 5, 23, 11, tzinfo=berlin)
    assert read_when(date(2020, 1, 2), berlin).value.tzinfo is berlin
    assert read_when("tomorrow", berlin) is None
    assert read_when("2021-13-45", berlin) is None


def test_human_dates_from_summaries():
    utc = ZoneInfo("UTC")
    start, end = read_human("May 16, 2023 18:00-22:00", utc)
    assert (start.value.hour, end.value.hour) == (18, 22) and start.value.day == 16
    start, end = read_human("Oct 20-21th, 2023", utc)
    assert (start.value.day, end.value.day, start.has_time) == (20, 21, False)
    start, end = read_human("June 15, 2023 15:30", utc)
    assert start.value.minute == 30 and end is None


def test_names_without_titles():
    assert split_names("Saahil Ognawala, PhD & Abdullatif Köksal") == [
        ("Saahil Ognawala", ("PhD",)),
        ("Abdullatif Köksal", ()),
    ]
    assert [n for n, _ in split_names("Eric Joachim Liese, Prof. Dr. René Brunner")] == [
        "Eric Joachim Liese",
        "René Brunner",
    ]
    assert [n for n, _ in split_names("A, B, C and D")] == ["A", "B", "C", "D"]


def test_slugs_are_ascii_and_never_empty():
    assert slug_for("Diganta Misra") == "diganta-misra"
    assert slug_for("protein_lms") == "protein-lms"  # the talks-1 schema: no underscore
    assert slug_for("Nguyễn Thị Lan") == "nguyen-thi-lan"
    emoji = slug_for("🎤🎤")
    assert emoji and emoji.isascii() and emoji != slug_for("🎸")


def test_a_videoseries_embed_is_a_playlist_and_a_showcase_video_is_the_video():
    """Found by trying odd URLs: ``embed/videoseries?list=`` was read as a video with
    the id "videoseries"; a Vimeo showcase or album link embedded the showcase's id."""
    assert parse_video("https://www.youtube.com/embed/videoseries?list=PLabc123") == "PLabc123"
    assert parse_video("https://vimeo.com/showcase/111/video/222") == Video("vimeo", "222")
    assert parse_video("https://vimeo.com/album/5/video/333") == Video("vimeo", "333")
    assert parse_video("https://player.vimeo.com/video/76979871") == Video("vimeo", "76979871")


def test_the_bare_url_rule_is_still_asked_only_at_a_colon():
    """``parser._colon_first`` fences a cost of mdit-py-plugins' bare-URL rule (it copies
    the rest of the paragraph before checking for ``:``, at every position).  This fails
    once upstream checks the character first: then the fence can go."""
    import inspect

    from mdit_py_plugins.gfm_autolink import index

    source = inspect.getsource(index._protocol_rule)
    assert source.index("state.src[pos : state.posMax]") < source.index('!= ":"')
    from sphinx_talks.markup.parser import parse

    children = parse("See https://example.org/a: now.")[1].children
    assert [c.attrs.get("href") for c in children if c.type == "link_open"] == ["https://example.org/a"]
