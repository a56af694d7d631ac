"""``solve``: pick an algorithm for a game, run it, and say which one ran.

The dispatcher holds no algorithm of its own: it substitutes parameter defaults,
chooses a method by the game's form and size, calls the algorithm's function and
records its choice in :attr:`Solution.notes`.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from solver.errors import GameError, InvalidGameError, SolverLimitError

__all__ = ["solve", "METHODS"]

#: Largest 2-player game (product of strategy counts) solved by full enumeration
#: under ``method="auto"`` (about a second at 12x12); bigger ones get Lemke-Howson (one equilibrium).
AUTO_ENUMERATION_CELLS = 12 * 12
#: Largest game of three or more players (its number of support profiles,
#: prod(2**m_i - 1)) whose equilibria ``auto`` enumerates all of (343 for 3x3x3); larger
#: ones get their pure equilibria, and the solution says mixed ones were not searched.
AUTO_SUPPORT_PROFILES = 400


#: Normal-form methods: name -> (module in solver.algorithms, function).
_NORMAL_FORM = {
    "pure": ("pure", "pure_equilibria"),
    "enumerate": ("enumeration", "enumerate_equilibria"),
    "lemke-howson": ("lemke_howson", "lemke_howson"),
    "zero-sum": ("zero_sum", "solve_zero_sum"),
    "dominance": ("dominance", "dominance_solve"),
}


#: Methods for three or more players where they differ from the two-player ones.
_N_PLAYER = {
    "enumerate": ("polynomial_support", "polynomial_support_enumeration"),
}


def support_profiles(game) -> int:
    """The number of support profiles of a normal-form game, prod(2**m_i - 1): the cases
    a support enumeration searches."""
    count = 1
    for m in game.shape:
        count *= 2 ** m - 1
    return count


#: Tree methods: name -> (module in solver.algorithms, function).
_EXTENSIVE_FORM = {
    "spe": ("backward_induction", "spe"),
    "subgames": ("subgames", "subgame_perfect"),
    "sequence-form": ("sequence_form", "sequence_form"),
}


def _algorithm(table: dict, method: str) -> Callable:
    """Import an algorithm's function only when it is used."""
    import importlib
    module, function = table[method]
    return getattr(importlib.import_module(f"solver.algorithms.{module}"), function)


#: Method names accepted by :func:`solve` (see DESIGN.md).
METHODS = ("auto", "pure", "enumerate", "lemke-howson", "zero-sum", "dominance",
           "spe", "sequence-form")


def is_zero_sum(game) -> bool:
    """True for a concrete two-player game whose payoffs sum to zero in every cell."""
    if game.n_players != 2 or game.parametric:
        return False
    t = game.payoff_tensor
    if game.exact:
        return all(a + b == 0 for a, b in zip(t[0].flat, t[1].flat))
    return bool(abs(t[0] + t[1]).max() <= 1e-12 * game.payoff_range)


def _concrete(game, params: Mapping[str, Any] | None):
    if params or game.parametric:
        game = game.substitute(params or {}, defaults=True)
    game.require_concrete()
    return game


