"""Within-article merging: mentions of one real-world event become one record, others stay apart.

The shipped merging model (`models/events/merging.json`, `make train-events`) runs in the
`fast` profile with every candidate written (`min_confidence` 0), so that these tests specify
the merging and not the detection model; the clustering and the training pairs are specified
on sentences run through the stages before the events stage.
"""

import pytest

from pipeline.codec import event_row
from pipeline.dates import within_date
from pipeline.document import Document, SourceInfo
from pipeline.events.detection import document_candidates
from pipeline.events.merging import Context, EventRecord, cluster, lead
from pipeline.events.records import most_specific_place
from pipeline.events.triggers import TriggerLexicon
from pipeline.stages import create_stages, run_stages
from pipeline.training.events_detection import Article
from pipeline.training.events_merging import pair_examples

AIRSTRIKE_THEN_THE_ATTACK = (
    "قتل 12 مدنيا على الأقل أمس في غارة جوية استهدفت سوقا شعبيا في مدينة إدلب. "
    "وأدان الائتلاف الوطني السوري الهجوم ووصفه بأنه جريمة حرب."
)
TWO_CEASEFIRES = (
    "أعلنت الأمم المتحدة التوصل إلى هدنة في مدينة الزبداني تبدأ اليوم. "
    "وفي سياق منفصل، دخل اتفاق لوقف إطلاق النار حيز التنفيذ في مدينة إدلب أمس."
)
CAR_BOMB_THEN_THE_EXPLOSION = (
    "انفجرت سيارة مفخخة صباح اليوم قرب مركز للشرطة في مدينة القامشلي. "
    "وقال مسؤول محلي إن الانفجار أدى إلى مقتل ثلاثة أشخاص."
)
STRIKE_ON_RAQQA = "قصفت طائرات التحالف مواقع لتنظيم داعش في الرقة أمس. "
TWO_STRIKES_ON_TWO_TOWNS = (
    "قصفت طائرات النظام بلدة كفرنبل في ريف إدلب. وفي درعا، قصفت المدفعية حي طريق السد."
)


@pytest.fixture(scope="module")
def fast():
    return create_stages("fast", {"events": {"min_confidence": 0}})


@pytest.fixture(scope="module")
def before_events():
    return create_stages("fast", omit=("events",))


def document(text: str) -> Document:
    source = SourceInfo(path="test", sha256="0" * 64, encoding="utf-8")
    return Document(doc_id="t", text=text, source=source, date="2016-02-10")


def records_of(stages, text: str, event_type: str) -> list[dict]:
    events = [event_row(event) for event in run_stages(stages, document(text)).events]
    return [event for event in events if event["type"] == event_type]


def mention_texts(event: dict) -> list[str]:
    return [mention["trigger"]["text"] for mention in event["mentions"]]


def test_an_airstrike_then_called_the_attack_is_one_record_with_both_mentions(fast):
    (attack,) = records_of(fast, AIRSTRIKE_THEN_THE_ATTACK, "ATTACK")
    assert "غارة جوية" in mention_texts(attack) and "الهجوم" in mention_texts(attack)
    assert {mention["sentence"] for mention in attack["mentions"]} == {0, 1}


def test_without_the_merging_model_the_bare_anaphor_rule_still_joins_the_attack():
    rules = create_stages("rules", {"events": {"min_confidence": 0, "merging": False}})
    (attack,) = records_of(rules, AIRSTRIKE_THEN_THE_ATTACK, "ATTACK")
    assert "الهجوم" in mention_texts(attack)


def test_the_explosion_of_a_described_car_bomb_joins_it_and_the_verb_leads(fast):
    (attack,) = records_of(fast, CAR_BOMB_THEN_THE_EXPLOSION, "ATTACK")
    assert "الانفجار" in mention_texts(attack)
    assert attack["trigger"]["text"] == "انفجرت"


def test_two_ceasefires_in_two_towns_stay_two_records(fast):
    ceasefires = records_of(fast, TWO_CEASEFIRES, "CEASEFIRE")
    assert [event["location"]["text"] for event in ceasefires] == ["الزبداني", "إدلب"]


def test_two_strikes_on_two_towns_stay_two_records(fast):
    attacks = records_of(fast, TWO_STRIKES_ON_TWO_TOWNS, "ATTACK")
    assert len(attacks) == 2


def candidates_of(stages, text: str):
    doc = run_stages(stages, document(text))
    return doc, document_candidates(doc, TriggerLexicon.packaged(), None)


def always_same(record: EventRecord, mention, context: Context) -> float:
    return 1.0


def test_a_mention_never_joins_a_record_of_its_own_sentence(before_events):
    text = (
        "قصفت المدفعية بلدة تلبيسة وشنت الطائرات غارة جوية على مدينة الرستن. وأدى القصف إلى مقتل 3."
    )
    _, candidates = candidates_of(before_events, text)
    mentions = [c.mention for c in candidates if c.mention.type == "ATTACK"]
    assert [m.sentence.index for m in mentions] == [0, 0, 1]
    records = cluster(mentions, always_same, 0.5)
    assert [len(record.mentions) for record in records] == [2, 1]


