"""MyST writing primitives: escaping data, safe URLs, directive blocks, video embeds.

Everything taken from front matter goes through :func:`escape` (inline text) or
:func:`safe_url` (link targets) before it is written into a MyST page.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from .model import Video
from .video import with_query

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})", re.M)
_SAFE_SCHEMES = {"http", "https", "mailto"}
#: What never stands in a link target: whitespace of any kind and control characters.
_URL_BREAK = re.compile(r"[\s\x00-\x1f]")


def escape(text: object) -> str:
    """Inline MyST that renders as ``text`` literally, on one line.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows
    this for all of them), so no role, link, HTML, emphasis, directive or
    substitution syntax survives; whitespace runs, newlines included, become one
    space.
    """
    text = _CONTROL.sub("", str(text))
    return _PUNCT.sub(r"\\\1", _SPACE.sub(" ", text).strip())


_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(text: str) -> str | None:
    """The literal text of MyST written by :func:`escape` (every ASCII punctuation
    character backslash-escaped), or None when ``text`` holds any markup and must be
    parsed.  Lets a directive turn escaped data into text nodes without the parser."""
    if _PUNCT.search(_UNESCAPE.sub("", text)):
        return None
    return _UNESCAPE.sub(r"\1", text)


def one_line(text: object) -> str:
    """``text`` without control characters, whitespace runs (newlines included) made
    one space: safe as one line of directive content read as text."""
    return _SPACE.sub(" ", _CONTROL.sub("", str(text))).strip()


def option(text: object) -> str:
    """A directive option value that the directive receives as exactly
    :func:`one_line` of ``text``: a double-quoted string, so no ``#``, ``|`` or
    quote in the data is read as option syntax."""
    return json.dumps(one_line(text), ensure_ascii=False)


def safe_url(url: object, schemes: set[str] = _SAFE_SCHEMES) -> str | None:
    """``url`` stripped, if it is an absolute http/https/mailto URL safe to write
    as a MyST link target (no spaces, parentheses or angle brackets left raw);
    otherwise ``None``."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or _URL_BREAK.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in schemes:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    for char, code in (("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"), ("`", "%60"), ("\\", "%5C")):
        url = url.replace(char, code)
    return url


def link(label: str, target: str) -> str:
    """A MyST inline link with escaped ``label``; ``target`` must already be safe."""
    return f"[{escape(label)}](<{target}>)" if " " in target else f"[{escape(label)}]({target})"


def directive(
    name: str, argument: str = "", options: dict[str, str] | None = None, content: str = "", fence: int = 3
) -> str:
    """A fenced MyST directive block (fence of length ``fence``).

    ``argument`` and option values must be single-line and already escaped or
    validated; ``content`` is MyST text.  The fence is made of backticks, or of
    tildes when the argument holds a backtick (CommonMark forbids backticks in
    the info string of a backtick fence).
    """
    runs = [len(m.group().lstrip()) for m in _FENCE.finditer(content)]
    fence = max(fence, *(n + 1 for n in runs)) if runs else fence
    bar = ("~" if "`" in argument else "`") * fence
    head = f"{bar}{{{name}}}" + (f" {argument}" if argument else "")
    lines = [head]
    for key, value in (options or {}).items():
        lines.append(f":{key}: {value}".rstrip())
    if content:
        lines.append("")
        lines.append(content.rstrip("\n"))
    lines.append(bar)
    return "\n".join(lines) + "\n"


def video_options(video: Video, privacy: bool = True) -> dict[str, str]:
    """The options of the sphinxcontrib-youtube directive embedding ``video``."""
    options: dict[str, str] = {"width": "100%"}  # responsive: 16:9 box as wide as the column
    if privacy and video.provider == "youtube":
        options["privacy_mode"] = "true"
    parameters = video.embed_parameters
    if privacy and video.provider == "vimeo":  # Vimeo's "do not track"
        parameters = with_query(parameters, dnt="1")
    if parameters:
        options["url_parameters"] = parameters
    return options


def video_block(video: Video, privacy: bool = True, fence: int = 3) -> str:
    """The sphinxcontrib-youtube directive embedding ``video`` (ids are pre-validated)."""
    options = video_options(video, privacy)
    if "url_parameters" in options:
        # quoted: an unquoted `#t=…` would be read as a comment and the start lost
        options["url_parameters"] = option(options["url_parameters"])
    return directive(video.provider, video.id, options, fence=fence)
