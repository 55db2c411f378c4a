"""storytrace: follow one news story across outlets."""

from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.errors import InputError, StorytraceError
from storytrace.models import (
    SCHEMA_VERSION,
    Alignment,
    AlignmentKind,
    Article,
    Comparison,
    Fragment,
    RemovalReason,
    RemovedBlock,
    ReuseSummary,
    Span,
    StoryMatch,
    StoryVerdict,
)

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_SETTINGS",
    "SCHEMA_VERSION",
    "Alignment",
    "AlignmentKind",
    "Article",
    "Comparison",
    "Fragment",
    "InputError",
    "RemovalReason",
    "RemovedBlock",
    "ReuseSummary",
    "Settings",
    "Span",
    "StoryMatch",
    "StoryVerdict",
    "StorytraceError",
    "__version__",
]
