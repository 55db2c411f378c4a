"""Reading articles: files, URLs and JSON records in; complete ``Article`` records out.

Modules are private; these names are the API (the CLI and the pipeline use only them).
"""

from storytrace.ingest.html import extract_html
from storytrace.ingest.loader import load_article, load_articles
from storytrace.ingest.plain import clean_text
from storytrace.ingest.records import iter_records

__all__ = ["clean_text", "extract_html", "iter_records", "load_article", "load_articles"]