def solve(game, method: str = "auto", *, params: Mapping[str, Any] | None = None,
          **options: Any):
    """Compute equilibria of a game, each certified, and say how.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        The game.  A parametric game is solved at ``params`` (or at its
        parameter defaults).
    method : str
        ``"auto"`` (default) or one of ``"pure"``, ``"enumerate"``,
        ``"lemke-howson"``, ``"zero-sum"``, ``"dominance"``.  ``auto`` chooses:

        * two players, zero-sum: ``zero-sum`` (value and optimal strategies);
        * two players, at most 12x12: ``enumerate`` (all extreme equilibria);
        * two players, larger: ``lemke-howson`` (one equilibrium);
        * three or more players: ``enumerate`` (every equilibrium, by polynomial
          support enumeration) when the game has at most
          :data:`AUTO_SUPPORT_PROFILES` support profiles, else ``pure`` (its pure
          equilibria, with ``complete=False``: mixed ones were not searched).

        For trees: ``"spe"`` (backward induction under perfect information,
        otherwise subgame decomposition), ``"sequence-form"`` (two players, one
        equilibrium, exact) or any normal-form method, applied to the reduced
        normal form and translated back to behaviour strategies.  ``auto``
        chooses ``spe`` and says how each subgame was solved.
    params : mapping, optional
        Parameter values for a parametric game.  The solution of a parametric
        game keeps it in ``extra["parametric_game"]`` and the values used in
        ``extra["parameter_values"]``.
    **options
        Passed to the algorithm (e.g. ``max_vertices`` for ``enumerate``,
        ``weak=True`` for ``dominance``).

    Returns
    -------
    Solution

    Raises
    ------
    GameError
        For an unknown method, a method that does not apply to the game, or a
        game with free parameters and no values.
    SolverLimitError
        When an exponential algorithm reaches its limit.
    """
    if method not in METHODS:
        raise GameError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    parametric = game if getattr(game, "parametric", False) else None
    game = _concrete(game, params)
    if game.form == "extensive":
        return _record_parameters(_solve_tree(game, method, options), parametric, params)
    note = None
    if method == "auto":
        if game.n_players == 2 and is_zero_sum(game):
            method, note = "zero-sum", "auto chose zero-sum: the two payoffs sum to zero in every cell"
        elif game.n_players == 2 and game.shape[0] * game.shape[1] <= AUTO_ENUMERATION_CELLS:
            method, note = "enumerate", "auto chose enumerate: a two-player game small enough to find all equilibria"
        elif game.n_players == 2:
            method, note = "lemke-howson", (
                f"auto chose lemke-howson: {game.shape[0]}x{game.shape[1]} is too large to enumerate "
                "every equilibrium quickly; one equilibrium is returned")
        elif support_profiles(game) <= AUTO_SUPPORT_PROFILES:
            method, note = "enumerate", (
                f"auto chose enumerate: a {game.n_players}-player game small enough to search "
                f"every support ({support_profiles(game)} support profiles) for all equilibria")
        else:
            method, note = "pure", (
                f"auto chose pure: {support_profiles(game)} support profiles are too many to "
                "search for mixed equilibria; pure equilibria only, mixed ones were not searched")
    if method not in _NORMAL_FORM:
        raise InvalidGameError(f"method {method!r} applies to extensive-form games, not to a normal-form game")
    table = _N_PLAYER if game.n_players > 2 and method in _N_PLAYER else _NORMAL_FORM
    try:
        solution = _algorithm(table, method)(game, **options)
    except SolverLimitError as limit:
        if not (note and method == "enumerate" and game.n_players > 2):
            raise
        # auto's choice was too large after all: the pure equilibria, marked incomplete
        method, note = "pure", (f"auto chose pure: {limit}; pure equilibria only, "
                                "mixed ones were not searched")
        solution = _algorithm(_NORMAL_FORM, "pure")(game, **options)
    if note and method == "pure" and solution.complete:
        # auto asked for every equilibrium and searched only the pure ones
        from dataclasses import replace
        solution = replace(solution, complete=False)
    if note:
        from dataclasses import replace
        solution = replace(solution, notes=(note,) + tuple(solution.notes))
    return _record_parameters(solution, parametric, params)


def _record_parameters(solution, parametric, params: Mapping[str, Any] | None):
    """Keep the parametric game and the values it was solved at in ``solution.extra``
    (``"parametric_game"``, ``"parameter_values"``: name -> exact number), so that an
    explanation can say which parameters decide the choices
    (:mod:`solver.analysis.decisive`)."""
    if parametric is None:
        return solution
    from dataclasses import replace

    from solver.numbers import to_number
    given = dict(params or {})
    defaults = parametric.parameters
    values = {name: to_number(given[name] if name in given else defaults[name],
                              f"parameter {name!r}")
              for name in sorted(parametric.symbols)}
    return replace(solution, extra={**dict(solution.extra), "parametric_game": parametric,
                                    "parameter_values": values})


def _solve_tree(game, method: str, options: dict):
    """Dispatch for extensive-form games (see :func:`solve`)."""
    from dataclasses import replace
    note = None
    if method == "auto":
        if game.is_perfect_information:
            method, note = "spe", "auto chose spe: perfect information, solved by backward induction"
        else:
            ok, reason = game.perfect_recall()
            if not ok:
                raise InvalidGameError(
                    f"no method applies to this tree: it lacks perfect recall ({reason}); "
                    "subgame perfection and the sequence form need perfect recall")
            method = "spe"
            note = ("auto chose spe: subgame decomposition; each proper subgame is solved by "
                    "backward induction, by enumerating its reduced normal form when small, by the "
                    "sequence form (two players) or by pure equilibria (more players)")
    if method == "spe":
        key = "spe" if game.is_perfect_information else "subgames"
        solution = _algorithm(_EXTENSIVE_FORM, key)(game, **options)
    elif method in _EXTENSIVE_FORM:
        solution = _algorithm(_EXTENSIVE_FORM, method)(game, **options)
    elif method in _NORMAL_FORM:
        from solver.algorithms.reduced import solve_reduced
        solution = solve_reduced(game, method, _algorithm(_NORMAL_FORM, method), **options)
    else:
        raise InvalidGameError(f"method {method!r} does not apply to an extensive-form game")
    if note:
        solution = replace(solution, notes=(note,) + tuple(solution.notes))
    return solution
