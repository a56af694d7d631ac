"""Textbook game trees.

Each builder returns a :class:`solver.ExtensiveFormGame` made with
:class:`solver.forms.extensive.game.TreeBuilder`; its docstring gives the source and
the known answer, which the tests compare with what the solvers compute.
Nothing here stores an answer.

The poker games are built by loops over the deal and the betting, with exact
chance probabilities (Fractions), so the trees are the games' full definitions
rather than transcriptions of a drawing.
"""
from __future__ import annotations

from fractions import Fraction

from solver import ExtensiveFormGame, TreeBuilder

from ..registry import register

__all__ = [
    "entry_deterrence", "centipede", "ultimatum", "selten_horse", "beer_quiche",
    "kuhn_poker", "leduc_poker", "leduc_poker_raked",
]


@register("entry-deterrence", "Entry deterrence: the incumbent's threat to fight is not credible",
          source="Selten 1975; Gibbons 1992, section 2.1")
def entry_deterrence() -> ExtensiveFormGame:
    """Entry deterrence (chain-store stage game; Selten 1975, Gibbons 1992, 2.1).

    The Entrant stays Out (payoffs (0, 2)) or goes In; then the Incumbent
    Fights (-1, -1) or Accommodates (1, 1).  Backward induction gives the unique
    subgame-perfect equilibrium (In, Accommodate) with payoffs (1, 1).  (Out,
    Fight) is also a Nash equilibrium, with payoffs (0, 2), sustained by a threat
    the Incumbent would not carry out; so is Out against any mix putting at least
    1/2 on Fight.
    """
    b = TreeBuilder(players=("Entrant", "Incumbent"), title="Entry deterrence")
    root = b.decision("Entrant", actions=("Out", "In"), infoset_label="Entrant")
    b.terminal(root, "Out", payoffs=(0, 2))
    fight = b.decision("Incumbent", parent=root["In"], actions=("Fight", "Accommodate"),
                       infoset_label="after In")
    b.terminal(fight, "Fight", payoffs=(-1, -1))
    b.terminal(fight, "Accommodate", payoffs=(1, 1))
    return b.build()


@register("centipede", "Four-stage centipede game: backward induction says stop at once",
          source="Rosenthal 1981; Osborne 2004, section 5.7")
def centipede() -> ExtensiveFormGame:
    """A four-stage centipede game (Rosenthal 1981; Osborne 2004, *An Introduction to
    Game Theory*, 5.7).

    Players 1 and 2 alternate, player 1 first; stopping at stage 1, 2, 3, 4 gives
    (1, 0), (0, 2), (3, 1), (2, 4); continuing at the last stage gives (5, 3).
    The unique subgame-perfect equilibrium stops at every node, payoffs (1, 0).
    Every Nash equilibrium has player 1 stopping at once, so every equilibrium
    outcome is (1, 0); Gambit finds four extreme Nash equilibria.
    """
    stops = [(1, 0), (0, 2), (3, 1), (2, 4)]
    players = ("Player 1", "Player 2")
    b = TreeBuilder(players=players, title="Centipede (4 stages)")
    parent = None
    for k, pay in enumerate(stops):
        node = b.decision(players[k % 2], actions=("Stop", "Continue"), parent=parent,
                          infoset_label=f"stage {k + 1}")
        b.terminal(node, "Stop", payoffs=pay)
        parent = node["Continue"]
    b.terminal(parent, payoffs=(5, 3))
    return b.build()


@register("ultimatum", "Discrete ultimatum game: a pie of 3 units, offers 0 to 3",
          source="Gibbons 1992, section 2.1; Guth, Schmittberger and Schwarze 1982")
def ultimatum() -> ExtensiveFormGame:
    """Ultimatum game with a pie of 3 indivisible units (Gibbons 1992, 2.1; Guth,
    Schmittberger and Schwarze 1982).

    The Proposer offers 0, 1, 2 or 3 units to the Responder, who accepts (the
    split is carried out) or rejects (both get 0); the Responder decides after
    each offer separately.  With a smallest unit the game has two
    subgame-perfect equilibria: offer 0, every offer accepted (payoffs (3, 0));
    and offer 1, every offer of at least 1 accepted and 0 rejected (payoffs
    (2, 1)).  Any split is the outcome of some Nash equilibrium.
    """
    pie = 3
    b = TreeBuilder(players=("Proposer", "Responder"), title="Ultimatum game (pie 3)")
    root = b.decision("Proposer", actions=tuple(f"offer {x}" for x in range(pie + 1)),
                      infoset_label="Proposer")
    for x in range(pie + 1):
        r = b.decision("Responder", parent=root[f"offer {x}"], actions=("Accept", "Reject"),
                       infoset_label=f"offered {x}")
        b.terminal(r, "Accept", payoffs=(pie - x, x))
        b.terminal(r, "Reject", payoffs=(0, 0))
    return b.build()


