"""Gambit's strategic-form file format (``.nfg``, version 1): reader and writer.

A ``.nfg`` file has a prologue and one of two bodies::

    NFG 1 R "title" { "P1" "P2" ... } <strategies> ["optional comment"]

    strategies = { n1 n2 ... }                          counts: labels "1".."n"
               | { { "s11" "s12" ... } { "s21" ... } }   labels

* **Payoff body** -- a flat list of ``N * prod(n_i)`` numbers: all players'
  payoffs (in header order) for one contingency, then the next.
* **Outcome body** -- ``{ { "label" u1, u2, ... } ... }`` (outcomes numbered
  1..K in order) followed by ``prod(n_i)`` outcome numbers, ``0`` being the
  null outcome in which everybody gets 0.

In both bodies contingencies are listed with **player 1's strategy varying
fastest**, like an odometer read from its least significant digit.  Numbers
are exact (``0.1`` is 1/10); commas between payoffs are optional.  Either
strategy form goes with either body; the token after the prologue decides the
body (``{`` for outcomes, a number for payoffs).

Reference: "The strategic game (.nfg) file format, payoff version" and
"... outcome version", Gambit documentation (``doc/formats.nfgpay.rst``,
``doc/formats.nfgout.rst``); the reference parser is ``src/games/file.cc``.

Example
-------
>>> g = read_nfg('NFG 1 R "" { "1" "2" } { 3 2 } 1 1 0 2 0 2 1 1 0 3 2 0')
>>> [[str(x) for x in row] for row in g.payoffs[1]]
[['1', '1'], ['2', '3'], ['2', '0']]
"""
from __future__ import annotations

import itertools
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from solver.errors import GameError, InvalidGameError, ParseError
from solver.forms.normal.game import NormalFormGame
from solver.io.gambit_tokens import Token, TokenStream, describe, number
from solver.io.limits import MAX_CELLS, MAX_PLAYERS, MAX_STRATEGIES, check_declared

__all__ = ["read_nfg", "write_nfg", "quote"]


# ---------------------------------------------------------------------- reading
def _labels(ts: TokenStream, what: str) -> list[Token]:
    """``{ "a" "b" ... }`` -> the string tokens."""
    ts.expect("lbrace", f"'{{' opening the {what}")
    out = []
    while ts.peek_kind() != "rbrace":
        out.append(ts.expect("string", f"a quoted label in the {what} or '}}'"))
    ts.expect("rbrace")
    return out


def _clean_labels(tokens: list[Token], defaults: list[str]) -> tuple[str, ...]:
    """Labels for NormalFormGame, which needs them non-blank and distinct.

    Blank labels become their defaults (``"Player k"``, ``"k"``); a label that
    still occurs more than once gets the suffixes ``_1``, ``_2``, ... in order,
    as Gambit itself does when it reads such a file.
    """
    labels = [tok.text if tok.text.strip() else defaults[k] for k, tok in enumerate(tokens)]
    counts: dict[str, int] = {}
    for lab in labels:
        counts[lab] = counts.get(lab, 0) + 1
    taken = set(labels)
    out = []
    next_suffix: dict[str, int] = {}
    for lab in labels:
        if counts[lab] > 1:
            j = next_suffix.get(lab, 1)
            while f"{lab}_{j}" in taken:
                j += 1
            next_suffix[lab] = j + 1
            lab = f"{lab}_{j}"
            taken.add(lab)
        out.append(lab)
    return tuple(out)


