"""Which refinements each equilibrium of a solution satisfies, decided or not.

Nash equilibrium allows threats that would not be carried out and beliefs nobody
would hold.  The refinements a course meets ask more:

* **subgame perfect** (Selten 1965): a Nash equilibrium in every subgame
  (:func:`solver.algorithms.subgames.is_subgame_perfect`);
* **perfect Bayesian** (weak; Mas-Colell, Whinston and Green 1995, def. 9.C.3): optimal
  choices at every information set given beliefs that follow Bayes' rule on the path
  (:func:`solver.analysis.beliefs.perfect_bayesian`);
* **sequential** (Kreps and Wilson 1982): the same with *consistent* beliefs off the
  path (:func:`solver.analysis.sequential.sequential`);
* **perfect** (trembling hand; Selten 1975): a best reply to small mistakes -- of the
  normal form for a normal form, of the agent form for a tree
  (:func:`solver.analysis.perfection.perfection`);
* **intuitive** (Cho and Kreps 1987), for signalling games: no type would gain from a
  message nobody sends once the receiver rules out the types for whom it could never
  pay (:mod:`solver.analysis.signalling`).

:func:`refine` labels every equilibrium with each concept that applies to its game:
True, False, or None when the check could not decide it, always with how.  Known
implications fill gaps and are named as such: perfect implies sequential, which
implies subgame perfect and perfect Bayesian (Kreps and Wilson 1982), so a decided
"perfect" settles an undecided "sequential", and "not sequential" settles "not
perfect".
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.algorithms.subgames import is_subgame_perfect
from solver.analysis.beliefs import perfect_bayesian
from solver.analysis.perfection import perfection
from solver.analysis.sequential import sequential
from solver.analysis.signalling import classify, signalling_structure
from solver.errors import GameError

__all__ = ["Refinement", "EquilibriumRefinements", "Refinements", "refine",
           "SUBGAME_PERFECT", "PERFECT_BAYESIAN", "SEQUENTIAL", "PERFECT", "INTUITIVE"]

SUBGAME_PERFECT, PERFECT_BAYESIAN, SEQUENTIAL = "subgame perfect", "perfect Bayesian", "sequential"
PERFECT, INTUITIVE = "perfect", "intuitive"


@dataclass(frozen=True)
class Refinement:
    """One concept's verdict on one equilibrium: ``holds`` is True, False or None (not
    decided); ``how`` says how it was decided, or why not; ``detail`` is the check's own
    JSON form where there is one (for perfection: the tremble sequence or the
    refutation, :meth:`solver.analysis.perfection.PerfectionCheck.to_dict`)."""

    concept: str
    holds: bool | None
    how: str
    detail: dict | None = None

    def __str__(self) -> str:
        word = {True: "yes", False: "no", None: "not decided"}[self.holds]
        return f"{self.concept}: {word} -- {self.how}"


@dataclass(frozen=True)
class EquilibriumRefinements:
    """The refinements of one equilibrium (``index`` counts from 1)."""

    index: int
    equilibrium: Any
    refinements: tuple[Refinement, ...]

    def __getitem__(self, concept: str) -> bool | None:
        for r in self.refinements:
            if r.concept == concept:
                return r.holds
        raise KeyError(f"{concept!r} was not checked; checked: "
                       f"{[r.concept for r in self.refinements]}")

    @property
    def labels(self) -> str:
        """``"subgame perfect, sequential; not perfect; intuitive not decided"``."""
        yes = [r.concept for r in self.refinements if r.holds]
        no = ["not " + r.concept for r in self.refinements if r.holds is False]
        open_ = [r.concept + " not decided" for r in self.refinements if r.holds is None]
        return "; ".join(p for p in (", ".join(yes), ", ".join(no), ", ".join(open_)) if p)


@dataclass(frozen=True)
class Refinements:
    """:func:`refine`'s answer: one :class:`EquilibriumRefinements` per equilibrium."""

    solution: Any
    equilibria: tuple[EquilibriumRefinements, ...]

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, k: int) -> EquilibriumRefinements:
        return self.equilibria[k]

    def __iter__(self):
        return iter(self.equilibria)

    def __str__(self) -> str:
        lines = []
        for e in self.equilibria:
            lines.append(f"{e.index}. {e.equilibrium}: {e.labels}")
            lines.extend(f"     {r}" for r in e.refinements)
        return "\n".join(lines)

    def to_dict(self) -> dict:
        def one(r: Refinement) -> dict:
            out = {"concept": r.concept, "holds": r.holds, "how": r.how}
            if r.detail is not None:
                out["detail"] = r.detail
            return out
        return {"equilibria": [{"index": e.index, "equilibrium": e.equilibrium.to_dict(),
                                "labels": e.labels,
                                "refinements": [one(r) for r in e.refinements]}
                               for e in self.equilibria]}


