"""`make bench` on small data: the corpus it builds and the table it measures."""

import json
from pathlib import Path

from pipeline.bench.corpus import build_corpus
from pipeline.bench.measure import BenchOptions, run_benchmark
from pipeline.bench.results import format_tables

ARTICLE = "قال المبعوث الأممي دي ميستورا إن المحادثات في جنيف مستمرة رغم الهجوم في حمص."


def _rawtext(data: Path, articles: int) -> None:
    folder = data / "rawtext"
    folder.mkdir(parents=True)
    with (folder / "saudinewsnet.jsonl").open("w", encoding="utf-8") as stream:
        for i in range(articles):
            row = {"id": f"a{i}", "date": "2015-07-21 02:51:32", "text": f"{ARTICLE} {i}"}
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")


def test_bench_corpus_is_the_seeds_then_articles_spread_over_the_raw_text(tmp_path, corpus_dir):
    _rawtext(tmp_path / "data", 100)
    target = tmp_path / "corpus.jsonl"
    documents, words = build_corpus(tmp_path / "data", corpus_dir, 10, target)
    ids = [json.loads(line)["id"] for line in target.open(encoding="utf-8")]
    seeds = sorted(path.stem for path in corpus_dir.glob("*.txt"))
    assert ids[: len(seeds)] == [f"seed-{stem}" for stem in seeds]
    assert ids[len(seeds) :] == [f"a{i}" for i in range(0, 100, 10)]
    assert documents == len(seeds) + 10
    assert words > 10 * len(ARTICLE.split())


def test_bench_measures_each_profile_and_worker_count_beside_the_tokenizer(tmp_path, corpus_dir):
    _rawtext(tmp_path / "data", 12)
    options = BenchOptions(
        data=tmp_path / "data",
        work=tmp_path / "bench",
        seeds=corpus_dir,
        articles=12,
        slow_articles=3,
        repeats=1,
        profiles=("rules",),
        workers=(1, 2),
        references=("spacy-tokenizer",),
    )
    results = run_benchmark(options, log=lambda line: None)
    runs = [(m["name"], m["workers"]) for m in results["measurements"]]
    assert runs == [("rules", 1), ("rules", 2), ("reference: spacy-tokenizer", 1)]
    for measurement in results["measurements"]:
        assert measurement["words"] == results["corpora"]["full"]["words"]
        assert measurement["words_per_second"] > 0
        assert len(measurement["peak_rss_mb"]) == measurement["workers"]
        assert all(rss > 50 for rss in measurement["peak_rss_mb"])  # a Python with the stages
    assert set(results["ratios"]) == {
        "rules x1 / spacy-tokenizer",
        "rules x2 / spacy-tokenizer",
    }
    stages = results["measurements"][0]["stage_seconds"]
    assert list(stages) == ["language", "normalise", "segment", "time", "events"]
    table = format_tables(results)
    assert "| rules | events |" in table
    assert json.loads((tmp_path / "bench" / "results.json").read_text()) == results


def test_stanza_reference_runs_its_full_pipeline_on_the_shipped_models(tmp_path):
    from pipeline.bench.processes import run_reference

    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps({"id": "x", "text": ARTICLE}, ensure_ascii=False) + "\n")
    seconds, peak_rss = run_reference("stanza", corpus)
    assert seconds > 0
    assert peak_rss[0] > 200  # torch and five stanza models loaded
