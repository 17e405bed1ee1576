"""Bodies of unusual shapes, each pinning a fault found by comparing our pages with
Hugo 0.168's (benchmarks/hugo_oracle.py) or with the talk's own exports."""

from __future__ import annotations

import json

from conftest import players


def _page(title: str, body: str) -> str:
    return f'+++\ntitle = "{title}"\ndate = 2024-01-02\n+++\n{body}'


def _talk_json(built) -> dict:
    (talk,) = json.loads((built.outdir / "talks" / "talks.json").read_text("utf-8"))["talks"]
    return talk


def test_a_video_call_in_indented_code_plays_as_in_a_fence_and_is_listed(project):
    """Hugo runs a call in an indented code block as in a fence; the page plays it and
    the JSON export lists it (it listed it while the page showed the call as code)."""
    body = "Para\n\n    {{< youtube dQw4w9WgXcQ >}}\n\n\tbefore {{< vimeo 146022717 >}} after\n"
    built = project({"events/a.md": _page("A", body)})
    soup = built.html("talks/a")
    assert len(players(soup)) == 2
    assert sorted(v["id"] for v in _talk_json(built)["videos"]) == ["146022717", "dQw4w9WgXcQ"]
    codes = [c.get_text() for c in soup.select("section pre")]
    assert not any("{{" in c for c in codes)
    assert any("before" in c for c in codes) and any("after" in c for c in codes)
