"""Development sessions: ``nox -s docs``, ``nox -s tests``, ``nox -s lint``, ``nox -s bench``,
``nox -s bench-shared``."""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.sessions = ["docs", "tests", "lint"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation and demo catalog (docs/) as HTML, failing on any warning."""
    session.install("-e", ".[docs]")
    out = ROOT / "docs" / "_build" / "html"
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", str(out), *session.posargs)
    session.log(f"The demo catalog is in {out / 'index.html'}")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite, in the C locale: nothing may depend on the process encoding."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs, env={"PYTHONUTF8": "0", "LC_ALL": "C", "LANG": "C"})


@nox.session
def lint(session: nox.Session) -> None:
    """Check the code with ruff."""
    session.install("ruff")
    session.run("ruff", "check", "ext", "tests", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "ext", "tests", "benchmarks", "noxfile.py")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark against the plain-MyST floor and ablog (pass --sizes/--runs after --)."""
    session.install("-e", ".[bench]")
    session.run("python", "-m", "benchmarks.run", *session.posargs)


@nox.session(name="bench-shared")
def bench_shared(session: nox.Session) -> None:
    """Output size and time as N talks share a speaker, a tag or a span of years
    (pass --sizes/--variants after --; linear output keeps bytes per N flat)."""
    session.install("-e", ".")
    session.run("python", "-m", "benchmarks.shared", *session.posargs)