def _prologue(ts: TokenStream, file: str | None):
    if ts.at_end():
        raise ParseError("the file is empty; a .nfg file starts with 'NFG 1 R'", file, 1, None)
    head = ts.peek()
    if head.kind == "symbol" and head.text == "EFG":
        raise ts.error("this is an extensive-form (EFG) file, not a strategic-form "
                       "(NFG) one; read it with read_efg")
    ts.expect_symbol("NFG", what="'NFG' (a .nfg file starts with 'NFG 1 R')")
    vtok = ts.peek()
    if vtok is None or vtok.kind != "number":
        ts.expect("number", "the version number 1 after 'NFG'")
    ts.next()
    if vtok.text != "1":
        raise ts.error(f"unsupported .nfg version {vtok.text}; only version 1 exists", vtok)
    dtok = ts.peek()
    if dtok is None or dtok.kind != "symbol" or dtok.text not in ("R", "D"):
        ts.expect_symbol("R", "D", what="the data type 'R' (or the legacy 'D')")
    ts.next()
    title = ts.expect("string", "the quoted title of the game").text
    open_players = ts.peek()
    player_tokens = _labels(ts, "list of players")
    n = len(player_tokens)
    check_declared(n, MAX_PLAYERS, "the list of players", "MAX_PLAYERS", file,
                   open_players.line, open_players.column)
    players = _clean_labels(player_tokens, [f"Player {i + 1}" for i in range(n)])

    open_tok = ts.expect("lbrace", "'{' opening the strategies")
    if ts.peek_kind() == "lbrace":                      # labels form
        groups: list[list[Token]] = []
        while ts.peek_kind() == "lbrace":
            groups.append(_labels(ts, f"strategies of player {len(groups) + 1}"))
        ts.expect("rbrace", "'{' opening another player's strategies or '}'")
        if len(groups) != n:
            raise ParseError(f"strategies are given for {len(groups)} players, but the "
                             f"header names {n}", file, open_tok.line, open_tok.column)
        strategies = []
        for i, grp in enumerate(groups):
            if not grp:
                raise ParseError(f"player {players[i]!r} has no strategies",
                                 file, open_tok.line, open_tok.column)
            strategies.append(_clean_labels(grp, [str(k + 1) for k in range(len(grp))]))
    else:                                               # counts form
        counts = []
        while ts.peek_kind() != "rbrace":
            tok = ts.peek()
            counts.append(ts.expect_int(
                f"the number of strategies of player {len(counts) + 1} (or '}}')", minimum=1))
            # checked before any label is made: a header of 10^8 strategies is a few bytes
            check_declared(counts[-1], MAX_STRATEGIES,
                           f"the number of strategies of player {len(counts)}",
                           "MAX_STRATEGIES", file, tok.line, tok.column)
            if len(counts) > n:
                break
        ts.expect("rbrace")
        if len(counts) != n:
            raise ParseError(f"strategy counts are given for {len(counts)} players, but "
                             f"the header names {n}", file, open_tok.line, open_tok.column)
        _check_cells(ts, counts, n, file, open_tok)
        strategies = [tuple(str(k + 1) for k in range(m)) for m in counts]
    if ts.peek_kind() == "string":                       # optional comment
        ts.next()
    return title, players, tuple(strategies)


def _check_cells(ts: TokenStream, shape, n: int, file, where) -> None:
    """Refuse, before anything is allocated, a game whose payoffs cannot be in the rest
    of the text (one token per contingency at least) or whose cells exceed
    ``MAX_CELLS``."""
    cells = math.prod(shape)
    dims = " x ".join(map(str, shape))
    first = ts.peek()
    if first is not None and first.kind in ("lbrace", "number"):
        left = ts.remaining_chars()
        # every token takes a character: count them only when that bound fails
        if left is not None and cells > left or cells > MAX_CELLS:
            follow = ts.count_remaining()
            if cells > follow:
                raise ts.error(f"the strategies ({dims}) make {cells} contingencies, but only "
                               f"{follow} tokens follow; expected {n * cells} payoffs or "
                               f"{cells} outcome numbers", first)
    if cells > MAX_CELLS:
        raise ParseError(f"the strategies ({dims}) make {cells} contingencies, more than "
                         f"the reader's limit of {MAX_CELLS} (MAX_CELLS in solver.io.limits)",
                         file, where.line, where.column)


def _cell(strategies, idx) -> str:
    return "(" + ", ".join(strategies[i][k] for i, k in enumerate(idx)) + ")"


