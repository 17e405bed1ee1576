"""Browsing the catalog: click-to-load videos (issue 13)."""

from __future__ import annotations

from conftest import PNG, build, players, write_project

TALK = (
    '+++\ntitle = "Fast <b>parsers</b>"\ndate = 2024-03-01T18:00:00\nimage = "poster.png"\n'
    'youtube = "https://youtu.be/dQw4w9WgXcQ?t=95"\nvimeo = "https://vimeo.com/76979871"\n+++\nText.\n'
)


def talk_project(tmp_path):
    return write_project(tmp_path / "src", {"events/fast/index.md": TALK, "events/fast/poster.png": PNG})


def test_videos_load_only_when_played(tmp_path):
    built = build(talk_project(tmp_path))
    assert built.warning_lines() == []
    page = built.html("talks/fast")
    assert page.find_all("iframe") == []  # nothing from a video host before the click
    first, second = page.select("a.talks-player")
    assert first["data-src"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=95&autoplay=1"
    assert first["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=95s"  # no script: the video's page
    assert second["data-src"] == "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    assert second["href"] == "https://vimeo.com/76979871"
    # each iframe gets a title of its own, the talk's title as text
    assert [a["data-title"] for a in (first, second)] == [
        "Video: Fast <b>parsers</b>",
        "Video 2: Fast <b>parsers</b>",
    ]
    assert first.select_one(".talks-player-title").get_text() == "Fast <b>parsers</b>"
    assert first.select_one(".talks-player-host").get_text() == "YouTube" and first["role"] == "button"
    # the talk's picture is the first player's poster, and shown once
    (poster,) = page.select("img.talks-player-poster")
    assert poster.find_parent("a") is first and poster["loading"] == "lazy" and poster["alt"] == ""
    assert (built.outdir / "talks" / poster["src"]).resolve().is_file()
    assert page.select("img.talks-banner") == []
    assert any("_static/sphinx-talks.js" in s.get("src", "") for s in page.find_all("script"))
    assert (built.outdir / "_static" / "sphinx-talks.js").is_file()


def test_iframe_and_link_modes_and_other_builders(tmp_path):
    src = talk_project(tmp_path)
    iframe = build(src, talks_video_embed="iframe").html("talks/fast")
    assert iframe.select("a.talks-player") == [] and iframe.select("img.talks-banner")
    assert players(iframe) == [
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=95",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ]
    link = build(src, talks_video_embed="link").html("talks/fast")
    assert players(link) == [] and link.select("a.talks-player") == []
    hrefs = [a["href"] for a in link.find_all("a", href=True)]
    assert (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=95s" in hrefs and "https://vimeo.com/76979871" in hrefs
    )
    text = build(src, "text")
    assert text.warning_lines() == []
    assert "Video: https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=95s" in (
        text.outdir / "talks" / "fast.txt"
    ).read_text("utf-8")


def test_a_bad_embed_mode_is_a_located_warning(tmp_path):
    src = talk_project(tmp_path)
    (src / "conf.py").write_text(
        (src / "conf.py").read_text("utf-8") + 'talks_video_embed = "autoplay"\n', "utf-8"
    )
    built = build(src)
    (warning,) = built.warning_lines()
    assert "conf.py:3" in warning and "talks_video_embed" in warning and "[talks.config]" in warning
    assert len(built.html("talks/fast").select("a.talks-player")) == 2  # the default: click
