"""The Hugo oracle measurement (benchmarks.hugo_oracle, issue 27): its reducer and
comparison, a real run on three tiny bodies, and the oracle tests: every corpus body and
500 generated bodies agree with Hugo outside the documented differences (skipped
without the ``hugo`` package)."""

from __future__ import annotations

import pytest
from conftest import CORPUS, needs_corpus

from benchmarks.hugo_oracle import (
    GENERATED_PICTURES,
    compare,
    corpus_bodies,
    generated_bodies,
    hugo_binary,
    measure,
    reduce_html,
)

needs_hugo = pytest.mark.skipif(hugo_binary() is None, reason="the hugo package is not installed")


def test_identical_fragments_give_no_disagreement():
    fragment = (
        "<p>“Quoted” – text with <a href='https://example.org/'>a link</a>.</p><hr>"
        "<blockquote><ul><li>one</li></ul></blockquote>"
        "<ol><li>a</li><li>b</li></ol><table><tr><td>1</td><td>2</td></tr></table>"
        "<p><img src='/img/a.png' alt='A'></p>"
        "<div class='highlight'><pre><code data-lang='python'>x = 1\n</code></pre></div>"
    )
    blocks = reduce_html(fragment, hugo=True)
    assert [b.kind for b in blocks] == ["para", "rule", "quote", "list", "table", "image", "code"]
    assert compare("same", blocks, reduce_html(fragment, hugo=True)) == []


def test_a_bare_url_linked_by_hugo_only_is_a_link_disagreement():
    hugo = '<p>See <a href="https://example.org/a">https://example.org/a</a> now.</p>'
    ours = "<p>See https://example.org/a now.</p>"
    found = compare("bare", reduce_html(hugo, hugo=True), reduce_html(ours, hugo=False))
    assert [(d.category, d.hugo) for d in found] == [
        ("link", "(('https://example.org/a', 'https://example.org/a'),)")
    ]


def test_heading_depths_follow_the_stack_rule_and_ids_must_exist():
    # Hugo keeps the written levels ###, #####, ##, #: by the stack rule depths 0, 1, 0, 0,
    # which Sphinx renders as h2, h3, h2, h2 under the title
    hugo = '<h3 id="a">A</h3><h5 id="b">B</h5><h2 id="c">C</h2><h1 id="d">D</h1>'
    same = (
        '<section id="a"><h2>A</h2><section id="b"><h3>B</h3></section></section>'
        '<section id="c"><h2>C</h2></section><section id="x"><span id="d"></span><h2>D</h2></section>'
    )
    assert compare("depths", reduce_html(hugo, hugo=True), reduce_html(same, hugo=False)) == []
    flat = same.replace("<h3>B</h3>", "<h2>B</h2>").replace('<span id="d"></span>', "")
    found = compare("depths", reduce_html(hugo, hugo=True), reduce_html(flat, hugo=False))
    assert sorted(d.category for d in found) == ["heading-id", "heading-level"]


def test_generated_bodies_repeat_for_a_seed():
    assert generated_bodies(5, seed=3) == generated_bodies(5, seed=3)
    assert generated_bodies(5, seed=3) != generated_bodies(5, seed=4)


@needs_hugo
def test_a_real_run_reads_bare_urls_as_hugo_does_and_agrees_on_the_rest(tmp_path):
    bodies = [
        ("bare-url", "See https://example.org/a and www.example.com now.\n"),
        ("heading", '## Intro\n\nPlain *text*, "quoted" -- dashed.\n'),
        ("list", "- one\n- two\n"),
    ]
    result = measure(bodies, tmp_path)
    assert result.compared == 3 and result.skipped == {}
    assert result.disagreements == [], _readable(result)


def _readable(result, limit: int = 8) -> str:
    """The first ``limit`` disagreements, one a line, for a failing assertion."""
    bodies = len({d.label for d in result.disagreements})
    lines = [f"{len(result.disagreements)} disagreements in {bodies} bodies, the first {limit}:"]
    for d in result.disagreements[:limit]:
        lines.append(f"  {d.label} [{d.category}] hugo={d.hugo!r} ours={d.ours!r}")
    return "\n".join(lines)


@needs_hugo
@needs_corpus
def test_every_corpus_body_agrees_with_hugo_outside_the_documented_differences(tmp_path):
    bodies = corpus_bodies(CORPUS)
    result = measure(bodies, tmp_path)
    assert result.compared + len(result.skipped) == len(bodies) and result.compared > 300
    assert result.disagreements == [], _readable(result)


@needs_hugo
def test_generated_bodies_agree_with_hugo_outside_the_documented_differences(tmp_path):
    bodies = generated_bodies(500)
    assert len({body for _, body in bodies}) == 500
    result = measure(bodies, tmp_path, GENERATED_PICTURES)
    assert result.compared == 500 and result.skipped == {}
    assert result.disagreements == [], _readable(result)
