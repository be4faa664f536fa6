"""What extraction found in each paper, kept between builds.

People who follow papers build again every day over a corpus that mostly
did not change. A paper's extraction depends only on its id, title and
abstract and on kg's own code and word lists, so it is kept under a hash of
those in an SQLite file, and a later build extracts only the papers it has
not seen. The file is named after a fingerprint of the code extraction
runs and its word lists: a changed rule starts a new file and deletes the
old one, so nothing extracted by other rules is ever reused, while a change
to queries, exports or the page keeps the file.

The file lives in ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else
``~/.cache/kg``. A damaged file or entry is made again; a folder that cannot
be written is left aside with a warning: the cache never stops a build.

Examples
--------
>>> import tempfile
>>> from kg.records import Mention, Paper, PaperExtraction
>>> paper = Paper(id="p1", title="ZorbNet", abstract="We propose ZorbNet.")
>>> found = PaperExtraction(paper, (Mention("p1", "ZorbNet", "method", "introduced"),))
>>> with tempfile.TemporaryDirectory() as folder:
...     with ExtractionCache.open(folder) as cache:
...         cache.get(paper) is None
...         cache.put(found)
...         cache.get(paper) == found
True
True
"""
from __future__ import annotations

import ast
import hashlib
import logging
import os
import pickle
import sqlite3
import zlib
from functools import lru_cache
from pathlib import Path

from kg.records import Paper, PaperExtraction

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent
_COMMIT_EVERY = 1000  # papers stored between commits: an interrupted build keeps most of its work


def default_folder() -> Path:
    """Where the cache lives: ``$KG_CACHE_DIR``, ``$XDG_CACHE_HOME/kg`` or ``~/.cache/kg``."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kg"


def cache_path(folder: str | Path | None = None) -> Path:
    """The cache file of this kg in ``folder`` (default: :func:`default_folder`)."""
    return (Path(folder) if folder is not None else default_folder()) / f"extractions-{fingerprint()}.sqlite"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of what extraction reads: the code :mod:`kg.extract` imports, the word lists, spaCy's version.

    A change to the code of queries, exports or the page leaves extractions valid.
    """
    from importlib.metadata import version

    word_lists = sorted((_PACKAGE / "rules").glob("*.tsv"))
    return _digest((*imported_sources("kg.extract"), *word_lists), version("spacy").encode())  # spaCy not imported


@lru_cache(maxsize=None)
def code_hash(module: str) -> str:
    """A hash of the sources :func:`imported_sources` gives for ``module``."""
    return _digest(imported_sources(module))


def _digest(paths, seed: bytes = b"") -> str:
    """A short hash of ``seed`` and the package files ``paths`` (their names and bytes)."""
    digest = hashlib.sha256(seed)
    for path in paths:
        digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=None)
def imported_sources(module: str) -> tuple[Path, ...]:
    """The source files of ``module`` and of every kg module it imports, at any depth.

    Imports inside functions count: the files are read, not run.

    >>> [p.name for p in imported_sources("kg.identity")]
    ['identity.py']
    """
    found: dict[Path, None] = {}
    todo = [module]
    while todo:
        path = _source(todo.pop())
        if path is None or path in found:
            continue
        found[path] = None
        for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
            if isinstance(node, ast.Import):
                todo += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                todo.append(node.module)
                todo += [f"{node.module}.{alias.name}" for alias in node.names]  # "from kg import cache"
    return tuple(sorted(found))


def _source(module: str) -> Path | None:
    """The file of a kg module, or None for anything else."""
    parts = module.split(".")
    if parts[0] != "kg":
        return None
    path = _PACKAGE.joinpath(*parts[1:])
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def paper_key(paper: Paper) -> bytes:
    """What a paper's extraction depends on, hashed: its id, title and abstract."""
    return hashlib.sha256("\0".join((paper.id, paper.title, paper.abstract)).encode()).digest()


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30)
    try:
        db.execute("CREATE TABLE IF NOT EXISTS extractions (key BLOB PRIMARY KEY, value BLOB NOT NULL)")
    except sqlite3.Error:
        db.close()
        raise
    return db


class ExtractionCache:
    """An open cache file; :meth:`get` and :meth:`put` one paper's extraction.

    Use :meth:`open` as a context manager: what was put is committed on leaving.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._pending = 0
        self.failure = ""  # why the file stopped working mid-build (then it is left alone), or ""

    @classmethod
    def open(cls, folder: str | Path | None = None) -> ExtractionCache:
        """Open (or create) the cache file of this kg in ``folder`` (default: :func:`default_folder`).

        Files of other fingerprints in the folder are deleted. Raises
        :class:`OSError` or :class:`sqlite3.Error` when the folder or file
        cannot be used.
        """
        path = cache_path(folder)
        folder = path.parent
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("extractions-*.sqlite*"):
            if not old.name.startswith(path.name):
                old.unlink(missing_ok=True)  # made by other code or rules: never valid again
        try:
            return cls(_connect(path), path)
        except sqlite3.OperationalError:
            raise  # locked by another build, or unreadable: leave the file alone
        except sqlite3.DatabaseError as exc:  # damaged: it is only a cache, start it afresh
            log.warning("%s: %s; starting the extraction cache afresh", path, exc)
            path.unlink(missing_ok=True)
            return cls(_connect(path), path)

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _run(self, sql: str, parameters=()) -> list[tuple]:
        """Run one statement; on an SQLite error note the failure and use the file no more."""
        if self.failure:
            return []
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            self.failure = str(exc)
            return []

    def keys(self) -> set[bytes]:
        """The :func:`paper_key` of every paper kept."""
        return {row[0] for row in self._run("SELECT key FROM extractions")}

    def get(self, paper: Paper) -> PaperExtraction | None:
        """The extraction kept for ``paper``, or None."""
        rows = self._run("SELECT value FROM extractions WHERE key = ?", (paper_key(paper),))
        if not rows:
            return None
        row = rows[0]
        try:
            mentions, code_links = pickle.loads(zlib.decompress(row[0]))
        except Exception as exc:  # noqa: BLE001 - a damaged row is a paper to extract again, whatever broke
            log.warning("%s: a kept extraction could not be read (%s); extracting the paper again", self.path, exc)
            return None
        return PaperExtraction(paper=paper, mentions=mentions, code_links=code_links)

    def put(self, extraction: PaperExtraction) -> None:
        """Keep a paper's extraction (committed every thousand papers and on closing)."""
        value = zlib.compress(pickle.dumps((extraction.mentions, extraction.code_links), protocol=5))
        self._run("INSERT OR REPLACE INTO extractions VALUES (?, ?)", (paper_key(extraction.paper), value))
        self._pending += 1
        if self._pending >= _COMMIT_EVERY:
            self._commit()

    def _commit(self) -> None:
        if not self.failure:
            try:
                self._db.commit()
            except sqlite3.Error as exc:
                self.failure = str(exc)
        self._pending = 0

    def close(self) -> None:
        """Commit what was put and close the file."""
        self._commit()
        self._db.close()
