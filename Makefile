# Batch jobs of the Arabic news information-extraction pipeline.
# `make run` and `make test` build .venv first when it is missing.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
INPUT ?= corpus
OUT ?= out
PROFILE ?= fast
WORKERS ?= 1
RUN_ARGS ?=
DATA ?= ../shared/data

.PHONY: setup run test lint clean report docs bench train-stanza eval-stanza train-ner eval-ner kb eval-linking train-translit eval-translit eval-names train-events eval-events gold gold-agreement eval-gold eval-seeds eval-stories bench-stories

setup: $(STAMP)

# The CPU build of torch is installed first, by its exact pin, so that nothing later pulls the
# multi-GB CUDA build; every other package then comes from the lock file.
$(STAMP): setup.cfg requirements/lock.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements/lock.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m pipeline run $(INPUT) -o $(OUT) --profile $(PROFILE) --workers $(WORKERS) $(RUN_ARGS)

test: $(STAMP)
	$(PY) -m ruff check pipeline tests
	$(PY) -m pytest

# A self-contained HTML page of OUT/ (documents, highlighted entities, events, manifest).
report: $(STAMP)
	$(PY) -m pipeline report $(OUT) -o report.html

# docs/schema.md and docs/event_types.md, generated from the schemas and event_types.json.
docs: $(STAMP)
	$(PY) -m pipeline.schema_docs --out docs

lint: $(STAMP)
	$(PY) -m ruff check pipeline tests
	$(PY) -m ruff format --check pipeline tests

clean:
	rm -rf $(OUT) .pytest_cache .hypothesis

# Training needs a few packages the pipeline does not (gensim for word vectors).
TRAIN_STAMP := $(VENV)/.installed-train
STANZA_WORK ?= build/stanza

