"""Shared by the tools tests: paths, the import path of memmaplib, running the CLI."""

import contextlib
import io
import os
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES_REL = os.path.join("tests", "tools", "fixtures")
FIXTURES = os.path.join(REPO, FIXTURES_REL)
EXPECTED = os.path.join(FIXTURES, "expected")
sys.path.insert(0, os.path.join(REPO, "tools"))

from memmaplib import cli  # noqa: E402


def fixture(name):
    """A fixture's path relative to the repository (the form the expected outputs name);
    the tests run with the repository as the working directory."""
    return os.path.join(FIXTURES_REL, name)


def read_expected(name):
    """The text of tests/tools/fixtures/expected/NAME."""
    with open(os.path.join(EXPECTED, name), encoding="utf-8") as f:
        return f.read()


def run_cli(argv):
    """Run tools/memmap's main() -> (exit status, stdout text, stderr text)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = cli.main(argv, out=out)
    return status, out.getvalue(), err.getvalue()
