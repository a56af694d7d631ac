"""Finitely repeated games: backward induction, unravelling, and threats of switching.

In a stage game repeated ``T`` times (Mailath and Samuelson 2006, *Repeated Games and
Reputations*, §4.4; Benoit and Krishna 1985, "Finitely repeated games",
*Econometrica* 53(4)):

* in the last period, whatever happened before, subgame-perfect play is a Nash
  equilibrium of the stage game; so if the stage game has **exactly one** equilibrium,
  it is played in period ``T`` after every history, period ``T - 1``'s play cannot
  change the future, and by induction the unique subgame-perfect equilibrium plays it
  in every period (*unravelling*);
* if the stage game has **several** equilibria, the equilibrium played at the end can
  depend on the past, and the threat of switching to a worse one can make players
  keep to a profile that is not a stage equilibrium in the early periods.

:func:`finite_repetition` solves the stage game, counts its equilibria and says which
case holds; it checks a given automaton at the horizon by backward induction over
periods and states (the one-shot deviation principle holds for finite games); and,
when the stage game has several pure equilibria, it builds the plan "cooperate, then a
reward equilibrium for the last ``L`` periods, a punishment equilibrium after any
deviation" with the fewest reward periods, and checks it the same way.  It reports only
what it has computed.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from solver.analysis.repeated_strategies import ANY, Automaton, parse_profile
from solver.errors import GameError, SolverLimitError
from solver.forms.repeated import RepeatedGame
from solver.numbers import format_number, to_fraction

__all__ = ["FiniteRepetition", "finite_check", "finite_repetition", "MAX_WORK"]

#: Largest number of (period, state, profile) triples a finite check visits.
MAX_WORK = 2_000_000


def finite_check(bound, horizon: int, discount: Fraction, limit: int = 8) -> list[str]:
    """The one-shot deviations that pay in a ``horizon``-period game, by backward
    induction over the states reachable in each period (at most ``limit`` reported;
    an empty list means the automaton is subgame perfect)."""
    stage = bound.stage
    work = horizon * len(bound.states) * len(bound.profiles)
    if work > MAX_WORK:
        raise SolverLimitError(f"checking {horizon} periods of {len(bound.states)} states and "
                               f"{len(bound.profiles)} profiles exceeds MAX_WORK = {MAX_WORK} "
                               "(raise solver.analysis.repeated_finite.MAX_WORK)")
    pay = {p: tuple(Fraction(x) for x in stage.payoff(p)) for p in bound.profiles}
    reach = [{bound.index[bound.automaton.initial]}]
    for _ in range(horizon - 1):
        reach.append({bound.next(s, p) for s in reach[-1] for p in bound.profiles})
    later: dict[int, tuple] = {}
    zero = tuple(Fraction(0) for _ in stage.players)
    failures: list[tuple[int, str]] = []
    for t in range(horizon - 1, -1, -1):
        now = {}
        for s in reach[t]:
            a = bound.play[s]
            nxt = later.get(bound.next(s, a), zero)
            now[s] = tuple(pay[a][i] + discount * nxt[i] for i in range(stage.n_players))
            for i, player in enumerate(stage.players):
                for k, label in enumerate(stage.strategies[i]):
                    if k == a[i]:
                        continue
                    prof = a[:i] + (k,) + a[i + 1:]
                    cont = later.get(bound.next(s, prof), zero)
                    dev = pay[prof][i] + discount * cont[i]
                    if dev > now[s][i]:
                        failures.append((t, f"period {t + 1}, state {bound.states[s]}: "
                                            f"{player} gains {format_number(dev - now[s][i])} "
                                            f"by playing {label} instead of "
                                            f"{stage.strategies[i][a[i]]}"))
        later = now
    failures.sort(key=lambda f: -f[0])
    return [text for _, text in failures[:limit]]


@dataclass(frozen=True)
class FiniteRepetition:
    """What backward induction says about a finitely repeated game.

    Attributes
    ----------
    horizon, discount : int, Fraction
    stage_equilibria : tuple of str
        The stage game's equilibria as found (``"(D, D)"``, or mixes).
    complete : bool
        Whether every stage equilibrium was searched for (else no conclusion is drawn).
    unique : bool
        Exactly one stage equilibrium (and the search was complete): unravelling applies.
    reasoning : tuple of str
        The argument, in words, from the computation.
    spe_payoffs : tuple or None
        With a unique stage equilibrium, each player's total in the unique SPE.
    strategy, strategy_failures : str or None, tuple of str
        The automaton checked at this horizon, and the deviations that pay (empty: it is
        subgame perfect).
    plan : str or None
        With several pure stage equilibria, the plan built and its verdict.
    plan_spe : bool or None
    """

    horizon: int
    discount: Fraction
    players: tuple[str, ...]
    stage_equilibria: tuple[str, ...]
    complete: bool
    unique: bool
    reasoning: tuple[str, ...]
    spe_payoffs: tuple | None = None
    strategy: str | None = None
    strategy_failures: tuple[str, ...] = ()
    plan: str | None = None
    plan_spe: bool | None = None

    def bottom_line(self) -> str:
        T = self.horizon
        if not self.complete:
            return (f"Not every stage equilibrium was searched for, so nothing is concluded "
                    f"about the {T}-period game.")
        if self.unique:
            return (f"The stage game has a unique Nash equilibrium, {self.stage_equilibria[0]}: "
                    f"the unique subgame-perfect equilibrium of the {T}-period game plays it "
                    "in every period (unravelling).")
        return (f"The stage game has {len(self.stage_equilibria)} Nash equilibria: play in the "
                f"{T}-period game is not pinned down, and threats of switching equilibria "
                "can matter.")

    def __str__(self) -> str:
        lines = [self.bottom_line()]
        if self.strategy is not None:
            name = self.strategy[:1].upper() + self.strategy[1:]
            if self.strategy_failures:
                lines.append(f"{name} is not subgame perfect with {self.horizon} "
                             f"periods; deviations that pay:")
                lines += [f"  {f}." for f in self.strategy_failures]
            else:
                lines.append(f"{name} is subgame perfect with {self.horizon} periods "
                             "(checked by backward induction over every period and state).")
        if self.plan is not None:
            lines.append(self.plan)
        lines += list(self.reasoning)
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"horizon": self.horizon, "discount": format_number(self.discount),
                "players": list(self.players), "stage_equilibria": list(self.stage_equilibria),
                "complete": self.complete, "unique": self.unique,
                "bottom_line": self.bottom_line(), "reasoning": list(self.reasoning),
                "spe_payoffs": None if self.spe_payoffs is None
                else [format_number(x) for x in self.spe_payoffs],
                "strategy": self.strategy, "strategy_spe": None if self.strategy is None
                else not self.strategy_failures,
                "strategy_failures": list(self.strategy_failures), "plan": self.plan,
                "plan_spe": self.plan_spe}


def _eq_text(stage, eq) -> str:
    from solver.analysis.prose import mix_text
    parts = [mix_text(stage.strategies[i], eq.probabilities[i]) for i in range(stage.n_players)]
    return "(" + ("; " if any("," in p for p in parts) else ", ").join(parts) + ")"


def finite_repetition(game: RepeatedGame, strategy=None, *, cooperate=None, method: str = "auto"
                      ) -> FiniteRepetition:
    """Solve a finitely repeated game by backward induction, and say why.

    Parameters
    ----------
    game : RepeatedGame
        With a finite horizon and a concrete stage game.
    strategy : Automaton or str, optional
        A profile to check at this horizon (a built-in's name or an automaton).
    cooperate : profile, optional
        The profile to sustain early when the stage game has several equilibria (default:
        the strategy's first-period profile, else the profile with the largest payoff sum).
    method : str
        The method that solves the stage game (default ``"auto"``: all equilibria of
        two-player games and of small games with more players).

    Returns
    -------
    FiniteRepetition

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   strategies=(("C", "D"), ("C", "D")))
    >>> res = finite_repetition(RepeatedGame(pd, horizon=4), "grim")
    >>> res.unique, res.spe_payoffs
    (True, (Fraction(4, 1), Fraction(4, 1)))
    >>> res.strategy_failures[0]
    'period 4, state Cooperate: Row gains 2 by playing D instead of C'
    """
    import solver
    if not isinstance(game, RepeatedGame) or game.infinite:
        raise GameError("finite_repetition needs a RepeatedGame with a finite horizon")
    stage = game.stage
    stage.require_concrete()
    if not stage.exact:
        raise GameError("finite_repetition needs exact stage payoffs (give floats as decimal "
                        "strings such as '0.45')")
    T, d = game.horizon, to_fraction(game.discount, "discount factor")
    sol = solver.solve(stage, method=method)
    eqs = tuple(_eq_text(stage, e) for e in sol.equilibria)
    unique = sol.complete and len(sol.equilibria) == 1
    reasoning = [f"Stage game: {len(eqs)} Nash equilibri{'um' if len(eqs) == 1 else 'a'} "
                 f"({', '.join(eqs)}), found by {sol.method}; "
                 + ("every equilibrium was searched for." if sol.complete else
                    "the search was not complete.")]
    payoffs = None
    if unique:
        e = sol.equilibria[0]
        weight = sum(d ** t for t in range(T))
        payoffs = tuple(Fraction(p) * weight for p in e.payoffs)
        reasoning.append(
            f"In period {T} (the last), play after any history must be a stage equilibrium, "
            f"so it is {eqs[0]}. What is played in period {T - 1} cannot change that, so it "
            f"too must be a stage equilibrium, {eqs[0]}; and so on back to period 1."
            if T > 1 else f"With one period the game is the stage game: {eqs[0]}.")
        reasoning.append("Totals in the unique subgame-perfect equilibrium: " + ", ".join(
            f"{p} {format_number(v)}" for p, v in zip(stage.players, payoffs)) + ".")
    checked, failures = None, ()
    first = None
    if strategy is not None:
        if isinstance(strategy, str):
            strategy = Automaton.named(stage, strategy)
        bound = strategy.bind(stage)
        checked, failures = strategy.name, tuple(finite_check(bound, T, d))
        first = strategy.play[strategy.initial]
    plan, plan_spe = None, None
    if sol.complete and not unique:
        target = parse_profile(cooperate, stage.n_players, "cooperate") if cooperate else first
        plan, plan_spe = _switching_plan(stage, sol, T, d, target)
        reasoning.append("Benoit and Krishna (1985): with several stage equilibria, the one "
                         "played at the end can reward what happened before.")
    return FiniteRepetition(T, d, stage.players, eqs, sol.complete, unique, tuple(reasoning),
                            payoffs, checked, failures, plan, plan_spe)


def _switching_plan(stage, sol, T: int, d: Fraction, target):
    """Cooperate early, reward with one pure equilibrium for the last L periods, punish any
    deviation with another: the fewest reward periods, checked at horizon T."""
    pure = []
    for e in sol.equilibria:
        if all(max(p) == 1 for p in e.probabilities):
            pure.append(tuple(list(p).index(1) for p in e.probabilities))
    if len(pure) < 2:
        return ("Fewer than two pure stage equilibria: no plan that switches between pure "
                "equilibria was built.", None)
    if target is None:
        best = max(stage.cells(), key=lambda idx: (sum(stage.payoff(idx)), [-k for k in idx]))
        target = tuple(stage.strategies[i][k] for i, k in enumerate(best))
    coop = tuple(stage.strategies[i].index(a) for i, a in enumerate(target))
    name = stage.cell_name(coop)
    if coop in pure:
        return (f"{name} is itself a stage equilibrium: it can be played in every period "
                "without any threat.", True)
    u = {c: tuple(Fraction(x) for x in stage.payoff(c)) for c in stage.cells()}
    gains = [max(u[coop[:i] + (k,) + coop[i + 1:]][i] for k in range(stage.shape[i])) - u[coop][i]
             for i in range(stage.n_players)]
    best = None
    for r in pure:
        for p in pure:
            if r == p:
                continue
            L = 1
            while L < T:
                loss = [sum(d ** j for j in range(1, L + 1)) * (u[r][i] - u[p][i])
                        for i in range(stage.n_players)]
                if all(g <= lo for g, lo in zip(gains, loss)):
                    break
                L += 1
            if L < T and (best is None or L < best[0]):
                best = (L, r, p)
    if best is None:
        return (f"No pair of pure stage equilibria rewards keeping to {name} enough within "
                f"{T} periods (each player's gain from deviating: "
                + ", ".join(format_number(g) for g in gains) + ").", False)
    L, r, p = best
    coop_periods = T - L
    states = [f"Period {t}" for t in range(1, coop_periods + 1)] + ["Reward", "Punish"]
    play = {s: target for s in states[:coop_periods]}
    play["Reward"] = tuple(stage.strategies[i][k] for i, k in enumerate(r))
    play["Punish"] = tuple(stage.strategies[i][k] for i, k in enumerate(p))
    rules = {s: {target: states[t + 1], ANY: "Punish"} for t, s in enumerate(states[:coop_periods])}
    rules["Reward"], rules["Punish"] = {ANY: "Reward"}, {ANY: "Punish"}
    automaton = Automaton(tuple(states), states[0], play, rules, name="switching plan")
    failures = finite_check(automaton.bind(stage), T, d)
    head = (f"Plan: play {name} in periods 1-{coop_periods}, then {stage.cell_name(r)} in the "
            f"last {L}; after any deviation from {name}, {stage.cell_name(p)} to the end.")
    if failures:
        return head + " It is not subgame perfect: " + "; ".join(failures[:3]) + ".", False
    return (head + f" Checked by backward induction: subgame perfect, so {name} is sustained "
            f"in the first {coop_periods} of {T} periods by the threat of switching "
            "equilibria.", True)