@register("selten-horse", "Selten's horse: a Nash equilibrium that is not perfect",
          source="Selten 1975, figure 1; Gambit catalog selten1975/fig1")
def selten_horse() -> ExtensiveFormGame:
    """Selten's horse (Selten 1975, *IJGT* 4, figure 1).

    Player 1 goes Across (to player 2) or Down; player 2 goes Across, ending the
    game at (1, 1, 1), or Down.  Player 3 then chooses Left or Right without
    knowing whether player 1 or player 2 went down: after player 2's Down, Left
    gives (0, 0, 1) and Right (4, 4, 0); after player 1's Down, Left gives
    (0, 0, 0) and Right (3, 2, 2).  There are no proper subgames.  The pure Nash
    equilibria are (Across, Across, Left) with payoffs (1, 1, 1) and (Down,
    Across, Right) with payoffs (3, 2, 2); only the first is perfect (and
    sequential): in the second, player 2 would go Down against Right.
    """
    b = TreeBuilder(players=("Player 1", "Player 2", "Player 3"), title="Selten's horse")
    p1 = b.decision("Player 1", actions=("Across", "Down"), infoset_label="Player 1")
    p2 = b.decision("Player 2", parent=p1["Across"], actions=("Across", "Down"),
                    infoset_label="Player 2")
    b.terminal(p2, "Across", payoffs=(1, 1, 1))
    a = b.decision("Player 3", parent=p2["Down"], actions=("Left", "Right"), infoset="P3",
                   infoset_label="Player 3", label="a")
    b.terminal(a, "Left", payoffs=(0, 0, 1))
    b.terminal(a, "Right", payoffs=(4, 4, 0))
    c = b.decision("Player 3", parent=p1["Down"], actions=("Left", "Right"), infoset="P3",
                   label="b")
    b.terminal(c, "Left", payoffs=(0, 0, 0))
    b.terminal(c, "Right", payoffs=(3, 2, 2))
    return b.build()


@register("beer-quiche", "Beer-quiche signalling game: two pooling equilibria, one intuitive",
          source="Cho and Kreps 1987, section II")
def beer_quiche() -> ExtensiveFormGame:
    """The beer-quiche signalling game (Cho and Kreps 1987, *QJE* 102, section II).

    Chance makes the Sender Strong (probability 9/10) or Weak (1/10).  The Sender,
    knowing his type, has Beer or Quiche for breakfast; the Receiver sees the
    breakfast, not the type, and Duels or does not.  The Sender gets 1 for his
    preferred breakfast (Beer if Strong, Quiche if Weak) plus 2 if there is no
    duel; the Receiver gets 1 for dueling a Weak Sender or for not dueling a
    Strong one, else 0.  There is no separating equilibrium.  The equilibria
    pool: both types drink Beer, no duel after Beer, a duel after Quiche with
    probability at least 1/2 (payoffs (29/10, 9/10)); or both eat Quiche, no
    duel after Quiche, a duel after Beer with probability at least 1/2 (payoffs
    (21/10, 9/10)).  The intuitive criterion eliminates the second.  None of this is
    stored: ``solver.signalling`` classifies each equilibrium the solver finds and
    applies the criterion, and the tests check the summary against that.
    """
    b = TreeBuilder(players=("Sender", "Receiver"), title="Beer-quiche")
    nature = b.chance({"Strong": Fraction(9, 10), "Weak": Fraction(1, 10)}, label="type")
    for t, likes in (("Strong", "Beer"), ("Weak", "Quiche")):
        s = b.decision("Sender", parent=nature[t], actions=("Beer", "Quiche"), infoset_label=t)
        for meal in ("Beer", "Quiche"):
            r = b.decision("Receiver", parent=s[meal], actions=("Duel", "Don't"),
                           infoset=f"after {meal}", label=f"{t} had {meal}")
            bonus = 1 if meal == likes else 0
            duel_pay = 1 if t == "Weak" else 0
            b.terminal(r, "Duel", payoffs=(bonus, duel_pay))
            b.terminal(r, "Don't", payoffs=(bonus + 2, 1 - duel_pay))
    return b.build()


@register("kuhn-poker", "Kuhn's three-card poker: value -1/18 for the first player",
          source="Kuhn 1950; Gambit's kuhn poker example")
