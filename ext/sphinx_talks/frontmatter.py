"""Front matter: split a Hugo/Jekyll page into metadata and body.

Supports TOML (``+++``), YAML (``---``) and JSON (``{ … }``) front matter, as Hugo
does.  Files are decoded as UTF-8 (a BOM is removed, CRLF becomes LF); a file
that is not UTF-8 is decoded as cp1252, never with the process locale.  YAML is
read with PyYAML's safe loader, adjusted to YAML 1.2 scalars the way Hugo reads
them: ``yes``/``no``/``on``/``off`` and ``10:30`` stay strings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# tomli, compiled where its wheels are (three to four times faster than the standard
# library's tomllib), reads every page tomllib reads the same way (tests/test_toml.py)
import tomli
import yaml

from .diagnostics import Report

#: Largest source file read, in bytes; larger files become a warning.
MAX_FILE_BYTES = 5 * 1024 * 1024


class _Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 core-schema booleans, ints and floats."""


def _or_text(construct: Any) -> Any:
    """A scalar constructor that gives the node's text when the value cannot be
    built (``2024-13-40``, an integer of more than 4,300 digits): one bad value is
    then reported by the field that reads it, and the rest of the page is kept."""

    def build(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError):
            return loader.construct_scalar(node)

    return build


for _tag in ("timestamp", "int", "float"):
    _Yaml12Loader.add_constructor(
        f"tag:yaml.org,2002:{_tag}", _or_text(yaml.SafeLoader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"])
    )

_Yaml12Loader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


@dataclass
class FrontMatter:
    """A page split into metadata and body.

    ``data`` holds the parsed metadata with keys lower-cased at every level (Hugo
    keys are case-insensitive); ``format`` is ``"toml"``, ``"yaml"``, ``"json"``
    or ``None``; ``body`` is the text after the closing delimiter, with LF line
    ends; ``body_line`` is the 1-based file line where ``body`` starts;
    ``key_lines`` maps each top-level key (lower-case) to its 1-based file line.
    """

    data: dict[str, Any] = field(default_factory=dict)
    format: str | None = None
    body: str = ""
    body_line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        """1-based line of top-level ``key`` (the first line of the file if unknown)."""
        return self.key_lines.get(key.lower(), 1)


def read_text(path: Path, report: Report) -> str | None:
    """Read ``path`` as text with LF line ends.

    Returns ``None`` (with a warning) for unreadable or oversized files, and for a
    file whose byte order mark promises an encoding its bytes break.  A UTF-8,
    UTF-16 or UTF-32 byte order mark selects that encoding and CRLF line ends
    become LF, each with an info notice; without a BOM, bytes that are not UTF-8
    are decoded as cp1252 with a warning naming the first bad byte and line.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.warn(0, "unreadable", f"cannot read file: {exc.strerror or exc}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        report.warn(
            0,
            "file-too-large",
            f"file is {len(raw)} bytes, larger than the {MAX_FILE_BYTES}-byte limit; skipped",
        )
        return None
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), None)
    if encoding is not None:
        report.info(1, "bom", f"{encoding.upper()} byte order mark (BOM); read as {encoding.upper()}")
        try:
            text = raw.decode(encoding)  # the -sig/-16/-32 codecs remove the BOM
        except UnicodeDecodeError as exc:
            reason = f"not valid {encoding.upper()} despite its byte order mark: {exc.reason}"
            report.warn(1, "encoding", reason)
            return None
        text = text.removeprefix("\ufeff")
        return _line_ends(text, report)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        report.warn(
            line, "encoding", f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); read as cp1252"
        )
        text = raw.decode("cp1252", errors="replace")
    return _line_ends(text, report)


#: Byte order marks and the codecs that read them (UTF-32 before UTF-16: its
#: little-endian mark starts with UTF-16's).
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _line_ends(text: str, report: Report) -> str:
    """``text`` with LF line ends (a notice for CR/CRLF: Hugo reads them alike) and no NUL."""
    if "\r" in text:
        report.info(1, "crlf", "CR/CRLF line ends; read as LF")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "")


_FENCES = {
    "+++": ("toml", re.compile(r"^\+\+\+[ \t]*$", re.M)),
    "---": ("yaml", re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)),
}
_TOML_LINE = re.compile(r"\(at line (\d+)")
_KEY_LINE = re.compile(r"""^["']?([A-Za-z0-9_.\-]+)["']?[ \t]*[=:]""")


def split(text: str, report: Report) -> FrontMatter:
    """Split page ``text`` into front matter and body.

    Never raises: invalid TOML/YAML/JSON is a warning at the parser's line mapped
    to the file's line, and the page then has empty metadata and the front matter
    is dropped from the body; an opening delimiter without a closing one is a
    warning, and the lines that read as front matter are taken as such (see
    :func:`_unclosed`).
    """
    first_nl = text.find("\n")
    first = (text if first_nl < 0 else text[:first_nl]).rstrip(" \t")
    if first in _FENCES:
        fmt, closing = _FENCES[first]
        match = closing.search(text, first_nl + 1) if first_nl >= 0 else None
        if match is None:
            return _unclosed(text, first, fmt, report)
        block = text[first_nl + 1 : match.start()]
        end = text.find("\n", match.end())
        body = "" if end < 0 else text[end + 1 :]
        body_line = block.count("\n") + 3
        fm = FrontMatter(format=fmt, body=body, body_line=body_line)
        fm.data = _parse(fmt, block, 2, report)
        fm.key_lines = _key_lines(block, 2, toml=fmt == "toml")
        return fm
    if text.lstrip().startswith("{"):
        offset = len(text) - len(text.lstrip())
        try:
            data, end = json.JSONDecoder().raw_decode(text, offset)
        except json.JSONDecodeError as exc:
            report.warn(exc.lineno, "json-error", f"invalid JSON front matter: {exc.msg}")
            return FrontMatter(body=text)
        except RecursionError:
            report.warn(1, "json-error", "JSON front matter nested too deeply")
            return FrontMatter(body=text)
        except ValueError as exc:
            report.warn(1, "json-error", f"JSON front matter value cannot be read: {exc}")
            return FrontMatter(body=text)
        if not isinstance(data, dict):
            report.warn(1, "json-error", "JSON front matter is not an object; read as body text")
            return FrontMatter(body=text)
        body = text[end:]
        body_line = text.count("\n", 0, end) + 1
        if body.startswith("\n"):
            body, body_line = body[1:], body_line + 1
        data = without_surrogates(data, text[:end], 1, report)
        fm = FrontMatter(
            data=normalise(data, "json", 1, report), format="json", body=body, body_line=body_line
        )
        fm.key_lines = json_key_lines(text[:end])
        return fm
    return FrontMatter(body=text)


#: A line front matter may hold: ``key = …``/``key: …``, a ``[table]``, a list item,
#: an indented continuation, a comment or a blank line.
_FRONT_LINE = re.compile(r"""^(?:\s*$|\s+\S|\s*#|\s*-\s|\[|["']?[A-Za-z0-9_.\-]+["']?[ \t]*[=:])""")


def _unclosed(text: str, fence: str, fmt: str, report: Report) -> FrontMatter:
    """A page whose front matter opens with ``fence`` and never closes: the lines
    after the fence that read as front matter (keys, tables, list items, continuations)
    are taken as its front matter and the rest as its body, with an
    ``unclosed-front-matter`` warning; they are never published as body text."""
    lines = text.split("\n")
    end = 1
    while end < len(lines) and _FRONT_LINE.match(lines[end]):
        end += 1
    while end > 1 and not lines[end - 1].strip():
        end -= 1  # trailing blank lines belong to the body
    block = "\n".join(lines[1:end])
    report.warn(
        1,
        "unclosed-front-matter",
        f"front matter opened with {fence!r} is never closed; lines 2 to {end} are read as front "
        f"matter, the rest as the body",
    )
    start = end
    while start < len(lines) and not lines[start].strip():
        start += 1
    fm = FrontMatter(format=fmt, body="\n".join(lines[start:]), body_line=start + 1)
    fm.data = _parse(fmt, block, 2, report) if block.strip() else {}
    fm.key_lines = _key_lines(block, 2, toml=fmt == "toml")
    return fm


def _parse(fmt: str, block: str, first_line: int, report: Report) -> dict[str, Any]:
    """Parse a TOML or YAML ``block`` whose first line is file line ``first_line``."""
    try:
        if fmt == "toml":
            data = tomli.loads(block)
        else:
            data = yaml.load(block, Loader=_Yaml12Loader)  # noqa: S506 - safe loader subclass
    except tomli.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        line = first_line + int(m.group(1)) - 1 if m else first_line
        report.warn(line, "toml-error", f"invalid TOML front matter: {exc}")
        return {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        problem = exc.problem or str(exc)
        report.warn(line, "yaml-error", f"invalid YAML front matter: {problem}")
        return {}
    except yaml.YAMLError as exc:
        report.warn(first_line, "yaml-error", f"invalid YAML front matter: {exc}")
        return {}
    except RecursionError:
        report.warn(first_line, f"{fmt}-error", "front matter nested too deeply")
        return {}
    except (ValueError, OverflowError, TypeError) as exc:
        # values the parsers cannot represent: 2021-13-45, integers over 4300 digits, …
        report.warn(first_line, f"{fmt}-error", f"front matter value cannot be read: {exc}")
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        report.warn(first_line, f"{fmt}-error", "front matter is not a mapping of keys to values")
        return {}
    return normalise(without_surrogates(data, block, first_line, report), fmt, first_line, report)


def normalise(data: dict[str, Any], fmt: str, line: int, report: Report) -> dict[str, Any]:
    """``data`` with keys lower-cased at every level (Hugo keys are case-insensitive).

    Returns ``{}`` with a ``<fmt>-error`` warning at ``line`` when the data holds
    more than :data:`MAX_NODES` values, as a YAML alias bomb does.
    """
    seen: dict[str, str] = {}
    for key in data:
        first = seen.setdefault(str(key).lower(), str(key))
        if first != str(key):
            report.warn(
                line,
                "duplicate-key",
                f"{first!r} and {str(key)!r} name one field (Hugo reads keys in any case); "
                f"{first!r} is used, {str(key)!r} is left out",
            )
    try:
        return _lower_keys(data, [MAX_NODES])
    except _TooLarge:
        cause = " after its aliases are expanded" if fmt == "yaml" else ""
        report.warn(line, f"{fmt}-error", f"front matter holds more than {MAX_NODES} values{cause}; not read")
        return {}


#: Most values (after YAML alias expansion) a page's front matter may hold.
MAX_NODES = 100_000


class _TooLarge(Exception):
    pass


def _lower_keys(value: Any, budget: list[int], depth: int = 0) -> Any:
    """Lower-case every mapping key in ``value``; raises _TooLarge past ``budget`` values."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge
    if depth > 50:
        return value
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = str(key).lower()
            if name not in out:
                out[name] = _lower_keys(item, budget, depth + 1)
        return out
    if isinstance(value, list):
        return [_lower_keys(item, budget, depth + 1) for item in value]
    return value


#: A key at the start of a line of JSON text: its indentation and its name.
_JSON_KEY = re.compile(r'^([ \t]*)"([^"]+)"\s*:', re.M)


def json_key_lines(text: str) -> dict[str, int]:
    """Map the top-level keys of a JSON object (one key per line) to 1-based lines.

    Only keys at the smallest indentation count, so nested keys of the same name
    do not hide the top-level one.
    """
    found = []
    line, counted = 1, 0
    for m in _JSON_KEY.finditer(text):
        line += text.count("\n", counted, m.start())  # counted on from the previous key
        counted = m.start()
        found.append((len(m.group(1)), m.group(2).lower(), line))
    if not found:
        return {}
    top = min(indent for indent, _, _ in found)
    lines: dict[str, int] = {}
    for indent, key, line in found:
        if indent == top:
            lines.setdefault(key, line)
    return lines


def _key_lines(block: str, first_line: int, toml: bool = False) -> dict[str, int]:
    """Map top-level keys of a TOML/YAML ``block`` to 1-based file lines.  In TOML,
    lines inside a multi-line string (``\"\"\"`` or ``'''``) are text, not keys."""
    lines: dict[str, int] = {}
    open_quote = ""
    for number, line in enumerate(block.split("\n"), start=first_line):
        if toml:
            inside = open_quote
            for quote in ('"""', "'''"):
                if (not open_quote or open_quote == quote) and line.count(quote) % 2:
                    open_quote = "" if open_quote else quote
            if inside:
                continue
        if line[:1] in (" ", "\t", "#", "[", "-"):
            if line.startswith("[") and not line.startswith("[["):
                name = line.strip("[] \t").split(".")[0].lower()
                lines.setdefault(name, number)
            elif line.startswith("[["):
                lines.setdefault(line.strip("[] \t").split(".")[0].lower(), number)
            continue
        m = _KEY_LINE.match(line)
        if m:
            lines.setdefault(m.group(1).lower(), number)
    return lines


#: An escape of a UTF-16 surrogate in JSON or YAML text (``\\ud800``, ``\\U0000DC00``): the
#: only way a surrogate gets into parsed data (no UTF-8 file holds one).
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")


def without_surrogates(value: Any, text: str, first_line: int, report: Report) -> Any:
    """``value`` (parsed from ``text``, whose first line is file line ``first_line``)
    with every string's lone surrogates (U+D800 to U+DFFF, which no file can be written
    with) replaced by U+FFFD; a pair written as two escapes becomes its character.

    Each line of ``text`` that escapes a surrogate which was replaced gets one
    ``surrogate`` warning (line ``first_line`` when no escape is found).  Lists and
    mappings are changed in place; strings are returned anew.  Never raises.
    """
    if not _SURROGATE_ESCAPE.search(text):  # nothing escaped: nothing to clean
        return value
    cleaned = [0]

    def clean(item: Any) -> Any:
        if isinstance(item, str):
            try:
                item.encode("utf-8")
                return item
            except UnicodeEncodeError:
                fixed = item.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
                cleaned[0] += fixed.count("\ufffd") > item.count("\ufffd")  # not only pairs (YAML)
                return fixed
        return item

    top = clean(value)
    stack = [top]
    while stack:  # no recursion: as deep as the parser went
        node = stack.pop()
        if isinstance(node, list):
            node[:] = [clean(v) for v in node]
            stack.extend(v for v in node if isinstance(v, list | dict))
        elif isinstance(node, dict):
            items = [(clean(k), clean(v)) for k, v in node.items()]
            node.clear()
            node.update(items)
            stack.extend(v for _, v in items if isinstance(v, list | dict))
    if cleaned[0]:
        lines = sorted({text.count("\n", 0, m.start()) + first_line for m in _lone_escapes(text)})
        for line in lines or [first_line]:
            report.warn(
                line, "surrogate", "a lone UTF-16 surrogate escape is no character; replaced by U+FFFD"
            )
    return top


def _lone_escapes(text: str) -> list[re.Match[str]]:
    """The surrogate escapes of ``text`` that are not half of a high-low pair."""
    found = list(_SURROGATE_ESCAPE.finditer(text))
    lone = []
    for i, m in enumerate(found):
        high = m.group()[-4].lower() in "89ab"
        after = found[i + 1] if i + 1 < len(found) else None
        before = found[i - 1] if i else None
        if high and after and after.start() == m.end() and after.group()[-4].lower() in "cdef":
            continue
        if not high and before and before.end() == m.start() and before.group()[-4].lower() in "89ab":
            continue
        lone.append(m)
    return lone


#: Characters no title, name or other field value means: C0 controls but tab and line
#: ends, DEL, and the non-characters U+FFFE/U+FFFF (XML and iCalendar cannot carry them).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def without_controls(fm: FrontMatter, report: Report) -> None:
    """Remove :data:`_CONTROLS` from every string value of ``fm.data``, in place, with
    one ``control-character`` warning per top-level field that held any, at that
    field's line (:meth:`FrontMatter.line_of`).  A value made only of them becomes
    ``""``: the field is then empty, and the reader treats it as missing."""
    for key, value in fm.data.items():
        if isinstance(value, str):
            if _CONTROLS.search(value):
                fm.data[key] = _CONTROLS.sub("", value)
                report.warn(fm.line_of(key), "control-character", f"{key} holds control characters; removed")
        elif isinstance(value, list | dict) and _clean_controls(value):
            report.warn(fm.line_of(key), "control-character", f"{key} holds control characters; removed")


def _clean_controls(value: list[Any] | dict[Any, Any]) -> bool:
    """Remove :data:`_CONTROLS` from the strings in ``value`` at any depth, in place;
    whether there were any."""
    found = False
    stack: list[Any] = [value]
    while stack:  # no recursion: as deep as the parser went
        node = stack.pop()
        pairs = enumerate(node) if isinstance(node, list) else list(node.items())
        for k, item in pairs:
            if isinstance(item, str) and _CONTROLS.search(item):
                node[k] = _CONTROLS.sub("", item)
                found = True
            elif isinstance(item, list | dict):
                stack.append(item)
    return found


#: The YAML 1.2 safe loader front matter is read with (for other files of the site).
Yaml12Loader = _Yaml12Loader
#: Raised by :func:`lower_keys` past :data:`MAX_NODES` values.
TooLarge = _TooLarge


def lower_keys(value: Any) -> Any:
    """``value`` with every mapping key lower-cased; raises :class:`TooLarge` past
    :data:`MAX_NODES` values (a YAML alias bomb expands only as it is walked)."""
    return _lower_keys(value, [MAX_NODES])
