"""The catalogue's registry: every game is registered under a name with its
parameters, so the API (``games.get``, :mod:`games.catalogue`) and the command
(``gamesolver solve NAME``) can build it.

This module only records entries; :mod:`games.catalogue` imports the modules that
register them and looks games up.  The catalogue stores *games*, never answers:
equilibria always come from the solvers.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Mapping

from solver.forms.parameters import Parameter

__all__ = ["Parameter", "Entry", "register", "registered"]


@dataclass(frozen=True)
class Entry:
    """A registered game: its name, builder, summary, parameters and sources.

    The builder makes the game with ``parameters`` (:class:`~solver.forms.parameters.Parameter`
    objects), so the game itself carries their defaults, ranges, meanings and sources.
    ``source`` cites the documents and models the game encodes.  Scenario games also
    register the three texts that ``games.compare`` prints beside what it computes:
    the ``mechanism`` in a phrase, its ``literature`` source, and the policy ``lever``
    it points to, with ``lever_parameters``, the parameters that are such levers (the
    bottom line of an explanation reports where they flip the decisive choice).
    ``see_also`` names related games (a contrast, a generalisation).  ``analysis``, for a
    scenario whose registered game is only a part of it (the stage game of a repeated
    game), is a function of the parameter values (keywords; the others at their
    defaults) returning the analysis that decides it -- a
    :class:`~solver.analysis.repeated_thresholds.RepeatedEquilibrium` -- which
    ``games.compare`` and ``games.explain`` then report instead of the stage game's
    equilibrium.
    """

    name: str
    build: Callable[[], Any]
    summary: str
    parameters: tuple[Parameter, ...] = ()
    source: str = ""
    mechanism: str = ""
    literature: str = ""
    lever: str = ""
    see_also: tuple[str, ...] = ()
    lever_parameters: tuple[str, ...] = ()
    analysis: Callable[..., Any] | None = None


_REGISTRY: dict[str, Entry] = {}


def register(name: str, summary: str, parameters: tuple[Parameter, ...] = (), source: str = "",
             *, mechanism: str = "", literature: str = "", lever: str = "",
             see_also: tuple[str, ...] = (), lever_parameters: tuple[str, ...] = (),
             analysis: Callable[..., Any] | None = None):
    """Decorator registering a zero-argument builder under *name* (see :class:`Entry`)."""
    def wrap(build: Callable[[], Any]) -> Callable[[], Any]:
        if name in _REGISTRY:
            raise ValueError(f"the catalogue already has a game named {name!r}")
        _REGISTRY[name] = Entry(name, build, summary, tuple(parameters), source,
                                mechanism, literature, lever, tuple(see_also),
                                tuple(lever_parameters), analysis)
        return build
    return wrap


def registered() -> Mapping[str, Entry]:
    """The entries registered so far, by name (a read-only view).

    Only the modules imported so far have registered theirs; use
    :func:`games.catalogue.names` for the whole catalogue.
    """
    return MappingProxyType(_REGISTRY)
