"""Read one curated YAML file and check its values as they are taken: every error names the file
and the key path (…/organs.yaml: organs.国务院.key: …) and says how to fix it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from ..resources import data_file

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _load_yaml(text: str) -> Any:
    """yaml.safe_load, with libyaml's loader (several times faster) when PyYAML has it."""
    if yaml.__with_libyaml__:
        try:
            return yaml.load(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            pass  # read again below, so that an error reads as it always has
    return yaml.safe_load(text)


class Reader:
    """Typed access to one YAML file; every error names the file and the key path."""

    def __init__(self, name: str | Path) -> None:
        """``name``: a file of data/curated/, or the path of a user's own names file."""
        self.path: Path = name if isinstance(name, Path) else data_file("curated", name)
        try:
            self.data = _load_yaml(self.path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            what = "names file" if isinstance(name, Path) else "curated data"
            raise ConfigError(f"cannot read {what}: {exc}", path=self.path) from None

    def fail(self, key_path: str, what: str, fix: str) -> ConfigError:
        return ConfigError(f"{key_path}: {what}", path=self.path, fix=fix)

    def mapping(self, value: Any, key_path: str) -> dict[str, Any]:
        if not isinstance(value, dict) or not value:
            raise self.fail(
                key_path, "expected a non-empty mapping", "see the comment at the top of the file"
            )
        return value

    def text(self, entry: dict[str, Any], field: str, key_path: str, *, required: bool = True) -> str | None:
        value = entry.get(field)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key_path}.{field}", "expected a non-empty string", f"give {field} a value")
        return value

    def key(self, entry: dict[str, Any], field: str, key_path: str) -> str:
        value = self.text(entry, field, key_path)
        assert value is not None
        if not _KEY.match(value):
            raise self.fail(
                f"{key_path}.{field}",
                f"{value!r} is not a lower-case ASCII key",
                "use letters, digits and '-'",
            )
        return value


def word_list(reader: Reader, value: Any, key_path: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise reader.fail(key_path, "expected a non-empty list of words", "write [词, 词]")
    return tuple(value)
