"""The exceptions of hiddenflow: the engine's errors as Python exceptions.

``InputError`` is the command line's exit status 2: a problem with the user's input (a data
table, a run spec, an argument), located by file, line and column, with the value found and
the fix. Its message is the text the command line prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


class HiddenflowError(Exception):
    """A failure that is not the input's: a file that cannot be read or written, a lock held
    by another process, an internal error. The message is the command line's text."""


@dataclass(frozen=True)
class Diagnostic:
    """One problem with the input, as located as the engine can: ``file``, 1-based ``line``
    (a CSV file's header is line 1), ``column`` (a CSV column name, a TOML column number, or a
    flag such as ``--samples``), the offending ``value``, the ``message`` and the ``fix``."""

    file: str
    line: Optional[int]
    column: Optional[str]
    value: Optional[str]
    message: str
    fix: str


class InputError(HiddenflowError, ValueError):
    """Bad input: ``file``, ``line``, ``column``, ``value``, ``message`` and ``fix`` of the
    first problem found, and every problem in ``diagnostics``. ``str(error)`` is the command
    line's error text."""

    def __init__(self, message: str, diagnostics=()):
        super().__init__(message)
        self.diagnostics = [
            d if isinstance(d, Diagnostic) else Diagnostic(**d) for d in diagnostics
        ]
        first = self.diagnostics[0] if self.diagnostics else None
        self.file = first.file if first else None
        self.line = first.line if first else None
        self.column = first.column if first else None
        self.value = first.value if first else None
        self.message = first.message if first else message
        self.fix = first.fix if first else None

    def __str__(self) -> str:
        return str(self.args[0])


class Interrupted(HiddenflowError):
    """A run stopped between blocks (Ctrl-C, or a signal): it wrote a checkpoint, and
    ``hf.run(resume=OUT)`` continues it. ``signal`` is the signal's number."""

    def __init__(self, message: str, signal: int = 2):
        super().__init__(message)
        self.signal = signal
