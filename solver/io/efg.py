"""Gambit ``.efg`` files (extensive form, version 2): reader and writer.

The format lists the nodes of the tree in pre-order, one record each::

    EFG 2 R "title" { "P1" "P2" } "optional comment"
    c "label" <infoset> ["infoset label" { "a1" p1 "a2" p2 }] <outcome> ["label" { u1, u2 }]
    p "label" <player> <infoset> ["infoset label" { "a1" "a2" }] <outcome> [...]
    t "label" <outcome> ["outcome label" { u1, u2 }]

Information sets are numbered per player (chance has its own numbers); outcomes
are numbered across the tree, 0 being the null outcome.  The first occurrence of a
number defines the set or outcome; later ones may omit the data or must repeat it
exactly.  Outcomes on non-terminal nodes add to the payoffs of every play through
them.  Numbers are exact (``0.1`` is 1/10) and chance probabilities must sum to
exactly 1.

Reference: Gambit documentation, "File formats" (``doc/formats.efg.rst``), and
the reference parser ``src/games/file.cc``.

Notes
-----
gamesolver keeps no identity for chance information sets (a chance node's
probabilities are its own) and none for outcomes beyond their label and payoffs:
the writer gives every chance node its own chance information set and shares an
outcome number between nodes whose outcomes have the same label and payoffs.
Chance actions may repeat a label (``"1/2" 1/2 "1/2" 1/2``), which pygambit 16.7
reads as ``1/2_1`` and ``1/2_2``; gamesolver keeps the labels as written.  A
decision node's actions must have distinct labels, so when a file repeats one there
they are renamed as Gambit renames them (its ``NormalizeLabels``, ``src/games/file.cc``):
each label that occurs more than once becomes ``label_1``, ``label_2``, ... in order,
skipping a name already used at that node, and an empty label among them becomes
``_1`` (``{ "x" "x" "x_1" }`` is read as ``x_2``, ``x_3``, ``x_1``).  A list without
repeats is kept as written.

A header may list no players (``{ }``), as pygambit's ``Game.new_tree()`` writes it: the
tree then has chance and terminal nodes only (or is a lone terminal root), its outcomes
carry no payoffs (``{ }``), and its one equilibrium is the empty profile, as pygambit
16.7's ``enumpure_solve`` finds (docs/imperfect_recall.md).
"""
from __future__ import annotations

from fractions import Fraction

from solver.errors import GameError, InvalidGameError, ParseError
from solver.forms.extensive.builder import TreeBuilder
from solver.forms.extensive.game import CHANCE, DECISION, ExtensiveFormGame, pause_gc
from solver.io.gambit_tokens import TokenStream, describe
from solver.io.limits import MAX_PLAYERS, check_declared
from solver.numbers import format_number

__all__ = ["read_efg", "write_efg", "distinct_labels"]

#: How far from 1 a sum of chance probabilities may be for ``normalize_chance``.
NORMALIZE_TOLERANCE = Fraction(1, 10**6)


def _where(builder: TreeBuilder, parent, label: str) -> str:
    return builder.where(parent, label)


def _action_list(ts: TokenStream, chance: bool, what):
    # ``what`` names the node lazily (its path is long in a deep tree): it is put into
    # a message only when there is an error, so reading stays linear in the file
    if ts.peek_kind() != "lbrace":
        ts.expect("lbrace", f"'{{' opening the actions of {what}")
    ts.next()
    actions, probs, tokens = [], [], []
    while ts.peek_kind() == "string":
        tok = ts.next()
        actions.append(tok.text)
        if chance:
            ptok = ts.peek()
            probs.append(ts.expect_number(f"the probability of action \"{tok.text}\""))
            tokens.append(ptok)
    if ts.peek_kind() != "rbrace":
        ts.expect("rbrace", f"an action label or '}}' closing the actions of {what}")
    ts.next()
    if not chance and len(set(actions)) < len(actions):
        actions = distinct_labels(actions)
    return tuple(actions), tuple(probs), tokens


def distinct_labels(labels) -> list[str]:
    """Gambit's renaming of repeated labels (see the module notes): each label that
    occurs more than once, and every empty one, becomes ``label_n`` with the next ``n``
    not used at that node.

    >>> distinct_labels(["x", "x", "x_1", "y"])
    ['x_2', 'x_3', 'x_1', 'y']
    """
    from collections import Counter
    counts, used, visited = Counter(labels), set(labels), Counter()
    out = []
    for label in labels:
        if counts[label] == 1 and label != "":
            out.append(label)
            continue
        while True:
            visited[label] += 1
            candidate = f"{label}_{visited[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out


