"""Train the project's stanza models (tokenize, pos, lemma, depparse) from UD Arabic-PUD.

    python -m pipeline.training.stanza_models all --data ../shared/data --work build/stanza \
        --models models/stanza

Steps (each also a sub-command): `prepare` normalises the treebank the way the pipeline
normalises articles and writes stanza's tokenizer files; `vectors` trains word2vec vectors on
the raw news text and turns the most frequent words into a stanza pretrain file; `train` runs
stanza's own trainers; `install` copies the models into `models/stanza` in stanza's layout
(`resources.json` + `ar/<processor>/<package>.pt`), so that `stanza.Pipeline(lang="ar",
dir=models/stanza, download_method=None)` loads them exactly as it loads official models.
Hyper-parameters live in `pipeline/resources/stanza_training.toml`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
import shutil
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.lang.ar.fold import normal_form
from pipeline.tokenization import TOKEN
from pipeline.training.conllu import map_forms, read_conllu, write_conllu
from pipeline.training.trainer_flags import trainer_flags

LOG = logging.getLogger("train-stanza")
SHORTHAND = "ar_pud"
PACKAGE = "pud_news"
SPLITS = ("train", "dev", "test")
PROCESSORS = ("tokenize", "pos", "lemma", "depparse")


def training_config() -> dict[str, Any]:
    return tomllib.loads(resources.read_text("stanza_training.toml"))


def data_file(work: Path, split: str, suffix: str) -> Path:
    return work / "data" / f"{SHORTHAND}.{split}.{suffix}"


def prepare(data: Path, work: Path) -> None:
    """Normalised CoNLL-U, plain text and tokenizer labels for each PUD split."""
    from stanza.utils.datasets import prepare_tokenizer_data

    (work / "data").mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        source = data / "ud_pud" / f"ar_pud-{split}.conllu"
        sentences = [map_forms(s, normal_form) for s in read_conllu(source)]
        write_conllu(sentences, data_file(work, split, "conllu"))
        _write_paragraphs([s.text() for s in sentences], data_file(work, split, "txt"))
        prepare_tokenizer_data.main(
            [
                str(data_file(work, split, "txt")),
                str(data_file(work, split, "conllu")),
                "-o",
                str(data_file(work, split, "toklabels")),
                "-m",
                str(data_file(work, split, "mwt.json")),
            ]
        )
        LOG.info("%s: %d sentences", split, len(sentences))


def _write_paragraphs(texts: list[str], path: Path, per_paragraph: int = 5) -> None:
    paragraphs = [
        " ".join(texts[i : i + per_paragraph]) for i in range(0, len(texts), per_paragraph)
    ]
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def news_sentences(rawtext: Path, limit: int | None = None) -> Iterator[list[str]]:
    """Normalised, tokenised chunks of the raw news text, for training word vectors."""
    with rawtext.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream):
            if limit is not None and number >= limit:
                return
            text = normal_form(json.loads(line)["text"])
            tokens = TOKEN.findall(text)
            for start in range(0, len(tokens), 200):
                yield tokens[start : start + 200]


def vectors(data: Path, work: Path, config: dict[str, Any]) -> Path:
    """Train word2vec on the raw news text; keep the most frequent words as a stanza pretrain."""
    from gensim.models import Word2Vec
    from stanza.models.common.pretrain import Pretrain

    settings = config["vectors"]
    rawtext = data / "rawtext" / "saudinewsnet.jsonl"
    corpus = list(news_sentences(rawtext, settings.get("max_articles")))
    started = time.perf_counter()
    model = Word2Vec(
        corpus,
        vector_size=settings["dim"],
        window=settings["window"],
        min_count=settings["min_count"],
        sg=settings["skipgram"],
        epochs=settings["epochs"],
        workers=settings["workers"],
        seed=settings["seed"],
    )
    LOG.info("word2vec: %d words in %.0f s", len(model.wv), time.perf_counter() - started)
    vec_path = work / "vectors" / "news.vec"
    vec_path.parent.mkdir(parents=True, exist_ok=True)
    kept = _write_vec(model, treebank_words(work), settings["max_vocab"], vec_path)
    LOG.info("kept %d words for the pretrain file", kept)
    pretrain_path = work / "vectors" / "news.pt"
    pretrain_path.unlink(missing_ok=True)
    Pretrain(filename=str(pretrain_path), vec_filename=str(vec_path)).load()
    return pretrain_path


def treebank_words(work: Path) -> set[str]:
    """Every word form of the prepared training split (kept even when rare in the news)."""
    words = set()
    for sentence in read_conllu(data_file(work, "train", "conllu")):
        words.update(row[1] for row in sentence.rows)
    return words


def _write_vec(model: Any, must_keep: set[str], max_vocab: int, path: Path) -> int:
    frequent = model.wv.index_to_key[:max_vocab]
    extra = [w for w in must_keep if w in model.wv.key_to_index and w not in set(frequent)]
    words = frequent + sorted(extra)
    with path.open("w", encoding="utf-8") as stream:
        stream.write(f"{len(words)} {model.wv.vector_size}\n")
        for word in words:
            values = " ".join(f"{x:.4f}" for x in model.wv[word])
            stream.write(f"{word} {values}\n")
    return len(words)


def train(work: Path, config: dict[str, Any], processors: list[str]) -> None:
    """Run stanza's own trainers for the chosen processors."""
    pretrain = str(work / "vectors" / "news.pt")
    for processor in processors:
        started = time.perf_counter()
        random.seed(config["seed"])
        TRAINERS[processor](work, pretrain, config[processor])
        LOG.info("%s trained in %.0f s", processor, time.perf_counter() - started)


