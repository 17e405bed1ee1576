"""Packaging hook: wheels carry the compiled message catalogs (``locale/*/LC_MESSAGES/*.mo``).

Everything else is declared in ``pyproject.toml``.  The catalogs are compiled from
the shipped ``.po`` files by ``sphinx_talks/catalogs.py`` (Babel only), loaded from
its path because the package's own imports need Sphinx.
"""

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    """``build_py`` that also writes the ``.mo`` files into the build."""

    def run(self):
        super().run()
        source = Path(__file__).parent / "ext" / "sphinx_talks" / "catalogs.py"
        spec = importlib.util.spec_from_file_location("sphinx_talks_catalogs", source)
        catalogs = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(catalogs)
        catalogs.write_catalogs(Path(self.build_lib) / "sphinx_talks" / "locale")


setup(cmdclass={"build_py": BuildWithCatalogs})
