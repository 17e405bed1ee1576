"""The reference page builds into the talk page, year page and speaker page users expect."""

from __future__ import annotations

import re

from conftest import SEED, needs_corpus, players

TITLE = (
    "Aurora-M: The First Open Source Multilingual Language Model Red-teamed "
    "according to the U.S. Executive Order"
)

pytestmark = needs_corpus


def test_seed_talk_page(tmp_path, project):
    built = project({"events/auroram-lm.md": SEED.read_bytes()})
    page = built.html("talks/auroram-lm")
    assert page.find("h1").get_text(strip=True).rstrip("#¶") == TITLE
    text = page.get_text(" ")
    assert "2024-05-23" in text
    assert "18:00–20:00" in text

    (player,) = players(page)
    assert player.startswith("https://www.youtube-nocookie.com/embed/5PsRbCbpWg8")

    cards = page.select(".talks-speaker")
    assert len(cards) == 1
    card = cards[0]
    assert "Diganta Misra" in card.get_text()
    assert card.find("a", href="https://digantamisra98.github.io")
    assert "Mila" in card.get_text() and "football" in card.get_text()

    links = {a.get_text(strip=True): a["href"] for a in page.find_all("a", href=True)}
    assert links["huggingface blog"] == "https://huggingface.co/blog/mayank-mishra/aurora"
    assert links["paper"] == "https://arxiv.org/abs/2404.00399"

    year = built.html("talks/years/2024")
    assert year.find("a", string=re.compile("Aurora-M"))
    speaker = built.html("talks/speakers/diganta-misra")
    assert speaker.find("a", string=re.compile("Aurora-M"))

    for html in built.outdir.rglob("*.html"):
        content = html.read_text("utf-8")
        assert "{{<" not in content, html
        assert 'recording = "' not in content and 'summary = "' not in content, html

    assert built.warning_lines() == []  # the mis-decoded "TÃ¼bingen" is repaired, with a notice
    assert "Tübingen" in text and "TÃ¼bingen" not in text


def test_seed_mojibake_kept_and_located_on_request(project):
    built = project({"events/auroram-lm.md": SEED.read_bytes()}, conf="talks_fix_mojibake = False\n")
    warnings = built.warning_lines()
    assert len(warnings) == 1 and "talks.mojibake" in warnings[0], warnings
    number = int(re.search(r"auroram-lm\.md:(\d+): WARNING", warnings[0]).group(1))
    assert "TÃ¼bingen" in SEED.read_text("utf-8").split("\n")[number - 1]
