"""Which parameters decide an equilibrium: the comparisons behind the choices, symbolically.

An equilibrium choice is a comparison: the mover takes the action (or strategy)
worth most to him given what the others do.  In a parametric game each side of
that comparison is an expression in the parameters, and the parameters that
appear in it are the ones that *decide* the choice: move them far enough and the
comparison, hence the choice, can flip (where exactly is
:func:`solver.analysis.parametric.thresholds`' job).  This module finds those
comparisons and their parameters from a solution and the parametric game it came
from; it is catalogue-agnostic and computes everything from the game.

Trees.  At every information set on the path of play, the value of each action
*given the equilibrium continuation* is the expected payoff of the play that
follows it, written symbolically (terminal payoffs and chance probabilities as
expressions; the players' own move probabilities as the equilibrium's numbers).
Where the mover cannot tell several nodes apart the values are weighted by his
beliefs (Bayes' rule, also symbolic: a prior ``pi`` stays ``pi``).  The chosen
action is compared with the best alternative (all alternatives tied at the best
value), and, for a mixed choice, with the other actions used (the indifference).
Why an alternative is worth what it is worth is decided by the choices that
would follow it: those off-path comparisons (the threats and promises of
Gibbons 1992, *Game Theory for Applied Economists*, sec. 2.1-2.2) are included
to a depth of ``depth`` deviations.

Normal form.  For each player, the value of each of his pure strategies against
the others' equilibrium strategies, symbolically; the strategy he uses is
compared with his best deviation (the best response condition), and in a mixed
equilibrium with the other strategies he uses (the indifference equations that
pin down the others' mix; Gibbons 1992, sec. 1.3.A).

The symbolic values and the comparisons are built by
:mod:`solver.analysis.decisive_values`, the comparison record by
:mod:`solver.analysis.comparisons`; this module holds the public functions.  Expressions are printed with sympy's ``rev-lex`` order, which keeps the order in
which a modeller writes them: ``p - c_R``, ``x + kappa*s``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from solver.analysis.comparisons import Comparison, evaluate, expression_text
from solver.errors import GameError, SolverLimitError
from solver.numbers import format_number

__all__ = ["Comparison", "DecisiveParameter", "decisive_comparisons", "decisive_parameters",
           "expression_text", "evaluate"]

#: Largest tree (nodes) or table (cells) analysed symbolically unless told otherwise.
MAX_SIZE = 20000


@dataclass(frozen=True)
class DecisiveParameter:
    """A parameter that enters some decisive comparison, with its value and those comparisons."""

    name: str
    value: Any
    comparisons: tuple[Comparison, ...]

    def __str__(self) -> str:
        return (f"{self.name} = {format_number(self.value)}: "
                + "; ".join(map(str, self.comparisons)))

    def to_dict(self) -> dict:
        return {"name": self.name, "value": format_number(self.value),
                "comparisons": [c.to_dict() for c in self.comparisons]}


# ---------------------------------------------------------------------- public
def decisive_comparisons(solution, parametric_game=None, *, equilibrium: int = 0,
                         depth: int = 1, max_size: int = MAX_SIZE) -> tuple[Comparison, ...]:
    """The comparisons that decide the choices of one equilibrium, with symbolic values.

    Parameters
    ----------
    solution : Solution
        A solution of the game at some parameter values (from :func:`solver.solve`).
    parametric_game : NormalFormGame or ExtensiveFormGame, optional
        The same game before substitution (same strategies, or same tree).
        Default: ``solution.extra["parametric_game"]``, which :func:`solver.solve`
        records for a game with free parameters.
    equilibrium : int
        Index of the equilibrium in ``solution`` (default the first).
    depth : int
        Trees: how many deviations deep to follow the choices that decide what an
        alternative is worth (0: the path of play only).
    max_size : int
        Largest tree (nodes) or table (cells) to analyse.

    Returns
    -------
    tuple of Comparison
        On-path comparisons first, in the order play meets them; empty when there
        is no parametric game or no equilibrium.

    Raises
    ------
    GameError
        When the parametric game does not have the solved game's structure.
    SolverLimitError
        When the game is larger than ``max_size``.
    """
    pg, values = _inputs(solution, parametric_game)
    if pg is None or not solution.equilibria:
        return ()
    if not -len(solution.equilibria) <= equilibrium < len(solution.equilibria):
        raise GameError(f"equilibrium {equilibrium} does not exist; the solution has "
                        f"{len(solution.equilibria)}")
    eq = solution.equilibria[equilibrium]
    subs = {}
    if values:                  # a parametric game: games of plain numbers never need sympy
        import sympy
        subs = {sympy.Symbol(k): sympy.Rational(v.numerator, v.denominator)
                if isinstance(v, Fraction) else v for k, v in values.items()}
    if solution.game.form == "extensive":
        if pg.n_nodes > max_size:
            raise SolverLimitError(f"decisive comparisons: the tree has {pg.n_nodes} nodes, more "
                                   f"than max_size={max_size}; pass a larger max_size")
        from solver.analysis.decisive_values import tree_comparisons
        return tree_comparisons(solution.game, pg, eq, subs, depth)
    cells = 1
    for m in pg.shape:
        cells *= m
    if cells > max_size:
        raise SolverLimitError(f"decisive comparisons: the table has {cells} cells, more than "
                               f"max_size={max_size}; pass a larger max_size")
    from solver.analysis.decisive_values import normal_comparisons
    return normal_comparisons(solution.game, pg, eq, subs)


def decisive_parameters(solution, parametric_game=None, *, equilibrium: int = 0,
                        depth: int = 1, max_size: int = MAX_SIZE) -> tuple[DecisiveParameter, ...]:
    """The parameters that decide an equilibrium's choices, each with its comparisons.

    A parameter is decisive when it appears in the value of a chosen action or of
    its best alternative at a decision on the path of play (or at an off-path
    decision that fixes what such an alternative is worth; see ``depth``), or, in
    a table, in a player's comparison of his strategy with his best deviation or
    in an indifference equation.  See :func:`decisive_comparisons` for the
    arguments.

    Returns
    -------
    tuple of DecisiveParameter
        In the order their first comparison is met (on the path first), and
        within one comparison in the order they are written; each with its value
        at the solution and every comparison it enters.  Empty for a game without
        parameters.

    Examples
    --------
    >>> import games, solver
    >>> sol = solver.solve(games.get("diplomatic-victory-complete-info"))
    >>> kappa = {d.name: d for d in decisive_parameters(sol)}["kappa"]
    >>> kappa.value
    Fraction(1, 2)
    >>> print(kappa.comparisons[-1].text())
    Decline worth p - c_R = 9/20 vs Accept worth x + kappa*s = 2/5
    """
    comparisons = decisive_comparisons(solution, parametric_game, equilibrium=equilibrium,
                                       depth=depth, max_size=max_size)
    if not comparisons:
        return ()
    _, values = _inputs(solution, parametric_game)
    order: list[str] = []
    for c in comparisons:
        text = f"{expression_text(c.chosen_expression)} {expression_text(c.alternative_expression)}"
        for name in sorted(c.symbols, key=lambda n: _position(text, n)):
            if name not in order:
                order.append(name)
    return tuple(DecisiveParameter(name, values.get(name), tuple(
        c for c in comparisons if name in c.symbols)) for name in order)


# ---------------------------------------------------------------------- helpers
def _position(text: str, name: str) -> int:
    m = re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text)
    return m.start() if m else len(text)


def _inputs(solution, parametric_game):
    """The parametric game and the parameter values (name -> exact number); a concrete
    game stands for itself, with no parameter values."""
    extra = getattr(solution, "extra", None) or {}
    pg = parametric_game if parametric_game is not None else extra.get("parametric_game")
    if pg is None or not getattr(pg, "parametric", False):
        # a concrete game: the comparisons are between numbers
        return getattr(solution, "game", None), {}
    _check_structure(solution.game, pg)
    values = dict(pg.parameters)
    values.update(extra.get("parameter_values") or {})
    missing = sorted(set(pg.symbols) - set(values))
    if missing:
        raise GameError(f"decisive parameters: no value for parameter {missing[0]!r}")
    from solver.numbers import to_number
    return pg, {k: to_number(values[k], f"parameter {k!r}") for k in sorted(pg.symbols)}


def _check_structure(game, pg) -> None:
    if game.form != pg.form or game.players != pg.players:
        raise GameError("decisive parameters: the parametric game is not the solved game "
                        "(different form or players)")
    if game.form == "normal":
        same = game.strategies == pg.strategies
    else:
        same = (game.n_nodes == pg.n_nodes and all(
            game.actions(h) == pg.actions(h) for h in range(game.n_nodes))
            and game.node_infoset.tolist() == pg.node_infoset.tolist())
    if not same:
        raise GameError("decisive parameters: the parametric game does not have the solved "
                        "game's strategies or tree")