def never_same(record: EventRecord, mention, context: Context) -> float:
    return 0.0


def rule_records(stages, text: str, event_type: str) -> list[list[int]]:
    """The sentences of each record of `event_type`, clustered by a scorer that keeps every
    mention apart: only the rules (a continuation, an event named by its place, a bare
    anaphor) join them."""
    _, candidates = candidates_of(stages, text)
    mentions = [c.mention for c in candidates if c.mention.type == event_type]
    records = cluster(mentions, never_same, 0.5)
    return [[m.sentence.index for m in record.mentions] for record in records]


def statement_records(stages, text: str) -> list[list[int]]:
    return rule_records(stages, text, "STATEMENT")


def test_he_added_goes_on_with_the_statement_before_it(before_events):
    text = (
        "قال وزير الخارجية التركي إن بلاده لن تشارك في العملية البرية. "
        "وقصفت الطائرات مواقع في ريف حلب. "
        "وأضاف الوزير أن المحادثات مع واشنطن مستمرة."
    )
    assert statement_records(before_events, text) == [[0, 2]]


def test_he_added_goes_on_with_the_statement_of_the_speaker_it_names(before_events):
    text = (
        "قال سيرغي لافروف إن موسكو لن تشارك في العملية البرية. "
        "ونفت أنقرة أي اتفاق مع المعارضة. "
        "وأضاف لافروف أن المحادثات مع واشنطن مستمرة."
    )
    assert statement_records(before_events, text) == [[0, 2], [1]]


def test_he_added_naming_another_speaker_is_left_to_the_pair_model(before_events):
    text = (
        "قال وزير الخارجية الأمريكي جون كيري إن بلاده لن تشارك في العملية البرية. "
        "وقصفت الطائرات مواقع في ريف حلب. "
        "وأضاف سيرغي لافروف أن المحادثات مع واشنطن مستمرة."
    )
    assert statement_records(before_events, text) == [[0], [2]]


def test_he_added_after_a_planned_statement_does_not_join_it(before_events):
    text = (
        "سيعلن الوزير غدا موقف بلاده من العملية البرية. "
        "وقصفت الطائرات مواقع في ريف حلب. "
        "وأضاف المتحدث أن المحادثات مع واشنطن مستمرة."
    )
    assert statement_records(before_events, text) == [[0], [2]]


def test_he_added_with_no_statement_before_it_stands_alone(before_events):
    text = "وأضاف المتحدث أن المحادثات مع واشنطن مستمرة."
    _, candidates = candidates_of(before_events, text)
    statements = [c.mention for c in candidates if c.mention.type == "STATEMENT"]
    assert len(cluster(statements, never_same, 0.5)) == 1


def test_the_lead_of_a_record_is_its_first_mention_that_is_no_anaphor(before_events):
    text = "وأسفر الانفجار عن مقتل خمسة أشخاص. وكان انفجار ضخم قد هز وسط مدينة حمص صباح اليوم."
    _, candidates = candidates_of(before_events, text)
    record = EventRecord([c.mention for c in candidates if c.mention.type == "ATTACK"])
    leading = lead(record)
    assert leading.sentence.index == 1
    assert leading.sentence.words[leading.hit.start].text == "انفجار"


def span_of(text: str, word: str, after: int = 0) -> dict:
    start = text.index(word, after)
    return {"text": word, "start": start, "end": start + len(word)}


def test_training_pairs_say_same_for_mentions_of_one_gold_event(before_events):
    text = (
        "قصفت طائرات النظام بلدة كفرنبل أمس. وقصفت المدفعية مدينة درعا. "
        "وأدى القصف على كفرنبل إلى مقتل 4 مدنيين."
    )
    doc, candidates = candidates_of(before_events, text)
    first, second = span_of(text, "قصفت"), span_of(text, "وقصفت")
    anaphor = span_of(text, "القصف")
    gold_events = [
        {"id": "v1", "type": "ATTACK", "optional": False, "mentions": [first, anaphor]},
        {"id": "v2", "type": "ATTACK", "optional": False, "mentions": [second]},
    ]
    article = Article({"doc_id": "t", "events": gold_events}, doc, candidates)
    labels = [example.label for example in pair_examples(article)]
    # the second strike against the first (different), then the anaphor against each
    assert labels == [False, True, False]


def test_a_month_holds_its_days_so_two_reports_dated_so_do_not_conflict():
    assert within_date("2015-07", "2015-07-21") and within_date("2015-07-21", "2015")
    assert not within_date("2015-07", "2015-08-01")


def record_placed(stages, text: str, places: list[str]) -> EventRecord:
    """The record of the text's ATTACK mentions, the nth placed at the nth of `places` (an
    entity of the text), as the attachment model would have placed them."""
    doc, candidates = candidates_of(stages, text)
    mentions = [c.mention for c in candidates if c.mention.type == "ATTACK"]
    by_text = {entity.text: entity for entity in doc.entities}
    for mention, place in zip(mentions, places, strict=True):
        mention.location, mention.location_confident = by_text[place], True
    return EventRecord(mentions)