$(TRAIN_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements/lock.txt -e '.[test,train]'
	touch $(TRAIN_STAMP)

# Trains tokenize, pos, lemma and depparse on UD Arabic-PUD with word vectors from the raw news
# text, and installs them in models/stanza (about an hour of CPU time on 2 cores).
train-stanza: $(TRAIN_STAMP)
	$(PY) -m pipeline.training.stanza_models all --data $(DATA) --work $(STANZA_WORK) --models models/stanza

# CoNLL 2018 scores on PUD test and clitic splits against NewsFANE (the README table).
eval-stanza: $(STAMP)
	$(PY) -m pipeline.training.stanza_eval --data $(DATA) --work $(STANZA_WORK) --models models/stanza

# Trains the NER models on ANERcorp (spaCy with floret vectors of the raw news text, stanza's
# BiLSTM-CRF over the stanza word vectors), compiles the gazetteer and word lists, installs
# them in models/ner, then self-trains the spaCy model on raw news tagged by the stanza one,
# then trains the installed models further on in-domain data (gold corpus train split, AQMAR).
# A stopped run continues where it left off (a stamp per finished step in NER_WORK/done).
# Needs models/stanza (make train-stanza) for the stanza word vectors.
NER_WORK ?= build/ner

train-ner: $(TRAIN_STAMP)
	$(PY) -m pipeline.training.ner_models all --data $(DATA) --work $(NER_WORK) --models models/ner

# Precision, recall and F1 per type and micro on ANERcorp test, with and without the gazetteer,
# and words per second of each model (the README table).
eval-ner: $(STAMP)
	$(PY) -m pipeline.training.ner_eval --data $(DATA) --models models

# Compiles models/kb/kb.jsonl from models/kb/entities.jsonl, GeoNames and pycountry.
kb: $(STAMP)
	$(PY) -m pipeline.kb.build --data $(DATA) --kb models/kb

# Precision and recall of canonical names on the hand-annotated linking test set.
eval-linking: $(STAMP)
	$(PY) -m pipeline.training.linking_eval --gold tests/data/linking_gold.jsonl --profile fast
	$(PY) -m pipeline.training.linking_eval --gold tests/data/linking_gold.jsonl --profile accurate

# The transliterator of unknown names (models/translit) from DATA/names (about a minute).
train-translit: $(STAMP)
	$(PY) -m pipeline.training.translit train --data $(DATA) --out models/translit

# Exact match and character error rate on held-out name words: today's romanisation table
# against the learned transliterator (the README table).
eval-translit: $(STAMP)
	$(PY) -m pipeline.training.translit eval --data $(DATA) --models models

# English names of the gold splits' NIL mentions as the link stage makes them (translated,
# transliterated or romanised), against the annotators' (train and dev; NAMES_ARGS=--split test)
NAMES_ARGS ?=
eval-names: $(STAMP)
	$(PY) -m pipeline.training.names_eval $(NAMES_ARGS)

# The events stage's models: the reporting model from the event gold standard (DATA/event_gsr;
# 10 s), then from the gold corpus's train split, thresholds chosen on dev: the argument
# attachment model (about 75 s); the merging model, on the arguments the attachment model gives
# (about 40 s); the detection model, reading the reporting model's scores, its threshold chosen
# on the output attached and merged as the stage does (about 60 s).
train-events: $(STAMP)
	$(PY) -m pipeline.training.events_model --data $(DATA) --out models/events
	$(PY) -m pipeline.training.events_attachment --data $(DATA) --out models/events
	$(PY) -m pipeline.training.events_merging --data $(DATA) --out models/events
	$(PY) -m pipeline.training.events_detection --data $(DATA) --out models/events

# Events: GSR sentence detection and actors (DATA/event_gsr) and the hand-annotated test set.
eval-events: $(STAMP)
	$(PY) -m pipeline.training.events_eval --data $(DATA) --profile fast
	$(PY) -m pipeline.training.events_eval --data $(DATA) --profile accurate

# Throughput of each profile with 1 and 2 workers beside stanza's own pipeline and spaCy's
# tokenizer, on a corpus built from DATA/rawtext, with peak RSS per worker and seconds per stage
# (the README table; about 25 minutes here). BENCH_ARGS e.g. "--articles 200 --repeats 1".
BENCH_ARGS ?=
bench: $(STAMP)
	$(PY) -m pipeline.bench --data $(DATA) --work build/bench $(BENCH_ARGS)

GOLD_SPLIT ?= dev
GOLD_WORK ?= build/gold

# The gold corpus (corpus/gold/, docs/annotation.md): the annotators' files compiled into
# corpus/gold/{train,dev,test}.jsonl with offsets, checked against the articles' text in DATA.
gold: $(STAMP)
	$(PY) -m pipeline.gold.compile --data $(DATA)
	for split in train dev test; do $(PY) -m pipeline validate-gold corpus/gold/$$split.jsonl --data $(DATA) || exit 1; done

# Agreement between the first and the second annotator on the doubly annotated articles (full
# tables), then the README's summary: each annotator also against the adjudicated gold.
gold-agreement: $(STAMP)
	$(PY) -m pipeline.gold.agreement --data $(DATA) --json $(GOLD_WORK)/agreement.json
	$(PY) -m pipeline.gold.agreement --data $(DATA) --table

# Both profiles on a gold split (GOLD_SPLIT=dev by default; test only for reporting, never for
# tuning), scored by pipeline.training.gold_eval; figures also in GOLD_WORK/SPLIT-PROFILE.json.
eval-gold: $(STAMP)
	$(PY) -m pipeline.gold.texts corpus/gold/$(GOLD_SPLIT).jsonl --data $(DATA) --out $(GOLD_WORK)/$(GOLD_SPLIT)-input.jsonl
	for profile in fast accurate; do \
	  $(PY) -m pipeline run $(GOLD_WORK)/$(GOLD_SPLIT)-input.jsonl -o $(GOLD_WORK)/$(GOLD_SPLIT)-$$profile --profile $$profile --quiet && \
	  $(PY) -m pipeline.training.gold_eval $(GOLD_WORK)/$(GOLD_SPLIT)-$$profile --split $(GOLD_SPLIT) \
	    --title "$$profile on gold $(GOLD_SPLIT)" --json $(GOLD_WORK)/$(GOLD_SPLIT)-$$profile.json || exit 1; \
	done
	$(PY) -m pipeline.training.gold_eval --compare fast=$(GOLD_WORK)/$(GOLD_SPLIT)-fast.json \
	  accurate=$(GOLD_WORK)/$(GOLD_SPLIT)-accurate.json

# Both profiles on the five seed articles (their gold records lie in the train split; the KB
# built from that split leaves them out, see pipeline/kb/gold_train.py): issue 17's seed figures.
eval-seeds: $(STAMP)
	$(PY) -m pipeline.gold.texts corpus/gold/train.jsonl --only-corpus seed --data $(DATA) --out $(GOLD_WORK)/seeds-input.jsonl
	for profile in fast accurate; do \
	  $(PY) -m pipeline run $(GOLD_WORK)/seeds-input.jsonl -o $(GOLD_WORK)/seeds-$$profile --profile $$profile --quiet && \
	  $(PY) -m pipeline.training.gold_eval $(GOLD_WORK)/seeds-$$profile --split train --only-corpus seed \
	    --title "$$profile on the seed articles" --json $(GOLD_WORK)/seeds-$$profile.json || exit 1; \
	done
	$(PY) -m pipeline.training.gold_eval --compare fast=$(GOLD_WORK)/seeds-fast.json \
	  accurate=$(GOLD_WORK)/seeds-accurate.json

# Stories (pipeline/stories/) on a gold split against hand labels of story identity
# (corpus/gold/stories/STORY_LABELS/SPLIT.jsonl, docs/story_annotation.md): pairwise and B-cubed
# P/R/F1; then the agreement of the two annotators where both files exist. Tune on dev only.
STORY_LABELS ?= adjudicated
STORY_ANNOTATORS ?= S1 S2
STORY_WORK ?= build/stories
STORY_GOLD ?= corpus/gold

eval-stories: $(STAMP)
	$(PY) -m pipeline.gold.texts corpus/gold/$(GOLD_SPLIT).jsonl --data $(DATA) --out $(STORY_WORK)/$(GOLD_SPLIT)-input.jsonl
	$(PY) -m pipeline run $(STORY_WORK)/$(GOLD_SPLIT)-input.jsonl -o $(STORY_WORK)/$(GOLD_SPLIT)-$(PROFILE) --profile $(PROFILE) --quiet
	$(PY) -m pipeline.stories.evaluation $(STORY_WORK)/$(GOLD_SPLIT)-$(PROFILE) --split $(GOLD_SPLIT) --gold $(STORY_GOLD) \
	  --labels $(STORY_LABELS) --json $(STORY_WORK)/$(GOLD_SPLIT)-$(PROFILE).json
	@set -- $(STORY_ANNOTATORS); if [ -f $(STORY_GOLD)/stories/$$1/$(GOLD_SPLIT).jsonl ] && [ -f $(STORY_GOLD)/stories/$$2/$(GOLD_SPLIT).jsonl ]; then \
	  $(PY) -m pipeline.stories.evaluation --agreement $$1 $$2 --split $(GOLD_SPLIT) --gold $(STORY_GOLD); fi

# Time the grouping of STORY_BENCH_RECORDS synthetic reports made from a real run on the gold
# train split's articles (pipeline/stories/synthetic.py; build/stories/bench/results.json).
STORY_BENCH_RECORDS ?= 100000

bench-stories: $(STAMP)
	test -f $(STORY_WORK)/train-fast/documents.jsonl || ( \
	  $(PY) -m pipeline.gold.texts corpus/gold/train.jsonl --data $(DATA) --out $(STORY_WORK)/train-input.jsonl && \
	  $(PY) -m pipeline run $(STORY_WORK)/train-input.jsonl -o $(STORY_WORK)/train-fast --profile fast --quiet )
	$(PY) -m pipeline.stories.synthetic $(STORY_WORK)/train-fast --records $(STORY_BENCH_RECORDS) \
	  --out $(STORY_WORK)/synthetic-$(STORY_BENCH_RECORDS).jsonl --truth $(STORY_WORK)/synthetic-$(STORY_BENCH_RECORDS)-truth.jsonl
	$(PY) -m pipeline.stories.bench $(STORY_WORK)/synthetic-$(STORY_BENCH_RECORDS).jsonl --work $(STORY_WORK)/bench \
	  --truth $(STORY_WORK)/synthetic-$(STORY_BENCH_RECORDS)-truth.jsonl