def _outcome(ts: TokenStream, n: int, outcomes: dict):
    otok = ts.peek()
    num = ts.expect_int("an outcome number", minimum=0)
    label = payoffs = None
    if ts.peek_kind() == "string":
        label = ts.next().text
        if ts.peek_kind() == "lbrace":
            ts.next()
            payoffs = []
            while ts.peek_kind() in ("number", "comma"):
                if ts.accept("comma") is None:
                    payoffs.append(ts.expect_number())
            ts.expect("rbrace", "a payoff or '}' closing the outcome's payoffs")
            if len(payoffs) != n:
                raise ts.error(f"outcome {num} has {len(payoffs)} payoffs; the game has {n} players",
                               otok)
            payoffs = tuple(payoffs)
    if num == 0:
        if label is not None:
            raise ts.error("outcome 0 is the null outcome and cannot carry a label or payoffs", otok)
        return None
    if num in outcomes:
        old_label, old_payoffs = outcomes[num]
        if (label is not None and label != old_label) or \
                (payoffs is not None and payoffs != old_payoffs):
            raise ts.error(f"outcome {num} is repeated with other data than where it was defined",
                           otok)
        return outcomes[num]
    if payoffs is None:
        raise ts.error(f"outcome {num} is not defined (its first occurrence must give its payoffs)",
                       otok)
    outcomes[num] = (label, payoffs)
    return outcomes[num]


def read_efg(text: str, file: str | None = None, *, normalize_chance: bool = False) -> ExtensiveFormGame:
    """Read a game tree from the text of a Gambit ``.efg`` file.

    Parameters
    ----------
    text : str
        The whole file.
    file : str, optional
        Its name, for error messages.
    normalize_chance : bool
        Exported files (OpenSpiel's, for instance) write chance probabilities as
        rounded decimals that do not sum to exactly 1; by default such a file is
        refused.  With ``normalize_chance=True`` probabilities whose sum is within
        ``1e-6`` of 1 are divided by their sum (exactly), so they sum to 1.

    Returns
    -------
    ExtensiveFormGame
        Each player's information sets are numbered in the order they first
        appear in the file (pre-order), whatever numbers the file uses; pygambit
        16.7 numbers them the same way.

    Raises
    ------
    ParseError
        With the file, line and column of the offending token: a bad header, a
        player or outcome number out of range, an information set used before it
        is defined or repeated with other actions, chance probabilities that are
        negative or do not sum to 1 (the message names the node and the sum), a
        tree that ends early or goes on after it is complete.
    """
    with pause_gc():
        return _read(text, file, normalize_chance)


def _read(text: str, file: str | None, normalize_chance: bool) -> ExtensiveFormGame:
    ts = TokenStream.from_text(text, file)
    ts.expect_symbol("EFG", what="'EFG' (the file does not start like a .efg file)")
    vtok = ts.peek()
    if ts.expect_int("the version number") != 2:
        raise ts.error("only version 2 of the .efg format exists", vtok)
    ts.expect_symbol("R", "D", what="the data type 'R'")
    title = ts.expect_string("the title")
    ptok = ts.expect("lbrace", "'{' opening the list of players")
    players = []
    while ts.peek_kind() == "string":
        players.append(ts.next().text)
    ts.expect("rbrace", "a player name or '}' closing the list of players")
    check_declared(len(players), MAX_PLAYERS, "the list of players", "MAX_PLAYERS", file,
                   ptok.line, ptok.column)
    comment = ts.expect_string() if ts.peek_kind() == "string" else ""
    try:
        builder = TreeBuilder(players, title=title, comment=comment)
    except InvalidGameError as exc:
        raise ParseError(str(exc), file, ptok.line, ptok.column) from None
    n = len(players)
    infosets: dict[tuple, tuple] = {}   # (player, number) -> (label, actions, probs)
    outcomes: dict[int, tuple] = {}
    stack: list[list] = []             # [handle, actions, next action index]
    root_made = False
    while not ts.at_end():
        tok = ts.peek()
        if root_made and not stack:
            raise ts.error(f"the tree is already complete; found {describe(tok)} after its last node",
                           tok)
        node_kind = ts.expect_symbol("c", "p", "t", what="a node ('c', 'p' or 't')").text
        label = ts.expect_string("the node's label")
        parent = None
        if stack:
            top = stack[-1]
            parent = (top[0], top[2])
        name = _where(builder, parent, label)
        if node_kind == "p":
            pl_tok = ts.peek()
            player = ts.expect_int("a player number", minimum=1)
            if player > n:
                raise ts.error(f"{name}: player {player} does not exist; the game has {n} players",
                               pl_tok)
            key = ("p", player - 1)
        elif node_kind == "c":
            key, player = ("c",), 0
        kind_info = None
        if node_kind in "pc":
            is_tok = ts.peek()
            number = ts.expect_int("an information set number", minimum=1)
            key = key + (number,)
            is_label = actions = None
            probs: tuple = ()
            ptokens: list = []
            if ts.peek_kind() == "string":
                is_label = ts.next().text
                if ts.peek_kind() == "lbrace":
                    actions, probs, ptokens = _action_list(ts, node_kind == "c", name)
            whose = "chance" if node_kind == "c" else f"player {player}"
            if key in infosets:
                old_label, old_actions, old_probs = infosets[key]
                if (is_label is not None and is_label != old_label) or \
                        (actions is not None and (actions, probs) != (old_actions, old_probs)):
                    raise ts.error(f"{name}: information set {number} of {whose} is repeated with "
                                   "other data than where it was defined", is_tok)
            else:
                if actions is None:
                    raise ts.error(f"{name}: information set {number} of {whose} is used before it "
                                   "is defined (its first occurrence must list its actions)", is_tok)
                if not actions:
                    raise ts.error(f"{name}: information set {number} of {whose} has no actions",
                                   is_tok)
                if node_kind == "c":
                    probs = _checked_probabilities(ts, name, actions, probs, ptokens, is_tok,
                                                   normalize_chance)
                infosets[key] = (is_label or "", actions, probs)
            kind_info = infosets[key]
        out = _outcome(ts, n, outcomes)
        outcome = None if out is None else (tuple(out[1]))
        olabel = "" if out is None else out[0]
        try:
            if node_kind == "p":
                handle = builder.decision(player - 1, kind_info[1], parent=parent, infoset=key,
                                          label=label, infoset_label=kind_info[0],
                                          outcome=outcome, outcome_label=olabel)
            elif node_kind == "c":
                handle = builder.chance(list(zip(kind_info[1], kind_info[2])), parent=parent,
                                        label=label, outcome=outcome, outcome_label=olabel)
            else:
                handle = builder.terminal(parent, payoffs=outcome, label=label,
                                          outcome_label=olabel)
        except InvalidGameError as exc:
            raise ParseError(str(exc), file, tok.line, tok.column) from None
        root_made = True
        if stack:
            stack[-1][2] += 1
            if stack[-1][2] == len(stack[-1][1]):
                stack.pop()
        if node_kind != "t":
            stack.append([handle, kind_info[1], 0])
    if not root_made:
        raise ts.error("the file has no nodes")
    if stack:
        handle, acts, k = stack[-1]
        raise ts.error(f"the file ends before action {acts[k]!r} of node "
                       f"{builder.node_name(handle.index)} has a child")
    try:
        return builder.build()
    except InvalidGameError as exc:  # pragma: no cover - the reader checks all of it above
        raise ParseError(str(exc), file, None, None) from None