def _tree(game, eq, sg) -> list[Refinement]:
    out: dict[str, Refinement] = {}
    try:
        spe = is_subgame_perfect(game, eq.profile)
        out[SUBGAME_PERFECT] = Refinement(SUBGAME_PERFECT, spe, (
            "a Nash equilibrium in every subgame" if spe else
            "some subgame is left with a profitable deviation"))
    except GameError as e:
        out[SUBGAME_PERFECT] = Refinement(SUBGAME_PERFECT, None, str(e))
    try:
        pbe = perfect_bayesian(game, eq.profile)
        if pbe.needs_beliefs:
            out[PERFECT_BAYESIAN] = Refinement(PERFECT_BAYESIAN, None, (
                f"no supporting belief found by the simple search at {len(pbe.needs_beliefs)} "
                "unreached information sets of three or more nodes"))
        elif pbe.is_pbe:
            out[PERFECT_BAYESIAN] = Refinement(PERFECT_BAYESIAN, True, (
                "optimal at every information set, with Bayes' rule on the path and "
                "supporting beliefs off it"))
        else:
            out[PERFECT_BAYESIAN] = Refinement(PERFECT_BAYESIAN, False, (
                f"{pbe.violations[0]}, even with the most favourable belief"))
    except GameError as e:
        out[PERFECT_BAYESIAN] = Refinement(PERFECT_BAYESIAN, None, str(e))
    try:
        seq = sequential(game, eq.profile)
        out[SEQUENTIAL] = Refinement(SEQUENTIAL, seq.sequential, seq.reason)
    except GameError as e:
        out[SEQUENTIAL] = Refinement(SEQUENTIAL, None, str(e))
    if out[SEQUENTIAL].holds is False:
        out[PERFECT] = Refinement(PERFECT, False, (
            "not sequential, and every (extensive-form) perfect equilibrium is sequential "
            "(Kreps and Wilson 1982)"))
    else:
        out[PERFECT] = _perfect(game, eq)
        if out[PERFECT].holds and out[SEQUENTIAL].holds is None:
            out[SEQUENTIAL] = Refinement(SEQUENTIAL, True, (
                "implied: the equilibrium is perfect in the agent form, and every perfect "
                "equilibrium is sequential (Kreps and Wilson 1982)"))
    if out[SEQUENTIAL].holds and out[PERFECT_BAYESIAN].holds is None:
        out[PERFECT_BAYESIAN] = Refinement(PERFECT_BAYESIAN, True, (
            "implied: a sequential equilibrium is a perfect Bayesian one"))
    if sg is not None:
        v = classify(sg, eq)
        failing = [t for t in v.tests if t.deviators]
        how = (f"{v.kind}; " + (
            f"{sg.types[failing[0].deviators[0]]} would deviate to "
            f"{sg.messages[failing[0].message]}" if failing else
            "no type gains from an unused message once the types it could never pay are "
            "ruled out" if v.unused else "every message is sent"))
        out[INTUITIVE] = Refinement(INTUITIVE, v.intuitive, how)
    return list(out.values())


def _perfect(game, eq) -> Refinement:
    try:
        p = perfection(game, eq)
    except GameError as e:
        return Refinement(PERFECT, None, str(e))
    return Refinement(PERFECT, p.perfect, f"({p.form}) {p.reason}", p.to_dict())


def refine(solution) -> Refinements:
    """Label every equilibrium of ``solution`` with the refinements it satisfies.

    Parameters
    ----------
    solution : Solution
        Of a normal form (checked: trembling-hand perfection) or of a tree (checked:
        subgame perfect, perfect Bayesian, sequential, perfect in the agent form, and
        for signalling games the intuitive criterion).

    Returns
    -------
    Refinements
        Per equilibrium, each concept True, False or None (not decided), with how.

    Examples
    --------
    Selten's horse: the equilibria with Across, Across and Left at least 3/4 are
    sequential and perfect; those with Down are neither.

    >>> import games, solver
    >>> r = refine(solver.solve(games.get("selten-horse"), method="enumerate"))
    >>> sorted({(e[SEQUENTIAL], e[PERFECT]) for e in r})
    [(False, False), (True, True)]
    """
    game = solution.game
    out = []
    sg = signalling_structure(game) if game.form == "extensive" and game.exact else None
    for k, eq in enumerate(solution.equilibria, 1):
        refs = _tree(game, eq, sg) if game.form == "extensive" else [_perfect(game, eq)]
        out.append(EquilibriumRefinements(k, eq, tuple(refs)))
    return Refinements(solution, tuple(out))