def kuhn_poker() -> ExtensiveFormGame:
    """Kuhn poker (Kuhn 1950, "A simplified two-person poker", *Contributions to the
    Theory of Games* I).

    Cards J < Q < K; each player antes 1 and gets one card (chance deals one of
    the 6 ordered pairs, each with probability 1/6).  Player 1 Checks or Bets 1.
    After a Check, player 2 Checks (showdown for the antes) or Bets 1, and player
    1 then Folds or Calls.  After a Bet, player 2 Folds or Calls.  At a showdown
    the higher card wins the pot.  The tree and labels follow Gambit's example
    (information sets ``"P1 J"``, ``"P2 Q c"``, ``"P1 J cb"``, ``"P2 Q b"``, ...).
    The game is zero-sum with value -1/18 for player 1; player 1's equilibrium
    strategies form a one-parameter family (bet a J with probability alpha in
    [0, 1/3], bet a K with probability 3 alpha, ...), player 2's is unique.  The
    reduced normal form is 27 x 64.
    """
    cards = "JQK"
    players = ("Player 1", "Player 2")
    b = TreeBuilder(players=players, title="Kuhn poker")
    deals = [(x, y) for x in cards for y in cards if x != y]
    deal = b.chance([(x + y, Fraction(1, 6)) for x, y in deals])
    for x, y in deals:
        win = 1 if cards.index(x) > cards.index(y) else -1      # player 1's sign at a showdown
        p1 = b.decision(0, parent=deal[x + y], actions=("Check", "Bet"), infoset=("P1", x),
                        infoset_label=f"P1 {x}")
        p2c = b.decision(1, parent=p1["Check"], actions=("Check", "Bet"), infoset=("P2c", y),
                         infoset_label=f"P2 {y} c")
        b.terminal(p2c, "Check", payoffs=(win, -win))
        p1cb = b.decision(0, parent=p2c["Bet"], actions=("Fold", "Call"), infoset=("P1cb", x),
                          infoset_label=f"P1 {x} cb")
        b.terminal(p1cb, "Fold", payoffs=(-1, 1))
        b.terminal(p1cb, "Call", payoffs=(2 * win, -2 * win))
        p2b = b.decision(1, parent=p1["Bet"], actions=("Fold", "Call"), infoset=("P2b", y),
                         infoset_label=f"P2 {y} b")
        b.terminal(p2b, "Fold", payoffs=(1, -1))
        b.terminal(p2b, "Call", payoffs=(2 * win, -2 * win))
    return b.build()


# ------------------------------------------------------------------------- Leduc
#: Leduc's deck as in OpenSpiel's ``leduc_poker``: card ``c`` has rank ``c // 2``
#: (J, Q, K) and suit ``c % 2``.
LEDUC_CARDS = ("J1", "J2", "Q1", "Q2", "K1", "K2")


def _raked(payoffs: tuple, rake: Fraction) -> tuple:
    """Payoffs after the house takes ``rake`` of what player 2 wins."""
    u1, u2 = payoffs
    return (u1, u2 * (1 - rake)) if u2 > 0 else (u1, u2)


def _leduc_round(b: TreeBuilder, parent, state: dict, round_no: int, leaf) -> None:
    """Add one betting round below ``parent``.

    ``state`` holds ``contrib`` (each player's chips in the pot), ``private``
    (both private cards), ``public`` (the public card or None) and ``before``
    (round 1's betting, ``""`` in round 1); the information set of a decision is
    (player, his card, public card, earlier betting, this round's betting, as
    ``c``/``r`` letters).  ``leaf(parent, contrib, history)`` adds what follows a
    round that ends in a call or two checks.  Fold is offered only when facing a
    bet; at most two raises a round; raises are 2 in round 1 and 4 in round 2;
    player 1 starts both rounds (OpenSpiel's ``leduc_poker`` rules).  A fold
    loses the chips the folder has put in.
    """
    raise_size = 2 if round_no == 1 else 4

    def act(parent, player, contrib, raises, history, checked):
        facing = contrib[1 - player] - contrib[player]
        actions = (("Fold",) if facing else ()) + ("Call" if facing else "Check",)
        if raises < 2:
            actions += ("Raise" if raises else "Bet",)
        key = (player, state["private"][player], state["public"], state["before"], history)
        node = b.decision(player, parent=parent, actions=actions, infoset=key,
                          infoset_label=_leduc_label(key))
        if facing:
            lost = contrib[player]
            b.terminal(node, "Fold", payoffs=_raked((-lost, lost) if player == 0 else (lost, -lost),
                                                   state["rake"]))
            called = list(contrib)
            called[player] = contrib[1 - player]
            leaf(node["Call"], tuple(called), history + "c")
        elif checked:
            leaf(node["Check"], contrib, history + "c")
        else:
            act(node["Check"], 1 - player, contrib, raises, history + "c", True)
        if raises < 2:
            bet = list(contrib)
            bet[player] = contrib[1 - player] + raise_size
            act(node[actions[-1]], 1 - player, tuple(bet), raises + 1, history + "r", False)

    act(parent, 0, state["contrib"], 0, "", False)


