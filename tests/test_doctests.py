"""Every docstring example in the engine and the catalogue runs and gives what it shows."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import games
import solver


def _modules():
    for package in (solver, games):
        yield package.__name__
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.endswith("__main__"):
                continue
            yield info.name


MODULES = sorted(_modules())


def test_every_module_is_found():
    assert len(MODULES) > 80
    assert "solver.forms.parameters" in MODULES and "games.catalogue" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                             verbose=False, report=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_examples_are_many():
    attempted = sum(doctest.testmod(importlib.import_module(name), report=False,
                                    optionflags=doctest.ELLIPSIS).attempted for name in MODULES)
    assert attempted >= 40
