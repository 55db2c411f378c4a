"""Who took from whom: cited sources, derivation direction, the story graph and its exports."""

from storytrace.provenance.export import to_dot, to_graphml
from storytrace.provenance.sources import cited_sources
from storytrace.provenance.trace import trace_articles

__all__ = ["cited_sources", "to_dot", "to_graphml", "trace_articles"]