LANGUAGE_FLAGS = ["--lang", "ar", "--shorthand", SHORTHAND, "--cpu"]


def _saving(work: Path, processor: str) -> list[str]:
    return ["--save_dir", str(work / "saved"), "--save_name", f"{processor}.pt"]


def _treebank_files(work: Path, processor: str) -> list[str]:
    """Train, dev and prediction files of the CoNLL-U trainers (tagger, lemmatizer, parser)."""
    return [
        "--train_file", str(data_file(work, "train", "conllu")),
        "--eval_file", str(data_file(work, "dev", "conllu")),
        "--output_file", str(work / f"{processor}.dev.pred.conllu"),
    ]  # fmt: skip


def _train_tokenizer(work: Path, pretrain: str, settings: dict[str, Any]) -> None:
    from stanza.models import tokenizer

    files = [
        "--txt_file", str(data_file(work, "train", "txt")),
        "--label_file", str(data_file(work, "train", "toklabels")),
        "--mwt_json_file", str(data_file(work, "train", "mwt.json")),
        "--dev_txt_file", str(data_file(work, "dev", "txt")),
        "--dev_label_file", str(data_file(work, "dev", "toklabels")),
        "--dev_conll_gold", str(data_file(work, "dev", "conllu")),
        "--conll_file", str(work / "tokenize.dev.pred.conllu"),
    ]  # fmt: skip
    tokenizer.main(
        [
            *files,
            *_saving(work, "tokenize"),
            "--no_use_mwt",
            *LANGUAGE_FLAGS,
            *trainer_flags(settings),
        ]
    )


def _train_tagger(work: Path, pretrain: str, settings: dict[str, Any]) -> None:
    from stanza.models import tagger

    tagger.main([
        "--wordvec_pretrain_file", pretrain, *_treebank_files(work, "pos"),
        *_saving(work, "pos"), *LANGUAGE_FLAGS, *trainer_flags(settings),
    ])  # fmt: skip


def _train_lemmatizer(work: Path, pretrain: str, settings: dict[str, Any]) -> None:
    from stanza.models import lemmatizer

    # the lemmatizer takes no --lang
    lemmatizer.main([
        *_treebank_files(work, "lemma"), *_saving(work, "lemma"),
        "--shorthand", SHORTHAND, "--cpu", *trainer_flags(settings),
    ])  # fmt: skip


def _train_parser(work: Path, pretrain: str, settings: dict[str, Any]) -> None:
    from stanza.models import parser

    parser.main([
        "--wordvec_pretrain_file", pretrain, *_treebank_files(work, "depparse"),
        *_saving(work, "depparse"), *LANGUAGE_FLAGS, *trainer_flags(settings),
    ])  # fmt: skip


TRAINERS = {
    "tokenize": _train_tokenizer,
    "pos": _train_tagger,
    "lemma": _train_lemmatizer,
    "depparse": _train_parser,
}


def install(work: Path, models: Path) -> None:
    """Copy the trained models into stanza's directory layout with a resources.json."""
    language_dir = models / "ar"
    entries: dict[str, Any] = {}
    for processor in (*PROCESSORS, "pretrain"):
        source = (
            work / "vectors" / "news.pt"
            if processor == "pretrain"
            else work / "saved" / f"{processor}.pt"
        )
        target = language_dir / processor / f"{PACKAGE}.pt"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        entry: dict[str, Any] = {"md5": _md5(target)}
        if processor in ("pos", "depparse"):
            entry["dependencies"] = [{"model": "pretrain", "package": PACKAGE}]
        entries[processor] = {PACKAGE: entry}
    entries["default_processors"] = {p: PACKAGE for p in PROCESSORS}
    entries["packages"] = {"default": {p: PACKAGE for p in PROCESSORS}}
    entries["default_dependencies"] = {}
    entries["lang_name"] = "Arabic"
    (models / "resources.json").write_text(json.dumps({"ar": entries}, indent=2) + "\n")


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=["prepare", "vectors", "train", "install", "all"])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--work", type=Path, default=Path("build/stanza"))
    parser.add_argument("--models", type=Path, default=Path("models/stanza"))
    parser.add_argument("--processors", default=",".join(PROCESSORS))
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    config = training_config()
    processors = [p for p in args.processors.split(",") if p]
    unknown = set(processors) - set(PROCESSORS)
    if unknown:
        raise SystemExit(f"unknown processors: {', '.join(sorted(unknown))}")
    if args.step in ("prepare", "all"):
        prepare(args.data, args.work)
    if args.step in ("vectors", "all"):
        vectors(args.data, args.work, config)
    if args.step in ("train", "all"):
        train(args.work, config, processors)
    if args.step in ("install", "all"):
        install(args.work, args.models)


if __name__ == "__main__":
    main()
