"""Parameters shared by several scenarios (``docs/scenarios.md``, "Shared baseline").

The numbers are illustrative, normalised values chosen to be consistent across
the games, not estimates.  Seed 000 is ``000_a68166f872d9e5db.txt`` ("Trump's
Dilemma: Putin Seeks Ukraine Concessions Now!"); seed 002 is
``002_70714e69ed39b9d5.txt`` (the Atlantic Council report of the declined
"diplomatic victory" offer).
"""
from __future__ import annotations

from ..registry import Parameter

__all__ = ["P", "C_R", "C_W", "X", "S", "KAPPA", "X_ENH", "S_ENH", "LAM", "BASELINE",
           "SEED_000", "SEED_002"]

SEED_000 = "seed 000 (objectives, leverage and reactions)"
SEED_002 = "seed 002 (the declined 'diplomatic victory' offer)"

P = Parameter(
    "p", "0.60", "0", "1",
    "Russia's expected share of the contested stake if the fighting goes on",
    'seed 002: "Maximize control long-term"; "Prolonged engagement"')
C_R = Parameter(
    "c_R", "0.15", "0", "1",
    "Russia's cost of continued fighting (normalised)",
    'seed 002: "Military Overextension | Concerns over sustaining long-term operations abroad"')
C_W = Parameter(
    "c_W", "0.10", "0", "1",
    "the West's cost of continued fighting (aid, energy, risk)",
    'seed 000: "The United States’ significant economic aid, military support"')
X = Parameter(
    "x", "0.30", "0", "1",
    "value of the territorial control the offer recognises",
    'seed 002: "recognizing some of Russia’s territorial gains ... Crimea and parts of the '
    'Donbas"')
S = Parameter(
    "s", "0.20", "0", "1",
    "face value of the sanctions relief in the offer",
    'seed 002: "Sanctions Relief: The proposal included phased lifting of Western sanctions"')
KAPPA = Parameter(
    "kappa", "0.5", "0", "1",
    "credibility of phased relief: the share of its face value Russia counts on",
    'seed 002: "Sanctions | Phased relief | Leverage retention"')
X_ENH = Parameter(
    "x_enh", "0.40", "0", "1",
    "value of the territory an Enhanced offer would recognise (a counterfactual: the "
    "documents report no such offer)")
S_ENH = Parameter(
    "s_enh", "0.30", "0", "1",
    "face value of the sanctions relief in an Enhanced offer (a counterfactual)")
LAM = Parameter(
    "lam", "0.25", "0", "1",
    "the West's cost per unit of relief granted: the leverage it gives up",
    'seed 002: "Leverage retention"; seed 000: "sanctions ... represent a significant '
    'constraint on the Russian economy"')

#: The shared baseline: one Parameter per name, the same object in every game that uses
#: it, so that ``--param kappa=0.8`` means the same thing wherever ``kappa`` appears.
BASELINE = {q.name: q for q in (P, C_R, C_W, X, S, KAPPA, X_ENH, S_ENH, LAM)}