def read_nfg(text: str, file: str | None = None, *, exact: bool = True) -> NormalFormGame:
    """Read a Gambit ``.nfg`` file (payoff or outcome body, either strategy form).

    Parameters
    ----------
    text : str
        The file's content.
    file : str, optional
        Its name, used in error messages.
    exact : bool, default True
        Keep payoffs exact (Fractions, as Gambit does).  ``False`` turns them
        into floats and makes the game inexact, which inverts
        :func:`write_nfg` for float games.

    Returns
    -------
    NormalFormGame
        With the file's title, player names and strategy labels; the comment is
        dropped.  Labels must be non-blank and distinct in a NormalFormGame:
        blank ones become ``"Player k"`` and ``"k"``, repeated ones get the
        suffixes ``_1``, ``_2``, ... (as Gambit does).  Commas between payoffs
        are accepted in both bodies (Gambit 16.7 accepts them only inside
        outcomes).  A header without players (``{ } { }``, as pygambit's
        ``Game.new_table([])`` writes it) gives a game without players: its one
        contingency pays no one, so its payoff body is empty (read here; Gambit 16.7
        reads only the outcome body ``{ { "" } } 1``).

    Raises
    ------
    ParseError
        For every malformed file, with the line and column of the culprit:
        an empty file, a bad header (not ``NFG``, a version other than 1, a data
        type other than ``R``/``D``), an unterminated string, a word or ``nan``
        where a number belongs, a wrong number of payoffs, outcome payoffs or
        outcome numbers, an undefined outcome, text after the end.
    """
    ts = TokenStream.from_text(text, file)
    title, players, strategies = _prologue(ts, file)
    n = len(players)
    shape = tuple(len(s) for s in strategies)
    n_cells = math.prod(shape)
    first = ts.peek()
    if first is None and not n:
        # no players: the payoff body of the one (empty) contingency is empty
        return NormalFormGame([], players=(), strategies=(), title=title)
    if first is None:
        raise ts.error("unexpected end of file: expected the payoffs (numbers) or the "
                       "outcomes ('{')")
    if first.kind not in ("lbrace", "number"):
        raise ts.error(f"expected the payoffs (numbers) or the outcomes ('{{'), found "
                       f"{describe(first)}", first)
    _check_cells(ts, shape, n, file, first)    # before the tensor is allocated
    tensor = np.empty((n,) + shape, dtype=object)
    # contingencies with player 1's strategy varying fastest
    cells = [idx[::-1] for idx in itertools.product(*(range(m) for m in reversed(shape)))]
    if first.kind == "lbrace":
        outcomes = _read_outcomes(ts, n, file)
        for k, idx in enumerate(cells):
            ts.accept("comma")
            tok = ts.peek()
            if tok is None:
                raise ts.error(f"the file ends after {k} outcome numbers; expected "
                               f"{n_cells} (one per contingency: {' x '.join(map(str, shape))})")
            if tok.kind != "number":
                raise ts.error(f"expected the outcome number of contingency {k + 1} "
                               f"{_cell(strategies, idx)}, found {describe(tok)}", tok)
            j = ts.expect_int(f"an outcome number (0..{len(outcomes)})", minimum=0)
            if j > len(outcomes):
                raise ts.error(f"outcome {j} is not defined: the file defines "
                               f"{len(outcomes)} outcomes (0 is the null outcome)", tok)
            payoff = outcomes[j - 1] if j else [Fraction(0)] * n
            for i in range(n):
                tensor[(i,) + tuple(idx)] = payoff[i]
        extra = ts.peek()
        if extra is not None and extra.kind == "number":
            raise ts.error(f"more outcome numbers than the {n_cells} contingencies "
                           f"({' x '.join(map(str, shape))})", extra)
    else:
        for k, idx in enumerate(cells):
            for i in range(n):
                ts.accept("comma")
                tok = ts.peek()
                if tok is None:
                    got = k * n + i
                    raise ts.error(f"the file ends after {got} payoffs; expected "
                                   f"{n * n_cells} ({n} players x {n_cells} contingencies)")
                if tok.kind != "number":
                    raise ts.error(f"expected the payoff of {players[i]!r} at "
                                   f"{_cell(strategies, idx)}, found {describe(tok)}", tok)
                ts.next()
                tensor[(i,) + tuple(idx)] = number(tok, file)
        ts.accept("comma")
        extra = ts.peek()
        if extra is not None and extra.kind == "number":
            raise ts.error(f"more payoffs than the {n * n_cells} expected "
                           f"({n} players x {n_cells} contingencies)", extra)
    ts.expect_end()
    if not exact:
        tensor = tensor.astype(float)
    try:
        return NormalFormGame(list(tensor), players=players, strategies=strategies, title=title)
    except InvalidGameError as err:  # pragma: no cover - labels are checked above
        raise ParseError(str(err), file) from None


