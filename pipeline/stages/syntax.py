"""Stage `syntax`: stanza's tokenizer, tagger, lemmatizer and parser on the normalised text.

Loads any stanza model folder (ours in `models/stanza`, or official ones fetched with
`stanza.download('ar', model_dir=…)`) through `stanza.Pipeline(lang="ar", dir=…,
download_method=None)`: the processors come from that folder's `resources.json`. Each line
of the normalised text is one stanza document (titles and paragraphs never run together),
and every stanza word is mapped back to the original text: words of a multi-word token (official
models split clitics that way) share out the token's characters when they spell it exactly,
and otherwise each carry the whole token's span.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.document import Document, Sentence, Token
from pipeline.paths import stanza_dir
from pipeline.stages import Contract
from pipeline.tokenization import LINE, bounded_spans

LANGUAGE = "ar"
PROCESSOR_ORDER = ("tokenize", "mwt", "pos", "lemma", "depparse")
# stanza gets one line at a time; a line longer than this (a feed without punctuation) is cut, so
# that the parser's cost, quadratic in a sentence's length, stays bounded
MAX_PIECE_TOKENS = 400


class StanzaModelsMissing(RuntimeError):
    """The stanza model folder is missing or has no Arabic models."""


@dataclass(slots=True)
class _Word:
    start: int  # offsets in the normalised text
    end: int
    norm: str
    upos: str | None
    lemma: str | None
    head: int  # 1-based within the sentence, 0 for the root
    deprel: str | None


CONTRACT = Contract(requires=("normalized",), assigns=("sentences", "tokens", "syntax"))


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
            download_method=None,
            use_gpu=False,
            logging_level="WARN",
        )

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]

    def pipe(self, docs: list[Document]) -> list[Document]:
        """Parse `docs`; stanza gets the lines of all of them in one `bulk_process` call."""
        pieces_of, texts = [], []
        for doc in docs:
            if doc.normalized is None:
                raise RuntimeError("syntax needs the normalise stage to run first")
            pieces = _stanza_pieces(doc.normalized.text)
            pieces_of.append(pieces)
            texts.extend(doc.normalized.text[start:end] for start, end in pieces)
        parsed = self.nlp.bulk_process(texts) if texts else []
        position = 0
        for doc, pieces in zip(docs, pieces_of, strict=True):
            doc.sentences, doc.tokens = [], []
            for (start, _), stanza_doc in zip(
                pieces, parsed[position : position + len(pieces)], strict=True
            ):
                for sentence in stanza_doc.sentences:
                    self._add_sentence(doc, _sentence_words(sentence, start))
            position += len(pieces)
        return docs

    def _add_sentence(self, doc: Document, words: list[_Word]) -> None:
        if not words:
            return
        index = len(doc.sentences)
        doc.sentences.append(Sentence(*doc.original_span(words[0].start, words[-1].end)))
        first = len(doc.tokens)
        for word in words:
            start, end = doc.original_span(word.start, word.end)
            head = first + word.head - 1 if word.head else None
            doc.tokens.append(
                Token(
                    start,
                    end,
                    doc.text[start:end],
                    word.norm,
                    index,
                    word.upos,
                    word.lemma,
                    head,
                    word.deprel,
                )
            )

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


def _stanza_pieces(text: str) -> list[tuple[int, int]]:
    """The lines of `text`, a line too long for the parser cut at a sentence end or comma."""
    pieces = []
    for line in LINE.finditer(text):
        pieces.extend(bounded_spans(text, line.start(), line.end(), MAX_PIECE_TOKENS))
    return pieces


def _sentence_words(sentence: Any, offset: int) -> list[_Word]:
    words = []
    for token in sentence.tokens:
        spans = _word_spans(token)
        for word, (start, end) in zip(token.words, spans, strict=True):
            words.append(
                _Word(
                    offset + start,
                    offset + end,
                    word.text,
                    word.upos,
                    word.lemma,
                    word.head or 0,
                    word.deprel,
                )
            )
    return words


def _word_spans(token: Any) -> list[tuple[int, int]]:
    start, end = token.start_char, token.end_char
    if len(token.words) == 1:
        return [(start, end)]
    spans, position = [], start
    if "".join(w.text for w in token.words) == token.text:
        for word in token.words:
            spans.append((position, position + len(word.text)))
            position += len(word.text)
        return spans
    return [(start, end)] * len(token.words)


def create(options: dict[str, Any]) -> SyntaxStage:
    return SyntaxStage(stanza_dir(options.get("stanza_dir")), parse=options.get("parse", True))
