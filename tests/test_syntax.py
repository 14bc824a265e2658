"""The shipped stanza models load offline and analyse the document's token layer: tags, heads,
and the clitics their tokenizer splits off as sub-words of a token."""

import shutil
import socket

import pytest
from conftest import segmented

from pipeline.document import Document
from pipeline.paths import REPO_ROOT
from pipeline.stages.syntax import StanzaModelsMissing, SyntaxStage

SHIPPED = REPO_ROOT / "models" / "stanza"
SEED_MEETING = "واجتمع دي ميستورا، السبت، مع الجانبين بشكل منفصل في #جنيف بينما حاول التوصل لاتفاق."


@pytest.fixture(scope="module")
def offline_syntax():
    """The syntax stage built while every network connection attempt fails."""
    original_connect = socket.socket.connect

    def refuse(*args, **kwargs):
        raise OSError("network access attempted while loading models")

    socket.socket.connect = refuse
    try:
        yield SyntaxStage(SHIPPED)
    finally:
        socket.socket.connect = original_connect


def analyse(stage: SyntaxStage, text: str) -> Document:
    return stage(segmented(text))


def test_shipped_models_load_with_networking_disabled(offline_syntax):
    assert offline_syntax.processors == ["tokenize", "pos", "lemma", "depparse"]


def test_conjunction_wa_is_a_sub_word_of_qala(offline_syntax):
    doc = analyse(offline_syntax, "وقال دي ميستورا إن المحادثات مستمرة.")
    said = doc.tokens[0]
    assert said.norm == "وقال"
    assert [word.text for word in said.words] == ["و", "قال"]
    assert said.upos == "VERB"


def test_a_token_carries_the_analysis_of_its_word_after_the_proclitics(offline_syntax):
    doc = analyse(offline_syntax, "وبحمص قصفت الطائرات الأحياء.")
    in_homs = doc.tokens[0]
    assert [word.text for word in in_homs.words][-1] == "بحمص"
    assert in_homs.upos == in_homs.words[-1].upos


def test_syntax_keeps_the_token_layer_it_was_given(offline_syntax):
    text = "وقال #دي_ميستورا في بيان: \u200fحمـص آمنة. وقصفت الطائرات حلب"
    before = [(t.start, t.end, t.norm) for t in segmented(text).tokens]
    doc = analyse(offline_syntax, text)
    assert [(t.start, t.end, t.norm) for t in doc.tokens] == before
    assert any(token.text == "حمـص" for token in doc.tokens)
    assert all(token.upos for token in doc.tokens)


def test_subject_of_ijtama_is_de_mistura(offline_syntax):
    doc = analyse(offline_syntax, SEED_MEETING)
    verb = next(i for i, t in enumerate(doc.tokens) if t.norm == "واجتمع")
    subject = next(i for i, t in enumerate(doc.tokens) if t.head == verb and t.deprel == "nsubj")
    subtree = [t.norm for t in doc.tokens if t.head == subject or t is doc.tokens[subject]]
    assert subtree == ["دي", "ميستورا"]


def test_heads_point_inside_their_sentence(offline_syntax):
    doc = analyse(offline_syntax, SEED_MEETING + "\nوقال حسون إن المنطقة آمنة.")
    for token in doc.tokens:
        if token.head is not None:
            assert doc.tokens[token.head].sentence == token.sentence


def test_any_stanza_folder_loads_through_the_same_code(tmp_path):
    copy = tmp_path / "stanza_resources"
    shutil.copytree(SHIPPED, copy)
    stage = SyntaxStage(copy, parse=False)
    doc = analyse(stage, "وقال لافروف إن روسيا تدعم الهدنة.")
    assert stage.processors == ["tokenize", "pos", "lemma"]
    assert all(t.upos and t.lemma for t in doc.tokens)
    assert all(t.head is None for t in doc.tokens)


def test_missing_model_folder_says_how_to_get_models(tmp_path):
    with pytest.raises(StanzaModelsMissing, match=r"stanza\.download"):
        SyntaxStage(tmp_path / "nothing")


def test_run_with_a_missing_stanza_folder_stops_with_a_clear_message(tmp_path):
    from conftest import CORPUS, run_cli

    result = run_cli(
        "run",
        str(CORPUS),
        "-o",
        str(tmp_path / "out"),
        "--profile",
        "accurate",
        "--stanza-dir",
        str(tmp_path / "no_models"),
    )
    assert result.returncode == 2
    assert b"stanza.download" in result.stderr
    assert not (tmp_path / "out" / "documents.jsonl").exists()


def test_environment_variable_chooses_the_stanza_folder(tmp_path, monkeypatch):
    from pipeline.stages.syntax import create

    copy = tmp_path / "elsewhere"
    shutil.copytree(SHIPPED, copy)
    monkeypatch.setenv("PIPELINE_STANZA_DIR", str(copy))
    assert create({"parse": False}).model_dir == copy


def _stanza_sentence(tokens):
    """A sentence as stanza parses it: tokens (start_char) of words (id, head)."""
    from types import SimpleNamespace as Item

    made, word_id = [], 0
    for start, words in tokens:
        pieces = []
        for text, upos, head, deprel in words:
            word_id += 1
            pieces.append(
                Item(id=word_id, text=text, upos=upos, lemma=text, head=head, deprel=deprel)
            )
        made.append(Item(start_char=start, words=pieces))
    return Item(tokens=made)


def test_an_enclitic_pronoun_leaves_the_token_the_analysis_of_its_noun():
    from pipeline.stages.syntax import _analyse

    doc = segmented("قصفها الطيران")
    parsed = _stanza_sentence(
        [
            (0, [("قصف", "NOUN", 0, "root"), ("ها", "PRON", 1, "nmod")]),
            (6, [("الطيران", "NOUN", 1, "nmod")]),
        ]
    )
    _analyse(doc, 0, parsed, 0)
    shelling, aviation = doc.tokens
    assert [word.text for word in shelling.words] == ["قصف", "ها"]
    assert (shelling.upos, shelling.head, shelling.deprel) == ("NOUN", None, "root")
    assert shelling.words[1].head == 0  # the pronoun's head is its own token
    assert (aviation.head, aviation.deprel) == (0, "nmod")


def test_a_token_that_stanza_joins_to_the_one_before_is_its_goeswith_part(offline_syntax):
    doc = analyse(offline_syntax, "وأصدرت الوزارة بيان؛ قالت فيه إن الهدنة مستمرة.")
    semicolon = next(i for i, token in enumerate(doc.tokens) if token.text == "؛")
    assert all(token.deprel for token in doc.tokens)
    assert (doc.tokens[semicolon].head, doc.tokens[semicolon].deprel) == (semicolon - 1, "goeswith")
