"""sphinx-talks: a Sphinx talk catalog built from a folder of Hugo or Jekyll event pages.

Enable with ``extensions = ["sphinx_talks"]`` and ``talks_source = "events"``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Sphinx is imported by setup(), so `sphinx-talks check` starts fast
    from sphinx.application import Sphinx
    from sphinx.config import Config

__version__ = "0.1.0"

#: Bump when the generated pages change shape, so old environments are re-read.
ENV_VERSION = 10

STATIC = Path(__file__).parent / "static"


def _add_static(app: Sphinx, config: Config) -> None:
    """``config-inited``: ship our stylesheet and script (the same value every build, so an
    incremental build sees no configuration change)."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]
    app.add_css_file("sphinx-talks.css")
    app.add_js_file("sphinx-talks.js", loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension: what it needs, its config, and when it runs."""
    from . import (
        collector,
        config,
        content,
        degrade,
        directives,
        facets,
        generate,
        i18n,
        output,
        page,
        player,
        publish,
        redirects,
        searchindex,
        sidebar,
        structured,
    )
    from .markup.directive import setup_body

    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinxcontrib.youtube")

    app.setup_extension("sphinx_talks.domain")
    config.register(app)
    i18n.setup_i18n(app)
    directives.setup_list(app)
    facets.setup_filter(app)
    page.setup_page(app)
    content.setup_content(app)
    degrade.setup_degrade(app)
    player.setup_player(app)
    sidebar.setup_sidebar(app)
    output.setup_output(app)
    publish.setup_publish(app)
    redirects.setup_redirects(app)
    structured.setup_structured(app)
    collector.setup_collector(app)
    setup_body(app)
    searchindex.setup_searchindex(app)

    app.connect("config-inited", config.validate, priority=400)
    app.connect("config-inited", generate.exclude_source, priority=600)
    app.connect("config-inited", _add_static)
    app.connect("builder-inited", generate.generate)

    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
