"""Sphinx configuration of the sphinx-talks documentation and demo catalog."""

import os

project = "sphinx-talks"
author = "The sphinx-talks developers"
copyright = "2026, The sphinx-talks developers"
version = release = "0.1"

extensions = ["sphinx_talks"]
talks_source = "events"
talks_timezone = "Europe/Berlin"
talks_catalog_title = "Demo talk catalog"

# Read the Docs gives the address the site is published at: absolute links in the
# catalog's calendars, feeds, structured data and share cards.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

html_theme = "furo"
html_title = "sphinx-talks"
exclude_patterns = ["_build"]

# The demo's talks are in Hindi, Japanese and Vietnamese too: a Unicode LaTeX engine.
latex_engine = "xelatex"
