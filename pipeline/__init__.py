"""Arabic news information extraction: staged processors from raw articles to JSONL records."""

__version__ = "0.1.0"
