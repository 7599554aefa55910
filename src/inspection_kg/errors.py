"""The exception hierarchy; each class maps to one CLI exit code (README, "Errors")."""

from __future__ import annotations

from pathlib import Path


class InspectionKgError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    exit_code = 3

    def __init__(
        self,
        what: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        fix: str | None = None,
    ) -> None:
        self.what = what
        self.path = Path(path) if path is not None else None
        self.line = line
        self.fix = fix
        super().__init__(self.render())

    def render(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        text = f"{where}{self.what}"
        if self.fix:
            text += f" (fix: {self.fix})"
        return text


class InputError(InspectionKgError):
    """A source notice cannot be read, parsed or resolved (exit code 2)."""

    exit_code = 2


class ConfigError(InspectionKgError):
    """Curated reference data or a command-line option is wrong (exit code 2)."""

    exit_code = 2


class ValidationFailed(InspectionKgError):
    """The graph does not conform to ontology/shapes.ttl (exit code 1); ``what`` holds
    the report, one violation per line."""

    exit_code = 1