def _leduc_label(key) -> str:
    player, private, public, before, history = key
    text = f"P{player + 1} {private}"
    if public is None:
        return f"{text} | {history or '-'}"
    return f"{text} | {before} | {public} | {history or '-'}"


def _rank(card: str) -> int:
    return "JQK".index(card[0])


@register("leduc-poker", "Leduc hold'em: two betting rounds, one public card (9,457 nodes)",
          source="Southey et al. 2005, 'Bayes' bluff'; OpenSpiel leduc_poker")
def leduc_poker() -> ExtensiveFormGame:
    """Leduc hold'em (Southey et al. 2005, "Bayes' bluff: opponent modelling in
    poker", UAI), with the rules of OpenSpiel's ``leduc_poker``.

    Six cards, J, Q, K in two suits (``J1 J2 Q1 Q2 K1 K2``).  Each player antes 1
    and is dealt a private card (chance: 1/6, then 1/5).  A betting round: the
    first player Checks or Bets; Fold is offered only when facing a bet; at most
    two raises a round, of 2 chips in round 1 and 4 in round 2; player 1 starts
    both rounds.  After round 1 ends in a call one public card is dealt (1/4 of
    the remaining four) and round 2 follows.  At the showdown a pair with the
    public card wins, else the higher card; equal ranks split the pot.  A
    player's information set is his private card, the public card and the
    betting so far, so suits are distinguished (no suit isomorphism).

    The tree has 9,457 nodes and 936 information sets (468 per player), as
    OpenSpiel's.  The game is zero-sum with value about -0.0856064 for player 1
    (computed by OpenSpiel's sequence-form linear program).
    """
    return _leduc(Fraction(0), "Leduc hold'em")


@register("leduc-poker-raked",
          "Leduc hold'em with a rake: the house takes a tenth of what player 2 wins "
          "(general-sum, 9,457 nodes)",
          source="Southey et al. 2005, 'Bayes' bluff'; OpenSpiel leduc_poker; a rake of a "
                 "tenth of player 2's winnings makes it general-sum")
def leduc_poker_raked() -> ExtensiveFormGame:
    """Leduc hold'em (see :func:`leduc_poker`) where the house keeps a tenth of every
    amount player 2 wins, at a fold of player 1 or at a showdown.  Player 1's payoffs
    are unchanged, so the game is no longer zero-sum: the general-sum benchmark of the
    sequence form's Lemke path (``benchmarks/sequence_form.py``), on the same tree as
    the zero-sum game.
    """
    return _leduc(Fraction(1, 10), "Leduc hold'em, raked")


def _leduc(rake: Fraction, title: str) -> ExtensiveFormGame:
    """Leduc hold'em where the house takes ``rake`` of what player 2 wins."""
    players = ("Player 1", "Player 2")
    b = TreeBuilder(players=players, title=title)
    sixth, fifth, quarter = Fraction(1, 6), Fraction(1, 5), Fraction(1, 4)
    deal1 = b.chance([(c, sixth) for c in LEDUC_CARDS], label="deal to player 1")
    for c1 in LEDUC_CARDS:
        rest = [c for c in LEDUC_CARDS if c != c1]
        deal2 = b.chance([(c, fifth) for c in rest], parent=deal1[c1])
        for c2 in rest:
            board = [c for c in rest if c != c2]

            def after_round1(parent, contrib, history, c1=c1, c2=c2, board=board):
                flop = b.chance([(c, quarter) for c in board], parent=parent)
                for pub in board:
                    def showdown(parent, contrib2, _h, pub=pub):
                        r1, r2, rp = _rank(c1), _rank(c2), _rank(pub)
                        s1 = (1, r1) if r1 == rp else (0, r1)
                        s2 = (1, r2) if r2 == rp else (0, r2)
                        pot = contrib2[0]          # both have put in the same by a call
                        sign = (s1 > s2) - (s1 < s2)
                        b.terminal(parent, payoffs=_raked((sign * pot, -sign * pot), rake))

                    _leduc_round(b, flop[pub], {"contrib": contrib, "private": (c1, c2),
                                                "public": pub, "before": history,
                                                "rake": rake}, 2, showdown)

            _leduc_round(b, deal2[c2], {"contrib": (1, 1), "private": (c1, c2),
                                        "public": None, "before": "", "rake": rake}, 1, after_round1)
    return b.build()
