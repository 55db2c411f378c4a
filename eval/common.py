"""Shared helpers for the evaluation scripts: where the data is, and a clear exit when absent."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# The benchmark data lives beside the repository (never copied into it: MSRP is non-commercial).
DEFAULT_EVAL_DIR = REPO.parent / "shared" / "eval"


def eval_dir(override: str | None = None) -> Path:
    """The evaluation data folder: --data, else $STORYTRACE_EVAL_DIR, else ../shared/eval."""
    return Path(override or os.environ.get("STORYTRACE_EVAL_DIR") or DEFAULT_EVAL_DIR)


def require(path: Path, what: str) -> Path:
    """Exit with one clear line when a data set is missing, instead of a traceback."""
    if not path.exists():
        sys.exit(
            f"error: {what} not found at {path}. Pass --data DIR (the folder holding "
            f"extraction/, paraphrase/, alignment/) or set STORYTRACE_EVAL_DIR."
        )
    return path


def load_example_pair() -> tuple[Any, Any] | None:
    """The bundled pair as Articles (examples/000, examples/002), or None with a printed reason
    when extraction is unavailable."""
    try:
        from storytrace.ingest import load_article

        return (
            load_article(str(REPO / "examples" / "000_01ce3e3c67791a35.txt")),
            load_article(str(REPO / "examples" / "002_42821f2fae6c857c.txt")),
        )
    except Exception as error:
        print(f"(extraction unavailable: {error})")
        return None
