"""MyST writing primitives: escaping data, safe URLs, directive blocks, video embeds.

Everything taken from front matter goes through :func:`escape` (inline text) or
:func:`safe_url` (link targets) before it is written into a MyST page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .model import Video

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SAFE_SCHEMES = {"http", "https", "mailto"}


def escape(text: object) -> str:
    """Inline MyST that renders as ``text`` literally, on one line.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows
    this for all of them), so no role, link, HTML, emphasis, directive or
    substitution syntax survives; whitespace runs, newlines included, become one
    space.
    """
    text = _CONTROL.sub("", str(text))
    return _PUNCT.sub(r"\\\1", _SPACE.sub(" ", text).strip())


def safe_url(url: object, schemes: set[str] = _SAFE_SCHEMES) -> str | None:
    """``url`` stripped, if it is an absolute http/https/mailto URL safe to write
    as a MyST link target (no spaces, parentheses or angle brackets left raw);
    otherwise ``None``."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or any(c.isspace() or ord(c) < 32 for c in url):
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


def video_block(video: Video, privacy: bool = True, fence: int = 3) -> str:
    """The sphinxcontrib-youtube directive embedding ``video`` (ids are pre-validated)."""
    options: dict[str, str] = {"width": "100%"}  # responsive: 16:9 box as wide as the column
    if privacy and video.provider == "youtube":
        options["privacy_mode"] = "true"
    if video.start:
        options["url_parameters"] = (
            f"?start={video.start}" if video.provider == "youtube" else f"#t={video.start}s"
        )
    return directive(video.provider, video.id, options, fence=fence)
