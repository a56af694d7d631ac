"""The catalogues of games installed beside the engine, found by their entry points.

A package offers a catalogue by declaring an entry point in the group
:data:`CATALOGUE_GROUP` (this distribution's own, :mod:`games`, is declared so in
``setup.cfg``).  Entry points are written by the installer into each distribution's
metadata directory as ``entry_points.txt``, an INI file with one section per group
(the "Entry points specification" of the Python Packaging User Guide).

:mod:`importlib.metadata` reads them, but importing it costs about 25 ms (it pulls in
``email``, ``zipfile`` and ``csv``), a quarter of ``import numpy`` and so of the
command's whole budget for starting on a concrete game.  :func:`entry_point_values`
reads the same files directly for the usual installs (metadata directories on
``sys.path``), with :mod:`importlib.metadata`'s rule that the first distribution of a
name on ``sys.path`` wins, and falls back to :mod:`importlib.metadata` itself whenever
it meets something it does not read (a zip archive on ``sys.path``, a finder of
distributions other than the standard path finder).
"""
from __future__ import annotations

import os
import re
import sys
from importlib import import_module

__all__ = ["CATALOGUE_GROUP", "entry_point_values", "installed_catalogues"]

#: The entry-point group under which catalogues of games register themselves.
CATALOGUE_GROUP = "gamesolver.catalogues"

_METADATA = (".dist-info", ".egg-info")


def _normalized(name: str) -> str:
    """A distribution's name as packaging compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _section(text: str, group: str) -> list[tuple[str, str]]:
    """The ``name = value`` lines of section ``[group]`` of an ``entry_points.txt``."""
    out, inside = [], False
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            inside = line[1:-1].strip() == group
        elif inside and "=" in line:
            name, _, value = line.partition("=")
            out.append((name.strip(), value.strip()))
    return out


def _from_files(group: str) -> list[tuple[str, str]] | None:
    """``(name, value)`` of the entry points in ``group`` read from the metadata
    directories on ``sys.path``; None when ``sys.path`` has an entry this does not read,
    or when a finder other than the standard path finder can find distributions (as
    :mod:`importlib.metadata` asks every finder on ``sys.meta_path``)."""
    from importlib.machinery import PathFinder

    if any(hasattr(f, "find_distributions") and f is not PathFinder for f in sys.meta_path):
        return None
    found, seen = [], set()
    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                return None                 # a zip archive: importlib.metadata reads those
            continue
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if not name.endswith(_METADATA):
                continue
            dist = _normalized(name.rsplit(".", 1)[0].split("-")[0])
            if dist in seen:
                continue
            seen.add(dist)
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8") as f:
                    text = f.read()
            except OSError:
                continue
            found += _section(text, group)
    return found


def entry_point_values(group: str) -> list[tuple[str, str]]:
    """The entry points of one group, as ``(name, "module:attribute")``, sorted by name.

    Parameters
    ----------
    group : str
        The entry-point group, e.g. ``"console_scripts"`` or :data:`CATALOGUE_GROUP`.

    Returns
    -------
    list of (str, str)
        The same entry points as ``importlib.metadata.entry_points(group=group)``.
    """
    found = _from_files(group)
    if found is None:
        from importlib.metadata import entry_points
        found = [(ep.name, ep.value) for ep in entry_points(group=group)]
    return sorted(found)


def _load(value: str):
    """The object an entry point's value names: ``module``, ``module:attr.sub`` (extras
    in brackets are ignored, as by ``EntryPoint.load``)."""
    module, _, attrs = value.split("[", 1)[0].strip().partition(":")
    obj = import_module(module.strip())
    for attr in filter(None, attrs.strip().split(".")):
        obj = getattr(obj, attr)
    return obj


def installed_catalogues() -> list:
    """The catalogues of games installed beside the engine, by entry-point name.

    The engine does not know its catalogue: a package offers one by declaring an
    entry point in the group :data:`CATALOGUE_GROUP` whose object has ``names()``,
    ``get(name, **params)``, ``entry(name).summary`` and ``explain(name, method=...,
    **params)``.  This distribution's own catalogue, :mod:`games`, is declared so in
    ``setup.cfg``.
    """
    return [_load(value) for _, value in entry_point_values(CATALOGUE_GROUP)]
