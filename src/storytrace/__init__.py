"""storytrace: follow one news story across outlets.

The Python API (README, "Python API")::

    import storytrace
    comparison = storytrace.compare("a.txt", "b.html")   # -> storytrace.Comparison
    story = storytrace.trace(["folder/"])                # -> storytrace.StoryTrace

Records are frozen dataclasses (``storytrace.models``); ``storytrace.serialize`` writes them
as JSON and reads them back.
"""

from typing import TYPE_CHECKING

from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.errors import InputError, StorytraceError
from storytrace.models import (
    SCHEMA_VERSION,
    Alignment,
    AlignmentKind,
    Article,
    ArticleSources,
    CitedSource,
    Comparison,
    Derivation,
    DerivationKind,
    Discrepancy,
    DiscrepancyType,
    FactHistory,
    FactVersion,
    Fragment,
    RemovalReason,
    RemovedBlock,
    ReuseSummary,
    Severity,
    SourceKind,
    Span,
    StatementLink,
    StoryMatch,
    StoryTrace,
    StoryVerdict,
    TextRef,
    UpstreamSource,
)

__version__ = "0.1.0"

# The pipeline entry points pull in the extractor and the embedder; load them on first use so
# that `import storytrace.models` stays light (workers, the JSON reader). Type checkers see
# the real functions through the TYPE_CHECKING import, and no module __getattr__ (which would
# type every misspelt name as `object` instead of reporting it).
_API = ("compare", "compare_articles", "load_article", "load_articles", "trace", "trace_articles")

if TYPE_CHECKING:
    from storytrace.api import (
        compare,
        compare_articles,
        load_article,
        load_articles,
        trace,
        trace_articles,
    )
else:

    def __getattr__(name: str) -> object:
        if name in _API:
            from storytrace import api

            value = getattr(api, name)
            globals()[name] = value  # later lookups skip this function
            return value
        raise AttributeError(f"module 'storytrace' has no attribute {name!r}")


__all__ = [
    "DEFAULT_SETTINGS",
    "SCHEMA_VERSION",
    "Alignment",
    "AlignmentKind",
    "Article",
    "ArticleSources",
    "CitedSource",
    "Comparison",
    "Derivation",
    "DerivationKind",
    "Discrepancy",
    "DiscrepancyType",
    "FactHistory",
    "FactVersion",
    "Fragment",
    "InputError",
    "RemovalReason",
    "RemovedBlock",
    "ReuseSummary",
    "Settings",
    "Severity",
    "SourceKind",
    "Span",
    "StatementLink",
    "StoryMatch",
    "StoryTrace",
    "StoryVerdict",
    "StorytraceError",
    "TextRef",
    "UpstreamSource",
    "__version__",
    "compare",
    "compare_articles",
    "load_article",
    "load_articles",
    "trace",
    "trace_articles",
]
