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


class InputWarning(InspectionKgError):
    """Something read with a guess the user should see (a character read as another), never
    raised: collected with the notice and printed on stderr; the build goes on."""

    exit_code = 0


class InputErrors(InputError):
    """Every problem found in one run (exit code 2), each with its own place and fix, so a
    user fixing a long notice meets them all at once, not one build at a time."""

    def __init__(self, problems: list[InputError]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problems")

    def render(self) -> str:
        listed = "\n".join(f"  {problem.render()}" for problem in self.problems)
        return f"{len(self.problems)} problems; fix them all, then run again:\n{listed}"


class ConfigError(InspectionKgError):
    """Curated reference data or a command-line option is wrong (exit code 2)."""

    exit_code = 2


class ValidationFailed(InspectionKgError):
    """The graph does not conform to ontology/shapes.ttl (exit code 1); ``what`` holds
    the report, one violation per line."""

    exit_code = 1
