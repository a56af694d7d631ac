"""``solve``: pick an algorithm for a game, run it, and say which one ran.

The dispatcher holds no algorithm of its own: it substitutes parameter defaults,
chooses a method by the game's form and size, calls the algorithm's function and
records its choice in :attr:`Solution.notes`.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from solver.errors import GameError, InvalidGameError, SolverLimitError
from solver.numbers import short_number

__all__ = ["solve", "METHODS"]

#: Largest game of three or more players (its number of support profiles,
#: prod(2**m_i - 1)) whose equilibria ``auto`` enumerates all of (343 for 3x3x3); larger
#: ones get their pure equilibria, and the solution says mixed ones were not searched.
AUTO_SUPPORT_PROFILES = 400


#: Normal-form methods: name -> (module in solver.algorithms, function).
_NORMAL_FORM = {
    "pure": ("pure", "pure_equilibria"),
    "enumerate": ("modular_enumeration", "modular_enumeration"),
    "lemke-howson": ("lemke_howson", "lemke_howson"),
    "zero-sum": ("zero_sum", "solve_zero_sum"),
    "dominance": ("dominance", "dominance_solve"),
    "qre": ("qre_nash", "logit_nash"),
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
    "pure-agent": ("agent_form", "pure_agent_equilibria"),
}


def _algorithm(table: dict, method: str) -> Callable:
    """Import an algorithm's function only when it is used (wrapped by :func:`_with_options`)."""
    import importlib
    module, function = table[method]
    return _with_options(getattr(importlib.import_module(f"solver.algorithms.{module}"), function),
                         method)


#: Options every method accepts: exponential methods obey them, the others have no use
#: for them and ignore them (so ``solve(game, time_limit=10)`` works whatever auto picks).
LIMIT_OPTIONS = ("time_limit", "max_equilibria")


def _with_options(function: Callable, method: str) -> Callable:
    """``function`` checking its options first: an option it does not take is a GameError
    naming the ones it does (not a TypeError), except the limits of
    :data:`LIMIT_OPTIONS`, dropped for a method that has no use for them."""
    import inspect
    params = inspect.signature(function).parameters
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return function
    names = [k for k, p in list(params.items())[1:]
             if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)]

    def run(game, **options):
        unknown = sorted(set(options) - set(names) - set(LIMIT_OPTIONS))
        if unknown:
            takes = f"its options are {', '.join(names)}" if names else "it takes no options"
            raise GameError(f"method {method!r} has no option {unknown[0]!r}; {takes}")
        return function(game, **{k: v for k, v in options.items() if k in names})

    return run


#: Method names accepted by :func:`solve` (docs/command.md lists them).
METHODS = ("auto", "pure", "enumerate", "lemke-howson", "zero-sum", "dominance",
           "spe", "sequence-form", "qre", "pure-agent")


#: Relative tolerance of :func:`is_zero_sum` for float games, cell by cell.
ZERO_SUM_TOLERANCE = 1e-12


