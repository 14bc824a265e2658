"""The gold corpus of our domain: which articles it holds, their annotation, and its checks.

`selection` draws the articles from the raw news, `texts` reads their text back from the
shared data, `annotate` is the annotators' tool (show, find, check), `compile` turns the
annotators' files into `corpus/gold/*.jsonl`, and `agreement` compares two annotations of the
same articles. Scoring a pipeline run against it is `pipeline.training.gold_eval`.
"""
