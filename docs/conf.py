"""Sphinx configuration of the sphinx-talks documentation and demo catalog."""

project = "sphinx-talks"
author = "The sphinx-talks developers"
copyright = "2026, The sphinx-talks developers"
version = release = "0.1"

extensions = ["sphinx_talks"]
talks_source = "events"
talks_timezone = "Europe/Berlin"
talks_catalog_title = "Demo talk catalog"

html_theme = "furo"
html_title = "sphinx-talks"
exclude_patterns = ["_build"]

# The demo's talks are in Hindi, Japanese and Vietnamese too: a Unicode LaTeX engine.
latex_engine = "xelatex"
