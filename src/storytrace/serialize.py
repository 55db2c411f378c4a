"""JSON round-trip for the data model, driven by the dataclass type hints.

Write: ``to_json(obj)``. Read: ``from_json(text, Comparison)``. The top level carries
``schema_version``; a file written by an incompatible major version is refused with a
``SchemaError`` instead of being half-read.
"""

from __future__ import annotations

import dataclasses
import json
import os
import types
import typing
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from storytrace import models
from storytrace.errors import OutputError, SchemaError, output_problem

T = TypeVar("T")


def to_data(obj: Any) -> Any:
    """Plain JSON-ready data (dicts, lists, str, numbers) for a model object."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, tuple | list):
        return [to_data(item) for item in obj]
    if isinstance(obj, dict):
        return {str(key): to_data(value) for key, value in obj.items()}
    if isinstance(obj, float):
        return round(obj, 6)
    return obj


def to_json(obj: Any, *, indent: int | None = 2) -> str:
    return json.dumps(to_data(obj), ensure_ascii=False, indent=indent)


def check_output_path(path: str | os.PathLike[str], what: str = "") -> None:
    """Refuse an output path that cannot be written BEFORE the work that fills it runs, so a
    typo costs a second, not a whole comparison. Creates nothing; '-' (stdout) always passes.
    A full disk is still only found when writing (``write_output``). ``what`` names the file
    in the message ("the HTML report")."""
    if os.fspath(path) == "-":
        return
    target = Path(path)
    if target.is_dir():
        raise OutputError(str(target), "is a directory; give a file name to write to")
    folder = target.parent
    cannot = f"cannot write {what}".rstrip()
    if not folder.is_dir():
        raise OutputError(str(target), f"{cannot} (no such folder: {folder})")
    writable = os.access(target, os.W_OK) if target.exists() else os.access(folder, os.W_OK)
    if not writable:
        raise OutputError(str(target), f"{cannot} (Permission denied)")


def write_output(path: str | os.PathLike[str], text: str) -> None:
    """Write a result file; an unwritable path, a directory or a full disk is an ``OutputError``
    naming the path (the user's problem to fix), never a traceback."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(str(target), "is a directory; give a file name to write to")
    try:
        with target.open("w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise OutputError(str(target), f"cannot write ({output_problem(error)})") from error


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(models))


def from_data(data: Any, cls: Any) -> Any:
    """Rebuild an object of type ``cls`` from ``to_data`` output."""
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(cls) if arg is not type(None)]
        if data is None:
            return None
        return from_data(data, options[0])
    if origin is tuple:
        args = typing.get_args(cls)
        if not isinstance(data, list):
            raise SchemaError(f"expected a list, got {_json_type(data)}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_data(item, args[0]) for item in data)
        if len(data) != len(args):
            raise SchemaError(f"expected a list of {len(args)} items, got {len(data)}")
        return tuple(from_data(item, arg) for item, arg in zip(data, args, strict=True))
    if origin is dict:
        _key_type, value_type = typing.get_args(cls)
        if not isinstance(data, dict):
            raise SchemaError(f"expected an object, got {_json_type(data)}")
        return {key: from_data(value, value_type) for key, value in data.items()}
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        if not isinstance(data, dict):
            raise SchemaError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
        hints = _hints(cls)
        kwargs = {}
        for f in dataclasses.fields(cls):
            if f.name in data:
                kwargs[f.name] = from_data(data[f.name], hints[f.name])
        try:
            return cls(**kwargs)
        except (TypeError, ValueError) as error:
            raise SchemaError(f"cannot build {cls.__name__}: {error}") from error
    if isinstance(cls, type) and issubclass(cls, Enum):
        try:
            return cls(data)
        except ValueError as error:
            raise SchemaError(f"{data!r} is not a valid {cls.__name__}") from error
    if cls is float and isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)
    if cls in _SCALARS and (not isinstance(data, cls) or (cls is int and isinstance(data, bool))):
        raise SchemaError(f"expected {_SCALARS[cls]}, got {_json_type(data)}")
    return data


# What each scalar type hint must hold (a saved file with "start": "x" is refused on read,
# not left to fail later in a renderer).
_SCALARS: dict[Any, str] = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true/false",
}


def _json_type(data: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if data is None:
        return "null"
    if isinstance(data, int | float) and not isinstance(data, bool):
        return "a number"
    return names.get(type(data), type(data).__name__)


def from_json(text: str, cls: type[T]) -> T:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SchemaError(f"not JSON: {error}") from error
    if isinstance(data, dict) and "schema_version" in data:
        major = str(data["schema_version"]).split(".")[0]
        if major != models.SCHEMA_VERSION.split(".")[0]:
            raise SchemaError(
                f"schema version {data['schema_version']} is not readable by this storytrace "
                f"(reads {models.SCHEMA_VERSION})"
            )
    result: T = from_data(data, cls)
    return result
