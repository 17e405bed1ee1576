"""Front matter: formats, encodings, YAML 1.2 scalars, located parse errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sphinx_talks.diagnostics import Report
from sphinx_talks.frontmatter import read_text, split


def _split(text: str):
    report = Report(Path("page.md"))
    return split(text, report), report


def test_toml_yaml_json_and_key_case():
    fm, _ = _split('+++ \ntitle = "A"\nDate = 2024-05-23\n+++\nBody\n')
    assert fm.format == "toml" and fm.data == {"title": "A", "date": date(2024, 5, 23)}
    assert fm.body == "Body\n" and fm.body_line == 5 and fm.line_of("date") == 3

    fm, _ = _split("---\nTitle: B\nEvent:\n  EventUrl: https://x.org\n---\nText")
    assert fm.data == {"title": "B", "event": {"eventurl": "https://x.org"}}

    fm, _ = _split('{\n  "title": "C",\n  "tags": ["x"]\n}\nText\n')
    assert fm.format == "json" and fm.data["title"] == "C" and fm.body == "Text\n"
    assert fm.line_of("tags") == 3 and fm.body_line == 5


def test_yaml_reads_as_hugo_does():
    fm, _ = _split("---\ntitle: x\nrsvp: yes\nstream: on\nanswer: NO\ntime: 10:30\nok: true\nn: 3\n---\n")
    assert fm.data["rsvp"] == "yes" and fm.data["stream"] == "on" and fm.data["answer"] == "NO"
    assert fm.data["time"] == "10:30"
    assert fm.data["ok"] is True and fm.data["n"] == 3


def test_yaml_object_tags_refused():
    fm, report = _split("---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\nBody\n")
    assert fm.data == {}
    assert [(d.subtype, d.line) for d in report.items] == [("yaml-error", 2)]


def test_parse_errors_point_at_the_file_line():
    _, report = _split('+++\ntitle = "ok"\ndate = \n+++\n')
    assert [(d.subtype, d.line) for d in report.items] == [("toml-error", 3)]
    _, report = _split("---\ntitle: ok\ntags: [a, b\nmore: x\n---\n")
    assert report.items[0].subtype == "yaml-error" and report.items[0].line >= 3
    _, report = _split('{\n "title": "x",\n "a": ,\n}\n')
    assert [(d.subtype, d.line) for d in report.items] == [("json-error", 3)]


def test_unclosed_front_matter_is_read_up_to_its_last_key_and_never_shown_as_body():
    fm, report = _split('+++\ntitle = "x"\nsecret = "KEY"\nBody without closing fence\n')
    assert fm.data == {"title": "x", "secret": "KEY"} and fm.body.startswith("Body without closing fence")
    assert fm.body_line == 4 and "KEY" not in fm.body
    assert [(d.subtype, d.line) for d in report.items] == [("unclosed-front-matter", 1)]


def test_bom_crlf_and_cp1252(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b'\xef\xbb\xbf+++\r\ntitle = "x"\r\n+++\r\nBody\r\n')
    report = Report(path)
    text = read_text(path, report)
    assert text == '+++\ntitle = "x"\n+++\nBody\n'
    assert {d.subtype for d in report.items} == {"bom", "crlf"}

    path.write_bytes(b'+++\ntitle = "Caf\xe9"\n+++\n')
    report = Report(path)
    assert "Café" in read_text(path, report)
    assert [(d.subtype, d.line, d.level) for d in report.items] == [("encoding", 2, "warning")]
    assert "0xe9" in report.items[0].message


def test_yaml11_values_warn_only_where_the_catalog_would_act_differently():
    """``draft: yes``, ``all_day: on`` and ``published: no`` mean the opposite in
    YAML 1.1 (Jekyll) of what Hugo's text reading gives: warnings.  Values whose
    two readings mean the same to the catalog, or whose text is what the page
    meant, are notices."""
    from sphinx_talks.sources.hugo import check_yaml11

    text = (
        "---\ntitle: x\ndraft: yes\nall_day: on\nPublished: no\n"  # lines 3-5: warnings
        "draft: no\nall_day: off\npublished: yes\nfeatured: no\ntime: 10:30\n- y\n"  # 6-11: notices
        "draft: y\nparams:\n  draft: yes\nabout: |\n  published: no\n---\n"  # 12, 14, 16: notices
    )
    report = Report(Path("page.md"))
    check_yaml11(text, report)
    found = [(d.line, d.level) for d in report.items if d.subtype == "yaml11"]
    assert found == [(n, "warning") for n in (3, 4, 5)] + [(n, "info") for n in (*range(6, 13), 14, 16)]
    assert "write draft: true" in report.items[0].message