def _checked_probabilities(ts, name, actions, probs, ptokens, is_tok, normalize):
    for a, p, t in zip(actions, probs, ptokens):
        if p < 0:
            raise ts.error(f"{name}: chance probability {t.text} of action {a!r} is negative", t)
    total = sum(probs, Fraction(0))
    if total == 1:
        return probs
    if normalize and total > 0 and abs(total - 1) <= NORMALIZE_TOLERANCE:
        return tuple(p / total for p in probs)
    hint = "" if normalize else (" (--normalize-chance on the command, or "
                                 "load(..., normalize_chance=True), rescales sums within 1e-6 of 1)")
    raise ts.error(f"{name}: chance probabilities sum to {format_number(total)} "
                   f"(= {float(total):.17g}), not exactly 1{hint}", is_tok)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def _number(x) -> str:
    if isinstance(x, float):
        return repr(x)
    return format_number(x)


def _braced(items, sep: str = " ") -> str:
    """``{ a b }``, and ``{ }`` for nothing (a game without players, as Gambit writes it)."""
    items = list(items)
    return "{ " + sep.join(items) + " }" if items else "{ }"


def write_efg(game: ExtensiveFormGame) -> str:
    """The text of a Gambit ``.efg`` (version 2) file for a concrete game.

    Information sets are numbered 1, 2, ... per player in the game's order, so
    ``read_efg(write_efg(g)) == g``.  Like Gambit 16.7, every occurrence of an
    information set or outcome repeats its full data.  Exact numbers are written
    as integers or ``a/b``; floats with Python's shortest round-trip decimal
    (they are read back as exact decimals).
    """
    if getattr(game, "form", None) != "extensive":
        raise GameError(f"write_efg writes game trees; got {type(game).__name__} "
                        "(use write_nfg for normal forms)")
    game.require_concrete()
    out = [f"EFG 2 R {_quote(game.title)} {_braced(_quote(p) for p in game.players)}",
           _quote(game.comment), ""]
    numbers: dict[tuple, int] = {}
    chance_count = 0
    kind = game.node_kind.tolist()
    who = game.node_player.tolist()
    gid = game.node_infoset.tolist()
    for h in range(game.n_nodes):
        o = game.outcome(h)
        if o is None:
            otext = "0"
        else:
            key = (o.label, o.payoffs)
            num = numbers.setdefault(key, len(numbers) + 1)
            otext = f"{num} {_quote(o.label)} {_braced((_number(x) for x in o.payoffs), ', ')}"
        label = _quote(game.label(h))
        if kind[h] == DECISION:
            s = game.infoset(gid[h])
            acts = " ".join(_quote(a) for a in s.actions)
            out.append(f"p {label} {who[h] + 1} {s.index + 1} {_quote(s.label)} {{ {acts} }} {otext}")
        elif kind[h] == CHANCE:
            chance_count += 1
            acts = " ".join(f"{_quote(a)} {_number(p)}"
                            for a, p in zip(game.actions(h), game.chance_probabilities(h)))
            out.append(f"c {label} {chance_count} \"\" {{ {acts} }} {otext}")
        else:
            out.append(f"t {label} {otext}")
    return "\n".join(out) + "\n"
