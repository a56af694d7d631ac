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
from dataclasses import dataclass
from fractions import Fraction

from solver.errors import GameError, ParseError
from solver.numbers import read_number

__all__ = ["Token", "TokenStream", "tokenize", "number", "describe"]

TOKEN_KINDS = frozenset({"lbrace", "rbrace", "comma", "string", "number", "symbol"})

_NUMBER_RE = re.compile(
    r"[+-]?(?:\d+/\d+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\Z", re.ASCII
)
_DELIMITERS = frozenset('{},"')
_PUNCTUATION = {"{": "lbrace", "}": "rbrace", ",": "comma"}


@dataclass(frozen=True)
class Token:
    """One token of a Gambit file.

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
    """

    kind: str
    text: str
    line: int
    column: int


def describe(token: Token | None) -> str:
    """Words for a token in an error message: ``'the number 3'``, ``'"{"'``."""
    if token is None:
        return "the end of the file"
    if token.kind == "string":
        return f'the text "{token.text}"'
    if token.kind == "number":
        return f"the number {token.text}"
    if token.kind == "symbol":
        return f"'{token.text}'"
    return f"'{token.text}'"


_KIND_WORDS = {
    "lbrace": "'{'",
    "rbrace": "'}'",
    "comma": "','",
    "string": "quoted text",
    "number": "a number",
    "symbol": "a symbol",
}


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
    tokens: list[Token] = []
    i, n = 0, len(text)
    line, col = 1, 1
    while i < n:
        c = text[i]
        if c == "\n":
            i += 1
            line += 1
            col = 1
            continue
        if c.isspace():
            i += 1
            col += 1
            continue
        if c in _PUNCTUATION:
            tokens.append(Token(_PUNCTUATION[c], c, line, col))
            i += 1
            col += 1
            continue
        if c == '"':
            start_line, start_col = line, col
            i += 1
            col += 1
            chars: list[str] = []
            while True:
                if i >= n:
                    raise ParseError("quoted text is not closed (missing '\"')",
                                     file, start_line, start_col)
                ch = text[i]
                if ch == "\\" and i + 1 < n and text[i + 1] in '"\\':
                    chars.append(text[i + 1])
                    i += 2
                    col += 2
                    continue
                i += 1
                if ch == '"':
                    col += 1
                    break
                if ch == "\n":
                    line += 1
                    col = 1
                else:
                    col += 1
                chars.append(ch)
            tokens.append(Token("string", "".join(chars), start_line, start_col))
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in _DELIMITERS:
            j += 1
        word = text[i:j]
        kind = "number" if _NUMBER_RE.match(word) else "symbol"
        tokens.append(Token(kind, word, line, col))
        col += j - i
        i = j
    return tokens


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
    try:
        value = read_number(token.text, f"the number {token.text[:40]}")
    except GameError as err:
        raise ParseError(str(err), file, token.line, token.column) from None
    if value is None:  # pragma: no cover - the regex admits only valid numbers
        raise ParseError(f"expected a number, found {describe(token)}",
                         file, token.line, token.column)
    return value


class TokenStream:
    """A cursor over a token list, with helpers that raise clear :class:`ParseError` s.

    Parameters
    ----------
    tokens : list of Token
        As returned by :func:`tokenize`.
    file : str, optional
        The file's name, for error messages.
    last_line : int, optional
        The line reported for "unexpected end of file" (default: the last
        token's line, or 1 for an empty file).
    """

    def __init__(self, tokens: list[Token], file: str | None = None,
                 last_line: int | None = None):
        self.tokens = list(tokens)
        self.file = file
        self.pos = 0
        if last_line is None:
            last_line = self.tokens[-1].line if self.tokens else 1
        self.last_line = last_line

    @classmethod
    def from_text(cls, text: str, file: str | None = None) -> "TokenStream":
        """Tokenize *text* and wrap the tokens in a stream."""
        return cls(tokenize(text, file), file)

    # -- looking -------------------------------------------------------------
    def at_end(self) -> bool:
        """True when every token has been consumed."""
        return self.pos >= len(self.tokens)

    def peek(self, offset: int = 0) -> Token | None:
        """The token *offset* places ahead, without consuming it (None past the end)."""
        k = self.pos + offset
        return self.tokens[k] if k < len(self.tokens) else None

    def peek_kind(self, offset: int = 0) -> str | None:
        """The kind of :meth:`peek`'s token, or None at the end."""
        tok = self.peek(offset)
        return tok.kind if tok is not None else None

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
        self.pos += 1
        return tok

    def expect(self, kind: str, what: str | None = None) -> Token:
        """Consume a token of the given kind or raise, naming expected and found."""
        what = what or _KIND_WORDS.get(kind, kind)
        tok = self.peek()
        if tok is None:
            raise self.error(f"unexpected end of file: expected {what}")
        if tok.kind != kind:
            raise self.error(f"expected {what}, found {describe(tok)}", tok)
        self.pos += 1
        return tok

    def expect_symbol(self, *texts: str, what: str | None = None) -> Token:
        """Consume a symbol whose text is one of *texts* (any symbol if none given)."""
        if what is None:
            what = " or ".join(f"'{t}'" for t in texts) if texts else "a symbol"
        tok = self.peek()
        if tok is None:
            raise self.error(f"unexpected end of file: expected {what}")
        if tok.kind != "symbol" or (texts and tok.text not in texts):
            raise self.error(f"expected {what}, found {describe(tok)}", tok)
        self.pos += 1
        return tok

    def expect_number(self, what: str = "a number") -> Fraction:
        """Consume a number token and return its exact value."""
        tok = self.peek()
        if tok is None:
            raise self.error(f"unexpected end of file: expected {what}")
        if tok.kind != "number":
            raise self.error(f"expected {what}, found {describe(tok)}", tok)
        self.pos += 1
        return number(tok, self.file)

    def expect_int(self, what: str = "an integer", minimum: int | None = None) -> int:
        """Consume a number token that is an integer (at least *minimum*, if given)."""
        tok = self.peek()
        if tok is None:
            raise self.error(f"unexpected end of file: expected {what}")
        if tok.kind != "number" or not re.fullmatch(r"[+-]?[0-9]+", tok.text):
            raise self.error(f"expected {what}, found {describe(tok)}", tok)
        value = int(tok.text)
        if minimum is not None and value < minimum:
            raise self.error(f"expected {what} of at least {minimum}, found {tok.text}", tok)
        self.pos += 1
        return int(value)

    def expect_string(self, what: str = "quoted text") -> str:
        """Consume a quoted string and return its content."""
        return self.expect("string", what).text

    def accept(self, kind: str) -> Token | None:
        """Consume and return the next token if it has this kind, else None."""
        tok = self.peek()
        if tok is not None and tok.kind == kind:
            self.pos += 1
            return tok
        return None

    def expect_end(self) -> None:
        """Raise unless every token has been consumed."""
        tok = self.peek()
        if tok is not None:
            raise self.error(f"expected the end of the file, found {describe(tok)}", tok)
