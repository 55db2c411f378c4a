"""storytrace: follow one news story across outlets."""

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
    StoryMatch,
    StoryTrace,
    StoryVerdict,
    TextRef,
    UpstreamSource,
)

__version__ = "0.1.0"

# The pipeline entry points pull in the extractor and the embedder; load them on first use so
# that `import storytrace.models` stays light (workers, the JSON reader).
_API = ("compare", "compare_articles", "load_article", "load_articles", "trace", "trace_articles")


def __getattr__(name: str) -> object:
    if name in _API:
        from storytrace import api

        return getattr(api, name)
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
