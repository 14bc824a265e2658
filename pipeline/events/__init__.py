"""Event extraction: triggers, modality, arguments (actors, place, time, casualties), merging.

The `events` stage (`pipeline/stages/events.py`) drives these modules; each reads its lexicon
from `pipeline/resources/`.
"""
