"""The command's own reading of entry points agrees with importlib.metadata.

:mod:`solver.cli.catalogues` reads ``entry_points.txt`` files itself (importing
:mod:`importlib.metadata` costs a quarter of the command's start-up budget); these
tests hold it to the library's answer, on this environment and on made-up
distributions with the cases that differ between readers: two copies of one
distribution (the first on ``sys.path`` wins), names that normalise alike, comments,
extras, and a zip archive on ``sys.path`` (read by importlib.metadata itself).
"""
from __future__ import annotations

import sys
import zipfile
from importlib.metadata import entry_points

import pytest

from solver.cli import CATALOGUE_GROUP, installed_catalogues
from solver.cli.catalogues import entry_point_values

GROUPS = ("console_scripts", CATALOGUE_GROUP, "pytest11", "test.group", "absent.group")


def _library(group):
    return sorted((ep.name, ep.value) for ep in entry_points(group=group))


@pytest.mark.parametrize("group", GROUPS)
def test_this_environment_agrees_with_importlib_metadata(group):
    assert entry_point_values(group) == _library(group)


def test_our_catalogue_is_installed():
    found = installed_catalogues()
    assert len(found) >= 1
    assert any(getattr(c, "__name__", "") == "games" for c in found)


def _dist(folder, dirname, text):
    d = folder / dirname
    d.mkdir()
    (d / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dirname.split('-')[0]}\n"
                                "Version: 1.0\n")
    (d / "entry_points.txt").write_text(text)


def test_made_up_distributions(tmp_path, monkeypatch):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    _dist(first, "Alpha_Pkg-1.0.dist-info",
          "# a comment\n[test.group]\none = alpha.mod:obj [extra]\n\n[other]\nx = y\n")
    _dist(second, "alpha.pkg-2.0.dist-info", "[test.group]\nshadowed = never:seen\n")
    _dist(second, "beta-0.1.dist-info", "[test.group]\n# also a comment\ntwo = beta\n"
                                         "three = beta.sub:attr.inner\n")
    monkeypatch.setattr(sys, "path", [str(first), str(second)])
    ours = entry_point_values("test.group")
    assert len(ours) == 3
    assert ours == _library("test.group")
    assert ("shadowed", "never:seen") not in ours
    assert entry_point_values("other") == _library("other") == [("x", "y")]


def test_a_zip_archive_on_the_path_is_left_to_importlib_metadata(tmp_path, monkeypatch):
    archive = tmp_path / "dists.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("gamma-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: gamma\n"
                                                    "Version: 1.0\n")
        z.writestr("gamma-1.0.dist-info/entry_points.txt", "[test.group]\nfour = gamma\n")
    monkeypatch.setattr(sys, "path", [str(archive)])
    ours = entry_point_values("test.group")
    assert ours == [("four", "gamma")]
    assert ours == _library("test.group")
