"""Stage `syntax`: stanza's tagger, lemmatizer and parser over the document's token layer.

Loads any stanza model folder (ours in `models/stanza`, or official ones fetched with
`stanza.download('ar', model_dir=…)`) through `stanza.Pipeline(lang="ar", dir=…,
download_method=None)`: the processors come from that folder's `resources.json`. Stanza gets
each sentence of the `segment` stage (no sentence splitting of its own) and its analysis is
written onto the document's one token layer, which every stage of every profile reads. Its
tokenizer splits clitics (`وقال` → `و` + `قال`, as the treebank it was trained on): the pieces
become sub-words of the token that holds them (`Token.words`, as stanza's Token/Word), and
the token carries the analysis of its head word (`_head_word`).
"""

from __future__ import annotations

import bisect
import hashlib
import json
from pathlib import Path
from typing import Any

from pipeline.document import Document, SubWord, Token
from pipeline.paths import stanza_dir
from pipeline.stages import Contract

LANGUAGE = "ar"
PROCESSOR_ORDER = ("tokenize", "mwt", "pos", "lemma", "depparse")
PARAGRAPH_BREAK = "\n\n"  # with `tokenize_no_ssplit`, stanza's only sentence boundary


class StanzaModelsMissing(RuntimeError):
    """The stanza model folder is missing or has no Arabic models."""


CONTRACT = Contract(requires=("normalized", "sentences", "tokens"), assigns=("syntax",))


class SyntaxStage:
    contract = CONTRACT
    name = "syntax"

    def __init__(self, model_dir: Path, parse: bool = True) -> None:
        import stanza

        self.model_dir = model_dir
        self.processors = available_processors(model_dir, parse)
        self.version = f"stanza-{stanza.__version__}"
        self.nlp = stanza.Pipeline(
            lang=LANGUAGE,
            dir=str(model_dir),
            processors=",".join(self.processors),
            tokenize_no_ssplit=True,
            download_method=None,
            use_gpu=False,
            logging_level="WARN",
        )

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]

    def pipe(self, docs: list[Document]) -> list[Document]:
        """Parse `docs`; stanza gets all of them in one `bulk_process` call, each document one
        text whose paragraphs are its sentences (`tokenize_no_ssplit` keeps them whole)."""
        texts, offsets = [], []
        for doc in docs:
            text, starts = _paragraphs(doc)
            texts.append(text)
            offsets.append(starts)
        parsed = self.nlp.bulk_process(texts) if texts else []
        for doc, stanza_doc, starts in zip(docs, parsed, offsets, strict=True):
            if len(stanza_doc.sentences) != len(doc.sentences):
                raise RuntimeError(
                    f"stanza read {len(stanza_doc.sentences)} sentences for {len(doc.sentences)}"
                )
            for index, (sentence, start) in enumerate(
                zip(stanza_doc.sentences, starts, strict=True)
            ):
                _analyse(doc, index, sentence, start)
        return docs

    def provenance(self) -> list[dict[str, Any]]:
        entries = []
        for path in sorted(self.model_dir.glob(f"{LANGUAGE}/*/*.pt")):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            name = f"stanza/{path.relative_to(self.model_dir).as_posix()}"
            entries.append({"name": name, "version": self.version, "sha256": digest})
        return entries


def available_processors(model_dir: Path, parse: bool = True) -> list[str]:
    """The processors that the folder's resources.json offers for Arabic, in pipeline order."""
    resources_file = model_dir / "resources.json"
    if not resources_file.is_file():
        raise StanzaModelsMissing(
            f"no stanza models in {model_dir} (resources.json missing): train them with "
            "`make train-stanza`, or fetch official ones with "
            "stanza.download('ar', model_dir=DIR) and pass --stanza-dir DIR"
        )
    defaults = json.loads(resources_file.read_text("utf-8")).get(LANGUAGE, {})
    offered = defaults.get("default_processors", {})
    wanted = [p for p in PROCESSOR_ORDER if p in offered]
    if not parse and "depparse" in wanted:
        wanted.remove("depparse")
    if "tokenize" not in wanted:
        raise StanzaModelsMissing(f"{resources_file} offers no Arabic tokenizer")
    return wanted


def _paragraphs(doc: Document) -> tuple[str, list[int]]:
    """The document's sentences (normalised) joined as paragraphs, and where each starts."""
    if doc.normalized is None:
        raise RuntimeError("syntax needs the normalise stage to run first")
    pieces, starts, position = [], [], 0
    for index in range(len(doc.sentences)):
        tokens = doc.sentence_tokens(index)
        piece = doc.normalized.text[tokens[0].norm_start : tokens[-1].norm_end]
        pieces.append(piece)
        starts.append(position)
        position += len(piece) + len(PARAGRAPH_BREAK)
    return PARAGRAPH_BREAK.join(pieces), starts


def _analyse(doc: Document, index: int, parsed: Any, offset: int) -> None:
    """Write stanza's analysis of sentence `index` (stanza's `parsed`, whose characters start
    at `offset` of the text it read) onto its tokens: each stanza word belongs to the token in
    which its stanza token starts; a token that a stanza token only runs into (it joined
    `بيان` and `;`) is attached to that token as UD's `goeswith` part."""
    tokens = doc.sentence_tokens(index)
    first = doc.sentences[index].token_start or 0
    base = tokens[0].norm_start
    starts = [token.norm_start - base for token in tokens]
    owner: dict[int, int] = {}  # stanza word id -> index of our token
    words_of: dict[int, list[Any]] = {}
    for stanza_token in parsed.tokens:
        start = stanza_token.start_char - offset
        position = first + max(bisect.bisect_right(starts, start) - 1, 0)
        for word in stanza_token.words:
            owner[word.id] = position
            words_of.setdefault(position, []).append(word)
    for position, words in words_of.items():
        sub_words = [_sub_word(word, owner.get(word.head)) for word in words]
        _set_analysis(doc.tokens[position], _head_word(sub_words, position))
        if len(sub_words) > 1:
            doc.tokens[position].words = tuple(sub_words)
    _attach_parts(doc, first, first + len(tokens))


def _attach_parts(doc: Document, first: int, end: int) -> None:
    """Tokens of [first, end) that no stanza token starts in: parts of the token before."""
    for position in range(first + 1, end):
        token = doc.tokens[position]
        if token.deprel is None and doc.tokens[position - 1].deprel is not None:
            _set_analysis(token, SubWord(token.norm, "X", token.norm, position - 1, "goeswith"))


def _sub_word(word: Any, head: int | None) -> SubWord:
    return SubWord(word.text, word.upos, word.lemma, head if word.head else None, word.deprel)


def _head_word(words: list[SubWord], own_index: int) -> SubWord:
    """The last word of a token whose head lies outside it: after proclitics (`و`, `ب`), before
    an enclitic pronoun, whose head is the word it is attached to (the last word if none)."""
    outside = [word for word in words if word.head != own_index]
    return outside[-1] if outside else words[-1]


def _set_analysis(token: Token, word: SubWord) -> None:
    token.upos = word.upos
    token.lemma = word.lemma
    token.head = word.head
    token.deprel = word.deprel


def create(options: dict[str, Any]) -> SyntaxStage:
    return SyntaxStage(stanza_dir(options.get("stanza_dir")), parse=options.get("parse", True))
