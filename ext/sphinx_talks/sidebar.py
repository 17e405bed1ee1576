"""One site navigation for all pages outside every toctree.

Themes such as furo render the whole site navigation (the template function
``toctree``) into every page, and Sphinx resolves it anew for each page: it loads
the root document's doctree, walks every toctree, marks the current page and its
ancestors and renders the result.  A page that no toctree includes (every talk,
speaker and tag page of a catalog) has no current entry and no ancestors, so its
navigation depends only on the folder of its URI (relative links) and on the
template's arguments.  For such pages ``toctree`` is computed once per folder and
argument set and reused for the rest of the write phase; pages in a toctree keep
Sphinx's own per-page navigation.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Attribute of the builder holding this write phase's state.
_STATE = "_talks_shared_toctree"


class _Shared:
    """Per-build state: the documents some toctree includes and the shared results,
    keyed by (URI folder, template arguments)."""

    def __init__(self, env: BuildEnvironment) -> None:
        self.included = {doc for docs in env.toctree_includes.values() for doc in docs}
        self.included.add(env.config.root_doc)
        self.results: dict[tuple[str, str], str] = {}


def reset(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: forget the previous build's navigation."""
    if hasattr(app.builder, _STATE):
        delattr(app.builder, _STATE)


def share_toctree(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context`` (before the theme's handlers): give a page outside
    every toctree the ``toctree`` function shared by its URI folder."""
    original = context.get("toctree")
    env = app.env
    if not callable(original) or pagename not in env.all_docs:
        return
    shared = getattr(app.builder, _STATE, None)
    if shared is None:
        shared = _Shared(env)
        setattr(app.builder, _STATE, shared)
    if pagename in shared.included:
        return
    folder = posixpath.dirname(app.builder.get_target_uri(pagename))
    context["toctree"] = _memoised(shared.results, folder, original)


def _memoised(
    results: dict[tuple[str, str], str], folder: str, original: Callable[..., str]
) -> Callable[..., str]:
    def toctree(**kwargs: Any) -> str:
        key = (folder, repr(sorted(kwargs.items())))
        if key not in results:
            results[key] = original(**kwargs)
        return results[key]

    return toctree


def setup_sidebar(app: Sphinx) -> None:
    """Register the shared navigation."""
    app.connect("env-updated", reset)
    app.connect("html-page-context", share_toctree, priority=400)