def _read_outcomes(ts: TokenStream, n: int, file: str | None) -> list[list[Fraction]]:
    ts.expect("lbrace")
    outcomes: list[list[Fraction]] = []
    while ts.peek_kind() == "lbrace":
        open_tok = ts.next()
        k = len(outcomes) + 1
        ts.expect("string", f"the quoted label of outcome {k}")
        values: list[Fraction] = []
        while True:
            ts.accept("comma")
            tok = ts.peek()
            if tok is None:
                raise ts.error(f"unexpected end of file inside outcome {k} "
                               f"(opened on line {open_tok.line})")
            if tok.kind == "rbrace":
                break
            if tok.kind != "number":
                raise ts.error(f"expected a payoff of outcome {k} or '}}', found "
                               f"{describe(tok)}", tok)
            if len(values) == n:
                raise ts.error(f"outcome {k} has more than {n} payoffs (one per player)", tok)
            values.append(number(ts.next(), file))
        close = ts.next()
        if len(values) != n:
            raise ParseError(f"outcome {k} has {len(values)} payoffs; expected {n} "
                             "(one per player)", file, close.line, close.column)
        outcomes.append(values)
    ts.expect("rbrace", "'{' opening another outcome or '}' closing the outcomes")
    return outcomes


# ---------------------------------------------------------------------- writing
def quote(text: str) -> str:
    """A Gambit quoted string.

    Quotes become ``\\"``.  A backslash is doubled only where it would
    otherwise be misread (before a quote, another backslash or the closing
    quote); elsewhere it is written as is, which Gambit 16.7 reads back
    unchanged (its reader does not undo a doubled backslash).
    """
    text = str(text)
    out = []
    for k, ch in enumerate(text):
        if ch == '"':
            out.append('\\"')
        elif ch == "\\" and (k + 1 == len(text) or text[k + 1] in '"\\'):
            out.append("\\\\")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _num(x: Any) -> str:
    if isinstance(x, (float, np.floating)):
        # repr is the shortest text that reads back as the same float; written
        # without an exponent because Gambit rejects "1e+20".
        return format(Decimal(repr(float(x))), "f")
    x = Fraction(x)
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def write_nfg(game: NormalFormGame, *, outcomes: bool = False, comment: str = "") -> str:
    """The text of a Gambit ``.nfg`` file for a normal-form game.

    Parameters
    ----------
    game : NormalFormGame
        An exact or float game without free parameters.
    outcomes : bool, default False
        Write the outcome body (one outcome per contingency, as pygambit does)
        instead of the flat payoff body.  A game without players always gets the
        outcome body (``{ { "" } } 1``): its payoff body would be empty, which Gambit
        16.7 does not read (:func:`read_nfg` reads both).
    comment : str, optional
        The file's comment.

    Returns
    -------
    str
        Strategies are written in the labels form; exact payoffs exactly
        (``1/3``), float payoffs by their ``repr`` (which reads back to the same
        float with ``read_nfg(..., exact=False)``).

    Raises
    ------
    GameError
        For a parametric game (substitute values first) or a game that is not
        in normal form.
    """
    if getattr(game, "form", None) != "normal":
        raise GameError(f"write_nfg writes normal-form games; got {type(game).__name__} "
                        "(use write_efg for trees)")
    if game.parametric:
        raise GameError(
            f"cannot write a parametric game to .nfg (free parameters "
            f"{sorted(game.symbols)}); give values with game.substitute(...) first, "
            "or save it as .json")
    lines = [f"NFG 1 R {quote(game.title)} {{ " + " ".join(map(quote, game.players)) + " }",
             ""]
    groups = ["{ " + " ".join(map(quote, s)) + " }" for s in game.strategies]
    lines.append("{ " + "\n".join(groups))
    lines.append("}")
    lines.append(quote(comment))
    lines.append("")
    shape = game.shape
    tensor = game.payoff_tensor
    cells = [np.unravel_index(k, shape, order="F") for k in range(math.prod(shape))]
    rows = [[_num(tensor[(i,) + tuple(idx)]) for i in range(game.n_players)] for idx in cells]
    if outcomes or not game.n_players:
        # without players the payoff body is empty, which Gambit 16.7 cannot read: such a
        # game gets the outcome body, one outcome with no payoffs, as pygambit writes it
        lines.append("{")
        lines.extend('{ "" ' + ", ".join(r) + " }" for r in rows)
        lines.append("}")
        lines.append(" ".join(str(k + 1) for k in range(len(rows))))
    else:
        lines.extend(" ".join(r) for r in rows)
    return "\n".join(lines) + "\n"
