"""Output formats without embedded video: each video becomes a link to its page.

sphinxcontrib-youtube only knows HTML, EPUB and LaTeX; for other builders (text,
man, texinfo, …) it warns and drops the node.  This post-transform runs for those
builders only and replaces each video node by a paragraph linking the video.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.youtube.utils import video

from .model import Video

#: Builder formats sphinxcontrib-youtube renders itself.
EMBEDDING_FORMATS = {"html", "epub", "latex"}


class VideoAsLink(SphinxPostTransform):
    """Replace video nodes by links where the output format cannot embed them."""

    default_priority = 100

    def is_supported(self) -> bool:
        return self.app.builder.format not in EMBEDDING_FORMATS and "html" not in self.app.builder.name

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(video)):
            provider = node.get("platform", "youtube")
            url = Video(provider if provider in ("youtube", "vimeo") else "youtube", node["id"]).url
            text = f"Video: {url}"
            node.replace_self(nodes.paragraph("", "", nodes.reference(text, text, refuri=url)))


def setup_degrade(app: Any) -> None:
    """Register the post-transform."""
    app.add_post_transform(VideoAsLink)
