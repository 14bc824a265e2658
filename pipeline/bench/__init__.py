"""`make bench`: throughput of each profile beside stanza's pipeline and spaCy's tokenizer.

Not part of the runtime: `python -m pipeline.bench` (see `__main__.py`). One module per job:
`corpus` builds the benchmark corpus, `processes` runs and samples one configuration,
`references` times the references, `measure` runs the whole benchmark, `results` holds the
measurements, their ratios and the README tables.
"""
