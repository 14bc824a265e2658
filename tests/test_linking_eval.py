"""`make eval-linking`: the scoring rules, and a run of the fast profile on part of the gold set."""

from pipeline.paths import REPO_ROOT
from pipeline.training import linking_eval

GOLD = REPO_ROOT / "tests" / "data" / "linking_gold.jsonl"
ONE = [
    {
        "id": "g",
        "date": "2015-08-04",
        "text": "قال كيري في سورية",
        "mentions": [
            {"start": 4, "end": 8, "kb_id": "per:john_kerry"},
            {"start": 12, "end": 17, "kb_id": None},
        ],
    }
]


def test_a_correct_link_counts_for_precision_and_recall():
    counts = linking_eval.score(ONE, [[{"start": 4, "end": 8, "kb_id": "per:john_kerry"}]])
    assert (counts["correct"], counts["system_links"], counts["linkable"]) == (1, 1, 1)


def test_a_link_on_a_mention_outside_the_knowledge_base_is_wrong():
    system = [[{"start": 12, "end": 17, "kb_id": "loc:country_sy"}]]
    counts = linking_eval.score(ONE, system)
    assert (counts["correct"], counts["system_links"], counts["wrong_link_nil"]) == (0, 1, 1)


def test_the_gold_set_has_every_span_right():
    gold = linking_eval.read_gold(GOLD)
    mentions = [m for item in gold for m in item["mentions"]]
    assert len(gold) == 70 and len(mentions) == 251
    for item in gold:
        for mention in item["mentions"]:
            assert item["text"][mention["start"] : mention["end"]] == mention["text"]


def test_the_fast_profile_links_most_of_the_first_sentences():
    gold = linking_eval.read_gold(GOLD)[:10]
    counts = linking_eval.score(gold, linking_eval.system_entities("fast", gold))
    assert counts["correct"] >= 0.7 * counts["linkable"]
    assert "precision" in linking_eval.report(counts, "fast")
