"""Sphinx configuration of the sphinx-talks documentation and demo catalog."""

project = "sphinx-talks"
author = "The sphinx-talks developers"
copyright = "2026, The sphinx-talks developers"

extensions = ["sphinx_talks"]
talks_source = "events"
talks_timezone = "Europe/Berlin"
talks_catalog_title = "Demo talk catalog"

html_theme = "furo"
html_title = "sphinx-talks"
exclude_patterns = ["_build"]
