"""Tokenizer shared by the Gambit ``.nfg`` and ``.efg`` readers.

Gambit's file formats are free-form streams of tokens; whitespace (newlines
included) only separates them, except inside quoted text.  The tokens are

* ``{`` and ``}`` (kinds ``"lbrace"``, ``"rbrace"``),
* ``,`` (kind ``"comma"``; an optional separator between payoffs),
* quoted text ``"..."`` in which ``\\"`` stands for a quote and ``\\\\`` for a
  backslash; any other backslash is kept as it is (kind ``"string"``;
  :attr:`Token.text` holds the unescaped content),
* numbers: an optional sign, digits, optionally ``.digits``, optionally an
  exponent ``e±digits``, or a rational ``a/b`` (kind ``"number"``).  This is a
  little more lenient than Gambit 16.7, which refuses ``+1`` and ``1e+2``;
  ASCII digits only,
* bare symbols such as ``NFG``, ``EFG``, ``R``, ``D``, ``c``, ``p``, ``t``
  (kind ``"symbol"``): any other run of characters up to whitespace, a brace,
  a comma or a quote.

Numbers in Gambit files are exact: ``0.1`` is ``1/10``.  :func:`number`
converts a number token to a :class:`~fractions.Fraction` without rounding.

Reference: "File formats", Gambit documentation (``doc/formats.rst``) and its
reference parser ``src/games/file.cc``.

Example
-------
>>> ts = TokenStream.from_text('NFG 1 R "PD" { "Row" "Col" } { 2 2 }')
>>> ts.expect_symbol("NFG").text
'NFG'
>>> number(ts.expect("number"))
Fraction(1, 1)
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from fractions import Fraction

from solver.errors import GameError, ParseError
from solver.io.limits import MAX_INTEGER_DIGITS
from solver.numbers import read_number

__all__ = ["Token", "TokenStream", "tokenize", "iter_tokens", "number", "describe"]

TOKEN_KINDS = frozenset({"lbrace", "rbrace", "comma", "string", "number", "symbol"})

_NUMBER_RE = re.compile(
    r"[+-]?(?:\d+/\d+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\Z", re.ASCII
)
_DELIMITERS = frozenset('{},"')
_PUNCTUATION = {"{": "lbrace", "}": "rbrace", ",": "comma"}


@dataclass(slots=True)
class Token:
    """One token of a Gambit file (read-only by convention: a plain slotted class, so
    that making one costs a fifth of a frozen dataclass's time).

    Attributes
    ----------
    kind : str
        One of ``"lbrace"``, ``"rbrace"``, ``"comma"``, ``"string"``,
        ``"number"``, ``"symbol"``.
    text : str
        The raw text of the token; for strings, the unescaped content between
        the quotes.
    line, column : int
        1-based position of the token's first character.
    offset : int
        0-based position of that character in the text (-1 when unknown).
    """

    kind: str
    text: str
    line: int
    column: int
    offset: int = field(default=-1, compare=False, repr=False)


def describe(token: Token | None) -> str:
    """Words for a token in an error message: ``'the number 3'``, ``'"{"'``."""
    if token is None:
        return "the end of the file"
    text = token.text if len(token.text) <= 60 else token.text[:40] + "..."
    if token.kind == "string":
        return f'the text "{text}"'
    if token.kind == "number":
        return f"the number {text}"
    return f"'{text}'"


_KIND_WORDS = {
    "lbrace": "'{'",
    "rbrace": "'}'",
    "comma": "','",
    "string": "quoted text",
    "number": "a number",
    "symbol": "a symbol",
}


_TOKEN_RE = re.compile(r"""
    (?P<space>\s+)
  | (?P<punct>[{},])
  | (?P<string>"[^"\\]*(?:\\[\s\S][^"\\]*)*")
  | (?P<open>")
  | (?P<word>[^\s{},"]+)
""", re.VERBOSE)
_ESCAPE_RE = re.compile(r'\\(["\\])')


def iter_tokens(text: str, file: str | None = None):
    """Yield the tokens of a Gambit file one by one (see :func:`tokenize`).

    One regular-expression scan, linear in the text; a token's line and column come
    from counting newlines since the previous token, so nothing is held but the
    current token.
    """
    line, line_start, last = 1, 0, 0
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        if kind == "space":
            continue
        start = m.start()
        breaks = text.count("\n", last, start)
        if breaks:
            line += breaks
            line_start = text.rindex("\n", last, start) + 1
        last = start
        col = start - line_start + 1
        if kind == "punct":
            c = m.group()
            yield Token(_PUNCTUATION[c], c, line, col, start)
        elif kind == "string":
            raw = m.group()[1:-1]
            yield Token("string", _ESCAPE_RE.sub(r"\1", raw) if "\\" in raw else raw,
                        line, col, start)
        elif kind == "open":
            raise ParseError("quoted text is not closed (missing '\"')", file, line, col)
        else:
            word = m.group()
            yield Token("number" if _NUMBER_RE.match(word) else "symbol", word, line, col,
                        start)


_STRINGS_RE = re.compile(r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"|"')


def _check_strings_closed(text: str, file: str | None) -> None:
    """Raise the tokenizer's error for a quoted string that is never closed, if any.

    Quotes are found in one scan: outside strings a quote always opens one (words
    end at quotes), so the first quote not followed by a closing one is the culprit.
    """
    if '"' not in text:
        return
    for m in _STRINGS_RE.finditer(text):
        if m.end() - m.start() == 1:       # the closed-string alternative failed
            start = m.start()
            line = text.count("\n", 0, start) + 1
            col = start - (text.rfind("\n", 0, start) + 1) + 1
            raise ParseError("quoted text is not closed (missing '\"')", file, line, col)


def tokenize(text: str, file: str | None = None) -> list[Token]:
    """Split the text of a Gambit file into tokens.

    Parameters
    ----------
    text : str
        The whole file.
    file : str, optional
        The file's name, for error messages.

    Returns
    -------
    list of Token

    Raises
    ------
    ParseError
        For a quoted string that is never closed (reported at its opening quote).
    """
    return list(iter_tokens(text, file))


def number(token: Token, file: str | None = None) -> Fraction:
    """The exact value of a number token (``"0.1"`` is ``Fraction(1, 10)``).

    Raises
    ------
    ParseError
        If the token is not a number (a word, ``nan``, ``inf``, text, a brace),
        or is a rational with denominator 0.
    """
    if token.kind != "number":
        raise ParseError(f"expected a number, found {describe(token)}",
                         file, token.line, token.column)
    text = token.text
    if len(text) < 16 and text.lstrip("-").isdigit():     # a plain integer: the common case
        return Fraction(int(text))
    try:
        value = read_number(token.text, f"the number {token.text[:40]}")
    except GameError as err:
        raise ParseError(str(err), file, token.line, token.column) from None
    if value is None:  # pragma: no cover - the regex admits only valid numbers
        raise ParseError(f"expected a number, found {describe(token)}",
                         file, token.line, token.column)
    return value


class TokenStream:
    """A cursor over tokens, with helpers that raise clear :class:`ParseError` s.

    Tokens are pulled from the tokenizer as they are needed and forgotten once
    consumed (a few are kept for looking ahead), so reading a file holds one token at
    a time, not a list of all of them.

    Parameters
    ----------
    tokens : iterable of Token
        As returned by :func:`tokenize` or :func:`iter_tokens`.
    file : str, optional
        The file's name, for error messages.
    last_line : int, optional
        The line reported for "unexpected end of file" (default: the last
        token's line, or 1 for an empty file).
    text_length : int, optional
        The length of the text the tokens come from (see :meth:`remaining_chars`).
    """

    def __init__(self, tokens, file: str | None = None, last_line: int | None = None,
                 text_length: int | None = None):
        self._source = iter(tokens)
        self._ahead: deque[Token] = deque()
        self.file = file
        self.pos = 0
        self.last: Token | None = None        # the last token consumed
        self._given_last_line = last_line
        self._text_length = text_length

    @classmethod
    def from_text(cls, text: str, file: str | None = None) -> "TokenStream":
        """A stream over the tokens of *text*, made as they are read.

        A quoted string that is never closed is reported here, before any token is
        read (as a tokenizer that reads the whole file first would).
        """
        _check_strings_closed(text, file)
        ts = cls(iter_tokens(text, file), file, text_length=len(text))
        ts._text = text
        return ts

    def count_remaining(self) -> int:
        """The number of tokens not yet consumed (a scan of the rest of the text; for
        error messages only)."""
        tok = self.peek()
        text = getattr(self, "_text", None)
        if tok is None:
            return 0
        if text is None or tok.offset < 0:
            return len(self._ahead) + sum(1 for _ in self._source)   # pragma: no cover
        return sum(1 for m in _TOKEN_RE.finditer(text, tok.offset) if m.lastgroup != "space")

    @property
    def last_line(self) -> int:
        """The line reported for "unexpected end of file"."""
        if self._given_last_line is not None:
            return self._given_last_line
        tok = self._ahead[-1] if self._ahead else self.last
        return tok.line if tok is not None else 1

    def remaining_chars(self) -> int | None:
        """Characters of the text from the next token on (None if unknown): a bound on
        what can still follow, checked before allocating for what a header declares."""
        tok = self.peek()
        if tok is None:
            return 0
        if self._text_length is None or tok.offset < 0:
            return None
        return self._text_length - tok.offset

    # -- looking -------------------------------------------------------------
    def _fill(self, count: int) -> bool:
        while len(self._ahead) < count:
            try:
                self._ahead.append(next(self._source))
            except StopIteration:
                return False
        return True

    def at_end(self) -> bool:
        """True when every token has been consumed."""
        return not self._fill(1)

    def peek(self, offset: int = 0) -> Token | None:
        """The token *offset* places ahead, without consuming it (None past the end)."""
        ahead = self._ahead
        if len(ahead) > offset or self._fill(offset + 1):
            return ahead[offset]
        return None

    def peek_kind(self, offset: int = 0) -> str | None:
        """The kind of :meth:`peek`'s token, or None at the end."""
        ahead = self._ahead
        if len(ahead) > offset or self._fill(offset + 1):
            return ahead[offset].kind
        return None

    def _advance(self) -> Token:
        tok = self._ahead.popleft()
        self.pos += 1
        self.last = tok
        return tok

    # -- consuming -----------------------------------------------------------
    def error(self, message: str, token: Token | None = None) -> ParseError:
        """A ParseError at *token* (default: the current token, or the end of file)."""
        if token is None:
            token = self.peek()
        if token is None:
            return ParseError(message, self.file, self.last_line, None)
        return ParseError(message, self.file, token.line, token.column)

    def next(self, what: str = "a token") -> Token:
        """Consume and return the next token; *what* names it if the file ends."""
        tok = self.peek()
        if tok is None:
            raise self.error(f"unexpected end of file: expected {what}")
        return self._advance()

    def expect(self, kind: str, what: str | None = None) -> Token:
        """Consume a token of the given kind or raise, naming expected and found."""
        what = what or _KIND_WORDS.get(kind, kind)
        tok = self.peek()
        if tok is None:
            raise self.error(f"unexpected end of file: expected {what}")
        if tok.kind != kind:
            raise self.error(f"expected {what}, found {describe(tok)}", tok)
        return self._advance()

    def expect_symbol(self, *texts: str, what: str | None = None) -> Token:
        """Consume a symbol whose text is one of *texts* (any symbol if none given)."""
        if what is None:
            what = " or ".join(f"'{t}'" for t in texts) if texts else "a symbol"
        tok = self.peek()
        if tok is None:
            raise self.error(f"unexpected end of file: expected {what}")
        if tok.kind != "symbol" or (texts and tok.text not in texts):
            raise self.error(f"expected {what}, found {describe(tok)}", tok)
        return self._advance()

    def expect_number(self, what: str = "a number") -> Fraction:
        """Consume a number token and return its exact value."""
        tok = self.peek()
        if tok is None:
            raise self.error(f"unexpected end of file: expected {what}")
        if tok.kind != "number":
            raise self.error(f"expected {what}, found {describe(tok)}", tok)
        return number(self._advance(), self.file)

    def expect_int(self, what: str = "an integer", minimum: int | None = None) -> int:
        """Consume a number token that is an integer (at least *minimum*, if given)."""
        tok = self.peek()
        if tok is None:
            raise self.error(f"unexpected end of file: expected {what}")
        if tok.kind != "number" or not re.fullmatch(r"[+-]?[0-9]+", tok.text):
            raise self.error(f"expected {what}, found {describe(tok)}", tok)
        if len(tok.text.lstrip("+-0")) > MAX_INTEGER_DIGITS:
            raise self.error(f"expected {what}, found {describe(tok)}, which has more than "
                             f"{MAX_INTEGER_DIGITS} digits (MAX_INTEGER_DIGITS in "
                             "solver.io.limits)", tok)
        value = int(tok.text)
        if minimum is not None and value < minimum:
            raise self.error(f"expected {what} of at least {minimum}, found {tok.text}", tok)
        self._advance()
        return int(value)

    def expect_string(self, what: str = "quoted text") -> str:
        """Consume a quoted string and return its content."""
        return self.expect("string", what).text

    def accept(self, kind: str) -> Token | None:
        """Consume and return the next token if it has this kind, else None."""
        tok = self.peek()
        if tok is not None and tok.kind == kind:
            return self._advance()
        return None

    def expect_end(self) -> None:
        """Raise unless every token has been consumed."""
        tok = self.peek()
        if tok is not None:
            raise self.error(f"expected the end of the file, found {describe(tok)}", tok)
