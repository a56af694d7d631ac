"""Perfect recall: does every player remember what he knew and did?

A player has perfect recall when all nodes of each of his information sets are
reached through the same sequence of his own (information set, action) pairs
(Kuhn 1953; Osborne and Rubinstein 1994, def. 203.3).  One pre-order pass per
player interns these sequences as integers, so the check is linear in the tree's
size.  A game of perfect information (every information set a single node) has
perfect recall trivially.
"""
from __future__ import annotations

from solver.forms.extensive.nodes import DECISION

__all__ = ["check_perfect_recall"]


def check_perfect_recall(game) -> tuple[bool, str]:
    """``(True, "")`` when every player has perfect recall, else ``(False, reason)``.

    See :meth:`solver.forms.extensive.game.ExtensiveFormGame.perfect_recall`.
    """
    if game.is_perfect_information:      # singleton sets: nothing to forget
        return True, ""
    kind = game.node_kind.tolist()
    player = game.node_player.tolist()
    gid = game.node_infoset.tolist()
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    n = game.n_nodes
    for i, name in enumerate(game.players):
        # seq[h]: id of player i's own history (infoset, action) pairs above h;
        # ids are interned so that equal histories get equal ids
        intern: dict[tuple, int] = {(): 0}
        back: list[tuple] = [()]  # id -> (previous id, infoset, action)
        seq = [0] * n
        for h in range(1, n):
            p = parent[h]
            if kind[p] == DECISION and player[p] == i:
                key = (seq[p], gid[p], pact[h])
                if key not in intern:
                    intern[key] = len(back)
                    back.append(key)
                seq[h] = intern[key]
            else:
                seq[h] = seq[p]
        for s in game.infosets[i]:
            first = s.nodes[0]
            for h in s.nodes[1:]:
                if seq[h] != seq[first]:
                    return False, _recall_reason(game, i, s, first, h, seq, back)
    return True, ""

def _recall_reason(game, i, s, a, b, seq, back) -> str:
    def history(h):
        out, k = [], seq[h]
        while k:
            prev, g, act = back[k]
            out.append((g, act))
            k = prev
        return out[::-1]

    name, lab = game.players[i], repr(s.label) if s.label else f"#{s.index + 1}"
    ha, hb = history(a), history(b)
    head = f"player {name!r}, information set {lab}"
    na, nb = game.node_name(a), game.node_name(b)
    mine = game.node_infoset[a]
    if any(g == mine for g, _ in ha + hb):
        return (f"{head}: nodes {na} and {nb} lie on one path, so {name!r} forgets that he "
                "has already been at this information set (absent-mindedness)")
    for (ga, xa), (gb, xb) in zip(ha, hb):
        other = game.infoset(ga)
        olab = repr(other.label) if other.label else f"#{other.index + 1}"
        if ga == gb and xa != xb:
            return (f"{head}: at node {na} he chose {other.actions[xa]!r} at his information "
                    f"set {olab}, at node {nb} he chose {other.actions[xb]!r} there: "
                    "he forgets his own earlier action")
        if ga != gb:
            break
    ga = {g for g, _ in ha}
    gb = {g for g, _ in hb}
    diff = (ga - gb) or (gb - ga)
    g = min(diff) if diff else ha[0][0] if ha else hb[0][0]
    other = game.infoset(g)
    olab = repr(other.label) if other.label else f"#{other.index + 1}"
    where, not_where = (na, nb) if g in ga else (nb, na)
    return (f"{head}: node {where} is reached through his earlier information set {olab} "
            f"and node {not_where} is not: he forgets his earlier information set")