def is_zero_sum(game) -> bool:
    """True for a concrete two-player game whose payoffs sum to zero in every cell.

    Float games are compared cell by cell: ``|a + b| <= 1e-12 * (|a| + |b|)``
    (:data:`ZERO_SUM_TOLERANCE`), so a player whose payoffs are far smaller than the
    other's cannot pass for his opposite, and halves are added so that nothing
    overflows.
    """
    if game.n_players != 2 or game.parametric:
        return False
    t = game.payoff_tensor
    if game.exact:
        return all(a + b == 0 for a, b in zip(t[0].flat, t[1].flat))
    a, b = t[0] / 2, t[1] / 2
    return bool(((abs(a + b) <= ZERO_SUM_TOLERANCE * (abs(a) + abs(b)))).all())


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
        parameter defaults).  A ``nashpy.Game``, ``pygambit.Game`` or QuantEcon
        ``NormalFormGame`` is converted first (:mod:`solver.io.interop`).
    method : str
        ``"auto"`` (default) or one of ``"pure"``, ``"enumerate"``,
        ``"lemke-howson"``, ``"zero-sum"``, ``"dominance"``, ``"qre"`` (the logit
        quantal-response branch followed to its limit, refined to an exact
        equilibrium).  ``auto`` chooses:

        * two players, zero-sum: ``zero-sum`` (value and optimal strategies);
        * two players, when vertex enumeration is predicted to take at most about a
          second (:func:`solver.algorithms.enumeration_cost.enumeration_cost`, from the
          shape and the payoffs' size, no clock, so the choice is the same on every
          run: 14x14 is enumerated, 15x15 with four-digit payoffs is not):
          ``enumerate`` (all extreme equilibria); the note gives the estimate (and if
          the game visits more bases than ``max_vertices`` after all, one
          ``lemke-howson`` equilibrium, and the note says so);
        * two players, larger: ``lemke-howson`` (one equilibrium);
        * three or more players: ``enumerate`` (every equilibrium, by polynomial
          support enumeration) when the game has at most
          :data:`AUTO_SUPPORT_PROFILES` support profiles, else ``pure`` (its pure
          equilibria, with ``complete=False``: mixed ones were not searched).

        For trees: ``"spe"`` (backward induction under perfect information,
        otherwise subgame decomposition), ``"sequence-form"`` (two players, one
        equilibrium, exact) or any normal-form method, applied to the reduced
        normal form (dispatched as on a normal form: three or more players get
        the n-player methods) and translated back to behaviour strategies;
        ``"pure-agent"``: every pure equilibrium of the agent form (one agent per
        information set, Gambit's ``enumpure``).  ``auto`` chooses ``spe`` and says
        how each subgame was solved.  A tree without perfect recall is solved in
        mixed strategies over its strategic form (``auto``: every extreme
        equilibrium), each equilibrium compared with behaviour strategies
        (:mod:`solver.algorithms.imperfect_recall`, docs/imperfect_recall.md).
    params : mapping, optional
        Parameter values for a parametric game.  The solution of a parametric
        game keeps it in ``extra["parametric_game"]`` and the values used in
        ``extra["parameter_values"]``.
    **options
        Passed to the algorithm (e.g. ``max_vertices`` for ``enumerate``,
        ``weak=True`` or ``very_weak=True`` for ``dominance``).  ``epsilon=...``
        lists the pure epsilon-equilibria (``auto`` then chooses ``pure``) or, with
        ``dominance``, eliminates with that tolerance.

    Returns
    -------
    Solution
        For normal forms the equilibria come in :func:`~solver.forms.profiles.standard_order`:
        pure ones first in strategy order, then mixed ones by support size.

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
    from solver.conversions.foreign import adopt
    game = adopt(game)          # a nashpy, pygambit or QuantEcon game becomes ours
    parametric = game if getattr(game, "parametric", False) else None
    game = _concrete(game, params)
    if game.form == "extensive":
        return _record_parameters(_solve_tree(game, method, options), parametric, params)
    note = None
    if method == "auto":
        if options.get("epsilon") is not None:
            method, note = "pure", ("auto chose pure: epsilon-equilibria are listed among the pure "
                                    "profiles")
        elif not game.n_players:
            method, note = "enumerate", ("auto chose enumerate: a game without players has one "
                                         "profile, the empty one, and it is the equilibrium")
        elif game.n_players == 2 and is_zero_sum(game):
            method, note = "zero-sum", "auto chose zero-sum: the two payoffs sum to zero in every cell"
        elif game.n_players == 2 and _enumeration_estimate(game).within_budget:
            method, note = "enumerate", (
                f"auto chose enumerate to find every equilibrium: "
                f"{_enumeration_estimate(game).describe()}")
        elif game.n_players == 2:
            method, note = "lemke-howson", (
                f"auto chose lemke-howson, one equilibrium: "
                f"{_enumeration_estimate(game).describe()}, too long to find every one")
        elif support_profiles(game) <= AUTO_SUPPORT_PROFILES:
            method, note = "enumerate", (
                f"auto chose enumerate: a {game.n_players}-player game small enough to search "
                f"every support ({support_profiles(game)} support profiles) for all equilibria")
        else:
            method, note = "pure", (
                f"auto chose pure: {short_number(support_profiles(game))} support profiles are "
                "too many to "
                "search for mixed equilibria; pure equilibria only, mixed ones were not searched")
    if method not in _NORMAL_FORM:
        raise InvalidGameError(f"method {method!r} applies to extensive-form games, not to a normal-form game")
    # support enumeration takes any number of players but two (those have their own
    # methods): one (his optimal strategies, a continuum when several tie) and none (its
    # one support profile is empty)
    table = _N_PLAYER if game.n_players != 2 and method in _N_PLAYER else _NORMAL_FORM
    try:
        solution = _algorithm(table, method)(game, **options)
    except SolverLimitError as limit:
        if note and method == "enumerate" and game.n_players == 2 and limit.limit is None:
            # more work than estimated: one equilibrium, as past the budget (the time
            # given, once spent, and the caller's cap on the equilibria stay errors)
            method, note = "lemke-howson", (f"{note}; but {limit}; so auto chose "
                                            "lemke-howson instead, one equilibrium")
            solution = _algorithm(_NORMAL_FORM, "lemke-howson")(
                game, **{k: v for k, v in options.items() if k in LIMIT_OPTIONS})
        elif not (note and method == "enumerate" and game.n_players > 2 and limit.limit is None):
            raise
        else:
            # auto's choice was too large after all: the pure equilibria, marked incomplete
            method, note = "pure", (f"auto chose pure: {limit}; pure equilibria only, "
                                    "mixed ones were not searched")
            solution = _algorithm(_NORMAL_FORM, "pure")(game, **options)
    if note and method == "pure" and solution.complete and options.get("epsilon") is None:
        # auto asked for every equilibrium and searched only the pure ones
        from dataclasses import replace
        solution = replace(solution, complete=False)
    from dataclasses import replace

    from solver.forms.profiles import standard_order
    solution = replace(solution, equilibria=standard_order(solution.equilibria))
    if note:
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


def _enumeration_estimate(game):
    """The predicted work of enumerating a two-player normal form (no clock is read;
    the size of the payoffs as integers sets the memory the search needs)."""
    from solver.algorithms.enumeration_cost import enumeration_cost
    bits = None
    if game.exact:
        import math
        arrays, _ = game.integer_payoffs
        bits = math.log2(max(int(a.max() - a.min()) + 1 for a in arrays[:2]))
    return enumeration_cost(*game.shape, payoff_bits=bits)


def _normal_solver(method: str) -> Callable:
    """A tree's strategic form solved as :func:`solve` solves a normal form with ``method``
    (three or more players get the n-player methods, ``auto`` its usual choice), except
    that ``auto`` enumerates a small zero-sum form: every extreme equilibrium, not one."""
    def run(nf, **options):
        if method == "auto" and is_zero_sum(nf) and _enumeration_estimate(nf).within_budget:
            return solve(nf, "enumerate", **options)
        return solve(nf, method, **options)
    return run


def _solve_tree(game, method: str, options: dict):
    """Dispatch for extensive-form games (see :func:`solve`)."""
    from dataclasses import replace
    note = None
    recall = game.perfect_recall()[0]
    if method == "auto":
        if game.is_perfect_information:
            method, note = "spe", "auto chose spe: perfect information, solved by backward induction"
        elif not recall:
            from solver.algorithms.imperfect_recall import solve_imperfect_recall
            solution = solve_imperfect_recall(game, "auto", _normal_solver("auto"), **options)
            note = ("auto chose the strategic form: the tree lacks perfect recall, so subgame "
                    "perfection and the sequence form do not apply; its mixed equilibria are "
                    "computed as for a normal form and each is compared with behaviour strategies")
            return replace(solution, notes=(note,) + tuple(solution.notes))
        else:
            method = "spe"
            note = ("auto chose spe: subgame decomposition; each proper subgame is solved by "
                    "backward induction, or by enumerating the equilibria of its reduced normal form "
                    "when small (else, with two players, one by the sequence form; with more, the "
                    "pure ones)")
    if method == "spe":
        key = "spe" if game.is_perfect_information else "subgames"
        solution = _algorithm(_EXTENSIVE_FORM, key)(game, **options)
    elif method in _EXTENSIVE_FORM:
        solution = _algorithm(_EXTENSIVE_FORM, method)(game, **options)
    elif method in _NORMAL_FORM and not recall:
        from solver.algorithms.imperfect_recall import solve_imperfect_recall
        solution = solve_imperfect_recall(game, method, _normal_solver(method), **options)
    elif method in _NORMAL_FORM:
        from solver.algorithms.reduced import solve_reduced
        solution = solve_reduced(game, method, _normal_solver(method), **options)
    else:
        raise InvalidGameError(f"method {method!r} does not apply to an extensive-form game")
    if note:
        solution = replace(solution, notes=(note,) + tuple(solution.notes))
    return solution
