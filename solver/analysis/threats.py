"""Non-credible threats: the Nash equilibria of a tree that subgame perfection discards.

A Nash equilibrium of a game tree only asks that no player gains by changing his
whole strategy given the others'.  A choice at a node that the equilibrium never
reaches costs its player nothing, so it can be a *threat* he would not carry out
if the node were reached: in entry deterrence, (Out, Fight) is a Nash
equilibrium, but after In the Incumbent gets -1 by fighting and 1 by
accommodating.  Subgame perfection (Selten 1965, 1975) asks for an equilibrium in
every subgame, and so discards such equilibria (Gibbons 1992, *Game Theory for
Applied Economists*, sec. 2.1.B and 2.4.B; Osborne and Rubinstein 1994, sec. 6.2).

:func:`noncredible_threats` lists the pure Nash equilibria of the tree's reduced
normal form and, for each, whether it is subgame perfect and, if not, the choices
it rests on.  A plan of the reduced normal form says nothing at the information
sets its own earlier moves exclude; those are completed optimally (perfect
information: by backward induction; otherwise: with a subgame-perfect
equilibrium's behaviour) before the check, so that an equilibrium is discarded
only if *no* completion makes it subgame perfect.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.analysis.prose import (Comparator, Section, join_words, label_text, mix_text,
                                   value_text)
from solver.analysis.tree_play import Play, exact_value, where_text
from solver.errors import GameError, SolverLimitError
from solver.forms.extensive.behavior import BehaviorProfile, TreeEquilibrium
from solver.forms.extensive.game import DECISION, TERMINAL, ExtensiveFormGame

__all__ = ["Threat", "NashCheck", "noncredible_threats", "threats_section",
           "NONCREDIBLE_CELL_LIMIT"]

#: Largest reduced normal form (number of cells) searched for pure Nash equilibria.
NONCREDIBLE_CELL_LIMIT = 10_000
#: Discarded Nash equilibria described one by one in the explanation.
_MAX_DISCARDED = 8


@dataclass(frozen=True)
class Threat:
    """A choice that its player would not carry out if play reached it.

    Attributes
    ----------
    player : str
    node : int
        Perfect information: the node of the choice.  Otherwise: the root of the
        smallest subgame in which the prescribed play is not an equilibrium.
    action : str or None
        The prescribed action (None for a subgame-level finding).
    value : number
        What the player gets there by following the prescription.
    best_action : str or None
        His best alternative at the node (None for a subgame-level finding).
    best_value : number
        What the best alternative (or best response in the subgame) gives him.
    kind : str
        ``"threat"`` when the prescribed action leaves some other player worse off
        than the best alternative would, else ``"promise"``.
    """

    player: str
    node: int
    action: str | None
    value: Any
    best_action: str | None
    best_value: Any
    kind: str = "threat"


@dataclass(frozen=True)
class NashCheck:
    """One pure Nash equilibrium of the reduced normal form, checked for credibility.

    ``specified[g]`` is False at information sets the player's own plan excludes
    (shown as ``*`` in ``name``).  ``threats`` is empty exactly when the
    equilibrium is subgame perfect.  ``unsupported`` is a choice at a one-node
    set that is not optimal although no proper subgame starts there, so that
    subgame perfection cannot discard it (as in Selten's horse).
    """

    equilibrium: TreeEquilibrium
    name: str
    specified: tuple[bool, ...]
    threats: tuple[Threat, ...]
    unsupported: Threat | None = None

    @property
    def subgame_perfect(self) -> bool:
        return not self.threats


# ---------------------------------------------------------------------- plans
def _specified(game, profile, g) -> bool:
    """Whether the mover's own plan can reach set g (else a reduced plan says nothing there)."""
    flat = profile.flat()
    s = game.infoset(g)
    h = s.nodes[0]
    parent, pact, gid = game.node_parent, game.node_parent_action, game.node_infoset
    while parent[h] >= 0:
        p = int(parent[h])
        if game.node_kind[p] == DECISION and int(game.node_player[p]) == s.player:
            if flat[int(gid[p])][int(pact[h])] == 0:
                return False
        h = p
    return True


def _profile_name(game, profile, spec) -> str:
    """A profile in words, each plan decoded: ``(Out, Fight)`` or ``(DV; Russia Decline
    at DV, Accept at Enhanced)``; ``*`` where a plan says nothing."""
    flat, parts = profile.flat(), []
    for i, sets in enumerate(game.infosets):
        by_choice: dict[str, list[str]] = {}
        for s in sets:
            g = int(game.node_infoset[s.nodes[0]])
            choice = mix_text(s.actions, flat[g]) if spec[g] else "*"
            by_choice.setdefault(choice, []).append(s.label or where_text(game, s.nodes[0]))
        if not by_choice:
            continue
        if len(sets) == 1:
            parts.append(next(iter(by_choice)))
        elif len(by_choice) == 1:
            parts.append(f"{game.players[i]} {next(iter(by_choice))} everywhere")
        else:
            parts.append(f"{game.players[i]} " + ", ".join(
                f"{choice} at {join_words(where)}" for choice, where in by_choice.items()))
    classic = all(len(sets) <= 1 for sets in game.infosets)
    return "(" + (", " if classic else "; ").join(parts) + ")"


# ---------------------------------------------------------------------- perfect information
def _complete_by_induction(game, profile, spec):
    """Keep the specified choices, choose optimally (backward induction) elsewhere.

    Returns per node the chosen action (decision nodes, else -1) and the value vectors."""
    kind, kids = game.node_kind.tolist(), game.child_lists()
    flat = profile.flat()
    N = game.n_nodes
    val: list[Any] = [None] * N
    choice = [-1] * N
    for h in range(N - 1, -1, -1):
        if kind[h] == TERMINAL:
            val[h] = game.path_payoffs[h]
        elif kind[h] == DECISION:
            g = int(game.node_infoset[h])
            i = int(game.node_player[h])
            if spec[g]:
                choice[h] = max(range(len(kids[h])), key=lambda a: flat[g][a])
            else:
                choice[h] = max(range(len(kids[h])), key=lambda a: (val[kids[h][a]][i], -a))
            val[h] = val[kids[h][choice[h]]]
        else:
            acc = [0] * game.n_players
            for p, c in zip(game.chance_probabilities(h), kids[h]):
                acc = [x + p * y for x, y in zip(acc, val[c])]
            val[h] = tuple(acc)
    return choice, val


def _threats_perfect_information(game, profile, spec, cmp) -> list[Threat]:
    choice, val = _complete_by_induction(game, profile, spec)
    kids, out = game.child_lists(), []
    for h in range(game.n_nodes):
        if game.node_kind[h] != DECISION or not spec[int(game.node_infoset[h])]:
            continue
        i = int(game.node_player[h])
        mine = exact_value(game, val[kids[h][choice[h]]][i])
        b = max(range(len(kids[h])), key=lambda a: (val[kids[h][a]][i], -a))
        best = exact_value(game, val[kids[h][b]][i])
        if cmp.gt(best, mine):
            acts = game.actions(h)
            kind = _kind(game, i, val[kids[h][choice[h]]], val[kids[h][b]], cmp)
            out.append(Threat(game.players[i], h, acts[choice[h]], mine, acts[b], best, kind))
    return out


def _kind(game, i, prescribed, alternative, cmp) -> str:
    """A threat hurts someone else compared with the alternative; otherwise a promise."""
    others = [j for j in range(game.n_players) if j != i]
    hurt = any(cmp.gt(exact_value(game, alternative[j]), exact_value(game, prescribed[j])) for j in others)
    return "threat" if hurt or not others else "promise"


# ---------------------------------------------------------------------- imperfect information
def _completed(game, profile, spec, spe_profiles) -> list[BehaviorProfile]:
    """The profile with each subgame-perfect equilibrium's behaviour where the plans say nothing."""
    flat = profile.flat()
    out = []
    for base in spe_profiles or [profile]:
        bflat = base.flat()
        probs = [[flat[g] if spec[g] else bflat[g]
                  for g in (int(game.node_infoset[s.nodes[0]]) for s in sets)]
                 for sets in game.infosets]
        out.append(BehaviorProfile.from_game(game, probs))
    return out


def _threats_by_subgames(game, full: BehaviorProfile) -> list[Threat]:
    """The smallest subgame in which ``full`` is not a Nash equilibrium (deepest root first)."""
    from solver.algorithms.subgames import proper_subgames, restrict_profile, subgame
    from solver.forms.extensive.behavior import behavior_payoffs, best_response
    for r in reversed(proper_subgames(game)):
        sub, nodes = subgame(game, r)
        sp = restrict_profile(game, full, sub, nodes)
        have = behavior_payoffs(sub, sp)
        for i in range(game.n_players):
            best, _ = best_response(sub, sp, i)
            if best > have[i]:
                return [_at_node(game, full, r, i) or
                        Threat(game.players[i], r, None, have[i], None, best)]
    return []


def _at_node(game, full, r, i) -> Threat | None:
    """The failing choice itself, when the subgame starts with a one-node set of player i."""
    if game.node_kind[r] != DECISION or int(game.node_player[r]) != i:
        return None
    s = game.infoset(int(game.node_infoset[r]))
    if len(s.nodes) != 1:
        return None
    play = Play(game, full, None)
    pr = play.move[r]
    if max(pr) != 1:
        return None
    a = list(pr).index(1)
    kids = play.kids[r]
    b = max(range(len(kids)), key=lambda b: (play.V[kids[b]][i], -b))
    mine, best = exact_value(game, play.V[kids[a]][i]), exact_value(game, play.V[kids[b]][i])
    if not play.cmp.gt(best, mine):
        return None
    return Threat(game.players[i], r, s.actions[a], mine, s.actions[b], best,
                  _kind(game, i, play.V[kids[a]], play.V[kids[b]], play.cmp))


def _unsupported(game, eq, spec) -> Threat | None:
    """A prescribed choice at a one-node set that is not optimal there (imperfect information)."""
    if game.is_perfect_information:
        return None
    play = Play(game, eq.profile, eq.payoffs)
    for g in range(game.n_infosets):
        s = game.infoset(g)
        if len(s.nodes) != 1 or not spec[g]:
            continue
        h = s.nodes[0]
        vals = play.values(g, {h: 1})
        pr = play.move[h]
        a = max(range(len(pr)), key=lambda a: pr[a])
        b = max(range(len(vals)), key=lambda b: vals[b])
        if pr[a] == 1 and play.cmp.gt(vals[b], vals[a]):
            return Threat(game.players[s.player], h, s.actions[a], vals[a], s.actions[b], vals[b])
    return None


# ---------------------------------------------------------------------- the function
def noncredible_threats(game: ExtensiveFormGame, solution=None, *,
                        cell_limit: int = NONCREDIBLE_CELL_LIMIT) -> tuple[NashCheck, ...]:
    """Check every pure Nash equilibrium of a tree for non-credible threats.

    Parameters
    ----------
    game : ExtensiveFormGame
        A concrete tree of perfect recall.
    solution : Solution, optional
        A solution by method ``"spe"`` of the same game: its equilibria are used
        to complete the plans of imperfect-information games (otherwise the
        subgame-perfect equilibria are computed here).
    cell_limit : int
        Largest reduced normal form (number of cells) to build.

    Returns
    -------
    tuple of NashCheck
        One per pure Nash equilibrium of the reduced normal form (method
        ``"pure"``), in its order.

    Raises
    ------
    SolverLimitError
        When the reduced normal form has more than ``cell_limit`` cells.
    GameError
        For a tree without perfect recall (it has no reduced normal form of plans).
    """
    from solver.algorithms.subgames import is_subgame_perfect
    from solver.solve import solve

    _, cells, shown = _reduced_cells(game)
    if cells > cell_limit:
        raise SolverLimitError(
            f"noncredible_threats: the reduced normal form has {shown} cells, more than "
            f"cell_limit={cell_limit}; pass a larger cell_limit to examine it")
    pure = solve(game, method="pure", max_cells=max(cells, 1))
    sp_list = None
    if solution is not None and solution.method == "spe" and solution.game == game:
        sp_list = [e.profile for e in solution.equilibria]
    cmp = Comparator(game)
    out = []
    for eq in pure:
        prof = eq.profile
        spec = tuple(_specified(game, prof, g) for g in range(game.n_infosets))
        if game.is_perfect_information:
            threats = _threats_perfect_information(game, prof, spec, cmp)
        else:
            if sp_list is None:
                try:
                    sp_list = [e.profile for e in solve(game, method="spe")]
                except GameError:
                    sp_list = []
            candidates = _completed(game, prof, spec, sp_list)
            if any(is_subgame_perfect(game, c) for c in candidates):
                threats = []
            else:
                threats = _threats_by_subgames(game, candidates[0])
        unsupported = None if threats else _unsupported(game, eq, spec)
        out.append(NashCheck(eq, _profile_name(game, prof, spec), spec, tuple(threats),
                             unsupported))
    return tuple(out)


# ---------------------------------------------------------------------- in words
def _threat_text(game, t: Threat) -> str:
    if t.action is None:
        return (f"in the subgame that starts {where_text(game, t.node)}, {t.player} would get "
                f"{value_text(exact_value(game, t.value))} by following the prescribed choices and "
                f"{value_text(exact_value(game, t.best_value))} by best responding, so what the "
                "equilibrium prescribes there is not credible")
    verb = "threatens" if t.kind == "threat" else "promises"
    return (f"{t.player} {verb} {label_text(t.action)} {where_text(game, t.node)}; if play got there "
            f"{t.player} would get {value_text(t.value)} by playing {label_text(t.action)} and "
            f"{value_text(t.best_value)} by playing {label_text(t.best_action)}, so the {t.kind} is not "
            "credible")


def _reduced_cells(game) -> tuple[tuple[int, ...], int, str]:
    """The players' numbers of reduced plans, the number of cells of the tree's reduced
    normal form, and how to print that number."""
    from solver.conversions.reduced_form import count_plans
    counts = tuple(count_plans(game))
    cells = 1
    for c in counts:
        cells *= c
    return counts, cells, (str(cells) if cells < 10 ** 9 else "more than 10^9")


def threats_section(solution) -> Section:
    """The "Non-credible threats" section of a tree's explanation."""
    game = solution.game
    title = "Non-credible threats"
    try:
        counts, cells, shown = _reduced_cells(game)
        if cells > NONCREDIBLE_CELL_LIMIT:
            return Section(title, (
                f"Not examined: the reduced normal form has {shown} cells, more than "
                f"{NONCREDIBLE_CELL_LIMIT}, too many to list its pure Nash equilibria.",))
        checks = noncredible_threats(game, solution)
    except GameError as e:
        return Section(title, (f"Not examined: {e}.",))
    plans = " x ".join(map(str, counts))
    lines = ["A Nash equilibrium only asks that no player gains by deviating given the others' "
             "strategies; choices at nodes that play never reaches cost nothing, so they can be "
             f"threats that would not be carried out. The reduced normal form ({plans} plans) "
             f"has {len(checks)} pure Nash equilibri{'um' if len(checks) == 1 else 'a'}."]
    discarded = 0
    for check in checks:
        name = check.name
        if check.subgame_perfect:
            starred = " (with optimal choices where the plan says nothing, *)" if "*" in name else ""
            line = f"{name} is subgame perfect{starred}: it rests on no non-credible threat."
            u = check.unsupported
            if u is not None:
                line += (f" Still, {u.player}'s {label_text(u.action)} {where_text(game, u.node)} is not "
                         f"optimal there ({value_text(u.value)} against "
                         f"{value_text(u.best_value)} for {label_text(u.best_action)}); subgame "
                         "perfection cannot discard it because no proper subgame starts at "
                         "that node, but sequential rationality (perfect Bayesian "
                         "equilibrium) does.")
            lines.append(line)
            continue
        discarded += 1
        if discarded > _MAX_DISCARDED:
            continue
        pay = ", ".join(value_text(u) for u in check.equilibrium.payoffs)
        reasons = "; and ".join(_threat_text(game, t) for t in check.threats)
        lines.append(f"{name} is a Nash equilibrium (payoffs {pay}), but it rests on a choice "
                     f"that would not be carried out: {reasons}. Subgame perfection discards "
                     f"{name}.")
    if discarded > _MAX_DISCARDED:
        lines.append(f"... and {discarded - _MAX_DISCARDED} more Nash equilibria that subgame "
                     "perfection discards.")
    if not discarded:
        lines.append("No pure Nash equilibrium rests on a non-credible threat.")
    if any("*" in c.name for c in checks):
        lines.append("(* marks an information set that a player's own earlier choices exclude.)")
    return Section(title, tuple(lines))
