"""Load and save games, choosing the format by the file's extension.

=========  ===========================================  =========================
extension  format                                       module
=========  ===========================================  =========================
``.nfg``   Gambit strategic form, version 1              :mod:`solver.io.nfg`
``.efg``   Gambit extensive form, version 2              ``solver.io.efg`` (lazy)
``.json``  gamesolver's JSON game format                 :mod:`solver.io.json_format`
=========  ===========================================  =========================

:func:`save` never loses the user's data: the new text is produced in full
before any file is touched, written to a temporary file in the same folder,
and only then renamed over the target (an atomic step on POSIX and Windows).

Example
-------
>>> import tempfile, os
>>> from solver import NormalFormGame
>>> g = NormalFormGame.from_matrices([[1, 0], [0, 1]], [[1, 0], [0, 1]])
>>> path = os.path.join(tempfile.mkdtemp(), "coordination.nfg")
>>> save(g, path)
>>> load(path) == g
True
"""
from __future__ import annotations

import importlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

from solver.errors import GameError, ParseError
from solver.io.limits import MAX_FILE_BYTES

__all__ = ["load", "save", "FORMATS", "register_format"]


# ---------------------------------------------------------------------- formats
def _read_nfg(text: str, file: str | None = None):
    from solver.io.nfg import read_nfg
    return read_nfg(text, file)


def _write_nfg(game) -> str:
    from solver.io.nfg import write_nfg
    return write_nfg(game)


def _read_json(text: str, file: str | None = None):
    from solver.io.json_format import game_from_json
    from solver.io.json_text import loads, locate
    data = loads(text, file)              # bounded: depth, digits; errors with line/column
    try:
        return game_from_json(data, file)
    except ParseError as err:
        path = getattr(err, "json_path", None)
        if path is None or err.line is not None:
            raise
        line, column = locate(text, path)   # where in the text the value at fault is
        raise ParseError(err.reason, file, line, column) from None


def _write_json(game) -> str:
    from solver.io.json_format import game_to_json
    return _dumps_json(game_to_json(game)) + "\n"


# --- .efg hook -----------------------------------------------------------------
# The .efg reader and writer live in solver.io.efg, written separately.  They are
# imported on first use so that .nfg/.json work whether or not that module exists.
def _efg_module():
    try:
        return importlib.import_module("solver.io.efg")
    except ModuleNotFoundError as err:
        if err.name not in ("solver.io.efg",):
            raise
        raise GameError(".efg files are not supported by this installation "
                        "(the module solver.io.efg is missing)") from None


def _read_efg(text: str, file: str | None = None, **options):
    return _efg_module().read_efg(text, file, **options)


def _write_efg(game) -> str:
    return _efg_module().write_efg(game)


#: Extension (lower case, with the dot) -> (reader(text, file), writer(game) -> text).
FORMATS: dict[str, tuple[Callable[..., Any], Callable[[Any], str]]] = {
    ".nfg": (_read_nfg, _write_nfg),
    ".efg": (_read_efg, _write_efg),
    ".json": (_read_json, _write_json),
}


def register_format(extension: str, reader: Callable[..., Any],
                    writer: Callable[[Any], str]) -> None:
    """Add or replace the reader and writer used for an extension (e.g. ``".gbt"``)."""
    ext = extension.lower()
    if not ext.startswith("."):
        ext = "." + ext
    FORMATS[ext] = (reader, writer)


def _format_for(path: Path) -> tuple[Callable[..., Any], Callable[[Any], str]]:
    ext = path.suffix.lower()
    if ext not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        what = f"the extension {ext!r}" if ext else "no extension"
        raise GameError(f"{path}: {what} is not a known game format; use one of {known}")
    return FORMATS[ext]


# ---------------------------------------------------------------------- load/save
def load(path: str | os.PathLike, *, normalize_chance: bool = False,
         max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Read a game from a file; the extension picks the format.

    Parameters
    ----------
    path : str or path-like
        A ``.nfg``, ``.efg`` or ``.json`` file.
    normalize_chance : bool
        For ``.efg`` files written by other tools, whose chance probabilities are
        rounded decimals (``0.333``): rescale each chance node's probabilities when
        their sum is within :data:`solver.io.efg.NORMALIZE_TOLERANCE` of 1, instead of
        refusing the file.  Ignored by the other formats, which have no chance nodes.
    max_bytes : int
        Read at most this many bytes (:data:`solver.io.limits.MAX_FILE_BYTES`, 64 MiB):
        a larger file, or an endless one such as ``/dev/zero``, is refused after
        reading that much.

    Returns
    -------
    NormalFormGame or ExtensiveFormGame

    Raises
    ------
    GameError
        Naming the path: unknown extension, missing file, a folder, a file that
        cannot be read, a file larger than ``max_bytes``.
    ParseError
        (a GameError) for a malformed file, with the path, line and column.
    """
    path = _as_path(path)
    reader, _ = _format_for(path)
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise GameError(f"load: max_bytes must be a positive integer, got {max_bytes!r}")
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)     # never more: /dev/zero ends here too
    except FileNotFoundError:
        raise GameError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise GameError(f"{path}: is a folder, not a game file") from None
    except OSError as err:
        raise GameError(f"{path}: cannot be read ({err.strerror or err})") from None
    if len(data) > max_bytes:
        raise GameError(f"{path}: larger than {max_bytes} bytes, the most a game file may have "
                        "(MAX_FILE_BYTES in solver.io.limits); pass load(path, max_bytes=...) "
                        "to read more")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")   # old Gambit files; every byte decodes
    if "\x00" in text:
        raise GameError(f"{path}: is a binary file, not a game file")
    if normalize_chance and reader is _read_efg:
        return reader(text, str(path), normalize_chance=True)
    return reader(text, str(path))


def _as_path(path: Any) -> Path:
    """``path`` as a Path, or a GameError for something that is not a path."""
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, (str, os.PathLike)):
        raise GameError(f"expected a file name (a string or a path), got "
                        f"{type(path).__name__} {path!r}"[:200])
    return Path(path)


def save(game: Any, path: str | os.PathLike) -> None:
    """Write a game to a file; the extension picks the format.

    The text is produced first (so a game the format cannot hold leaves any
    existing file untouched), then written to a temporary file beside the
    target and renamed over it.

    Raises
    ------
    GameError
        Naming the path: unknown extension, a game the format cannot hold
        (e.g. a parametric game as .nfg), a folder that does not exist or
        cannot be written.
    """
    path = _as_path(path)
    _, writer = _format_for(path)
    try:
        text = writer(game)
    except GameError as err:
        raise GameError(f"{path}: {err}") from None
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise GameError(f"{path}: the folder {folder} does not exist")
    if path.is_dir():
        raise GameError(f"{path}: is a folder")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            try:
                os.chmod(tmp_name, path.stat().st_mode & 0o7777)
            except OSError:
                pass
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as err:
        raise GameError(f"{path}: cannot be written ({err.strerror or err})") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


# ---------------------------------------------------------------------- JSON layout
def _dumps_json(obj: Any, indent: int = 0) -> str:
    """JSON with objects spread over lines but arrays of scalars kept on one line,
    so that payoff matrices read as matrices."""
    pad = "  " * (indent + 1)
    end = "  " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{pad}{json.dumps(str(k))}: {_dumps_json(v, indent + 1)}"
                 for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if isinstance(obj, list):
        if all(not isinstance(v, (list, dict)) for v in obj):
            return json.dumps(obj, ensure_ascii=False)
        items = [pad + _dumps_json(v, indent + 1) for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + end + "]"
    return json.dumps(obj, ensure_ascii=False)
