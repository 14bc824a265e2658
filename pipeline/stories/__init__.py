"""Stories: event records of different documents that report one real-world event, grouped.

`reports` (what is compared of an event), `similarity` (when two reports may be one event, and
how alike they are), `grouping` (the date-ordered sweep over date blocks), `records` (the
`stories.jsonl` lines), `step` (the run-level step both engines call), `evaluation` (scores
against hand labels of story identity) and `synthetic` (realistic records for timing).
"""