GOVERNORATE_THEN_TOWN = (
    "قصفت طائرات النظام مواقع في محافظة إدلب أمس. وأدى القصف على بلدة كفرنبل إلى مقتل 4 مدنيين."
)


def test_a_record_takes_the_town_a_later_mention_names_within_its_governorate(before_events):
    record = record_placed(before_events, GOVERNORATE_THEN_TOWN, ["محافظة إدلب", "كفرنبل"])
    assert most_specific_place(record).text == "كفرنبل"


def test_a_record_keeps_its_town_when_a_later_mention_names_its_governorate(before_events):
    text = "قصفت طائرات النظام بلدة كفرنبل أمس. وأدى القصف على محافظة إدلب إلى مقتل 4 مدنيين."
    record = record_placed(before_events, text, ["كفرنبل", "محافظة إدلب"])
    assert most_specific_place(record).text == "كفرنبل"


def test_a_record_keeps_its_first_place_when_a_later_one_lies_elsewhere(before_events):
    text = "قصفت طائرات النظام بلدة كفرنبل أمس. وأدى القصف على مدينة حلب إلى مقتل 4 مدنيين."
    record = record_placed(before_events, text, ["كفرنبل", "حلب"])
    assert most_specific_place(record).text == "كفرنبل"


def test_a_meeting_the_ministers_held_during_a_meeting_is_one_meeting(fast):
    # the noun found a place of its own (`الوضع في سوريا`, the topic) and stood apart
    text = (
        "وكان الوزيران التقيا في قطر في آب/أغسطس خلال اجتماع ثلاثي مع نظيرهما الأمريكي جون "
        "كيري هيمن عليه الوضع في سوريا."
    )
    (talks,) = records_of(fast, text, "TALKS")
    assert mention_texts(talks) == ["التقيا", "اجتماع"]


def attack_records(stages, text: str) -> list[list[int]]:
    return rule_records(stages, text, "ATTACK")


def test_an_attack_called_by_its_place_twice_is_one_attack(before_events):
    text = (
        "دانت الحكومة التركية هجوم سروج الذي قتل فيه 32 شخصا. "
        "وقال رئيس الوزراء إن منفذي اعتداء سروج سيحاسبون."
    )
    assert attack_records(before_events, text) == [[0, 1]]


def test_attacks_called_by_two_places_stay_two(before_events):
    text = (
        "دانت الحكومة التركية هجوم سروج الذي قتل فيه 32 شخصا. "
        "وقال رئيس الوزراء إن منفذي اعتداء أنقرة سيحاسبون."
    )
    assert attack_records(before_events, text) == [[0], [1]]


def test_a_bare_anaphor_joins_the_attack_it_refers_back_to(before_events):
    text = (
        STRIKE_ON_RAQQA + "وأفاد ناشطون بأن عشرات العائلات نزحت من المدينة. "
        "وقال المرصد السوري إن القصف أدى إلى مقتل 12 عنصرا."
    )
    assert attack_records(before_events, text) == [[0, 2]]


def test_an_anaphor_naming_another_place_is_another_attack(before_events):
    text = STRIKE_ON_RAQQA + "وقال المرصد السوري إن القصف في دير الزور أدى إلى مقتل 12 عنصرا."
    assert attack_records(before_events, text) == [[0], [1]]


def test_an_anaphor_dated_another_day_is_another_attack(before_events):
    text = STRIKE_ON_RAQQA + "وقال المرصد السوري إن القصف في 5 كانون الثاني أدى إلى مقتل 12 عنصرا."
    assert attack_records(before_events, text) == [[0], [1]]


def test_an_anaphor_naming_a_party_its_record_lacks_is_another_attack(before_events):
    text = (
        STRIKE_ON_RAQQA + "وقال المرصد السوري إن القصف الذي شنه الجيش التركي أدى إلى مقتل 12 عنصرا."
    )
    assert attack_records(before_events, text) == [[0], [1]]


def test_talks_with_one_party_of_an_earlier_meeting_of_two_are_that_meeting(before_events):
    text = (
        "والتقى وزير الخارجية الروسي سيرجي لافروف المبعوث الدولي ستافان دي ميستورا في موسكو. "
        "وقال لافروف إننا أجرينا محادثات مفيدة مع دي ميستورا."
    )
    assert rule_records(before_events, text, "TALKS") == [[0, 1]]


def test_talks_with_a_party_the_earlier_meeting_lacks_are_other_talks(before_events):
    text = (
        "والتقى وزير الخارجية الروسي سيرجي لافروف المبعوث الدولي ستافان دي ميستورا في موسكو. "
        "وقال لافروف إننا أجرينا محادثات مفيدة مع جون كيري."
    )
    assert rule_records(before_events, text, "TALKS") == [[0], [1]]


def test_shelling_after_the_opener_hadha_wa_is_another_shelling(fast):
    text = "قصفت قوات النظام مدينة حلب هذا وقصفت قوات النظام مدينة دوما."
    assert len(records_of(fast, text, "ATTACK")) == 2
