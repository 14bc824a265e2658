"""Train the project's NER models on ANERcorp: a fast spaCy model and an accurate stanza model.

    python -m pipeline.training.ner_models all --data ../shared/data --work build/ner \
        --models models/ner

Steps (each also a sub-command):
- `prepare`: ANERcorp folded like the pipeline's normalised text (`ner_data.py`), as spaCy
  DocBins and stanza JSON; the raw news text folded and tokenised, one article per line;
- `vectors`: floret vectors (subword-hashed, so every clitic-bearing form gets a vector) trained
  on the raw news text, imported with `spacy init vectors --mode floret`;
- `spacy`: `spacy train` with `pipeline/resources/ner_spacy.cfg`;
- `stanza`: stanza's own NER trainer (BiLSTM-CRF with a character model) over the word vectors
  already shipped in `models/stanza/ar/pretrain`;
- `lexicon`: word frequencies of the raw news text (`clitics.py` uses them to tell `بحمص`
  = ب + حمص from `بشار`);
- `gazetteer`: compiles `models/ner/gazetteer.tsv` and `name_words.txt` (`ner_gazetteer.py`);
- `install`: copies the best models into `models/ner/`;
- `silver`: the installed accurate recogniser tags a sample of the raw news articles
  (`ner_silver.py`);
- `spacy-silver`, `stanza-silver`: the models trained again on gold plus silver sentences
  (self-training: the fast model learns from the accurate one; the accurate one can learn from
  the sentences both agree on, off in the shipped settings: it did not help);
- `install-silver`: copies the second-round models into `models/ner/`;
- `spacy-domain`: the installed spaCy model trained further (its floret vectors kept) on
  ANERcorp train, the gold corpus's train split (Syrian-war news) and AQMAR train
  (`ner_domain.py`), the best checkpoint picked on ANERcorp dev plus gold dev;
- `stanza-domain`: the same for the stanza model (ANERcorp and gold train, no AQMAR), off
  when `stanza_gold_copies` is 0;
- `install-domain`: copies that model into `models/ner/`.
Dev is used only to pick the best checkpoint. `all` skips the steps a stopped run finished
(a stamp per step in `WORK/done/`); a step named on its own always runs. Hyper-parameters
and seeds live in `pipeline/resources/ner_training.toml` and `ner_spacy.cfg`.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import time
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.lang.ar.fold import normal_form
from pipeline.ner.recognisers import STANZA_PRETRAIN
from pipeline.tokenization import TOKEN
from pipeline.training.ner_data import (
    TaggedSentence,
    load_split,
    write_spacy_docbin,
    write_stanza_json,
)
from pipeline.training.ner_domain import aqmar_sentences, gold_sentences, rehearsal_sentences
from pipeline.training.ner_gazetteer import compile_gazetteer, compile_name_words
from pipeline.training.ner_silver import build_silver
from pipeline.training.trainer_flags import trainer_flags

LOG = logging.getLogger("train-ner")
SPLITS = ("train", "dev", "test")
STEPS = (
    "prepare", "vectors", "spacy", "stanza", "lexicon", "gazetteer", "install",
    "silver", "spacy-silver", "stanza-silver", "install-silver", "spacy-domain",
    "stanza-domain", "install-domain",
)  # fmt: skip
SPACY_CONFIG = "ner_spacy.cfg"


def training_config(path: Path | None = None) -> dict[str, Any]:
    """The training settings: `pipeline/resources/ner_training.toml`, or another file."""
    text = path.read_text("utf-8") if path else resources.read_text("ner_training.toml")
    return tomllib.loads(text)


def prepare(data: Path, work: Path, config: dict[str, Any]) -> None:
    max_tokens = config["data"]["max_tokens"]
    for split in SPLITS:
        sentences = load_split(data, split, max_tokens if split != "test" else None)
        write_spacy_docbin(sentences, work / "data" / f"{split}.spacy")
        write_stanza_json(sentences, work / "data" / f"{split}.json")
        LOG.info("%s: %d sentences", split, len(sentences))
    _write_raw_text(data / "rawtext" / "saudinewsnet.jsonl", work / "rawtext.txt")


def _write_raw_text(source: Path, target: Path) -> None:
    """The raw news text folded and tokenised like the NER input, one article per line."""
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for line in lines:
            text = normal_form(json.loads(line)["text"])
            out.write(" ".join(TOKEN.findall(text)) + "\n")


def vectors(work: Path, config: dict[str, Any]) -> None:
    import floret
    import spacy
    from spacy.training.initialize import convert_vectors

    settings = config["vectors"]
    model = floret.train_unsupervised(
        str(work / "rawtext.txt"),
        model=settings["model"],
        mode="floret",
        dim=settings["dim"],
        bucket=settings["bucket"],
        hashCount=settings["hash_count"],
        minn=settings["minn"],
        maxn=settings["maxn"],
        minCount=settings["min_count"],
        epoch=settings["epochs"],
        thread=settings["threads"],
    )
    model.save_floret_vectors(str(work / "vectors.floret"))
    nlp = spacy.blank("ar")
    convert_vectors(
        nlp, work / "vectors.floret", truncate=0, prune=-1, name="ar_news_floret", mode="floret"
    )
    nlp.to_disk(work / "vectors")


def train_spacy(
    work: Path, settings: dict[str, Any], train_data: Path | None = None, output: str = "spacy"
) -> None:
    """`spacy train` with ner_spacy.cfg and `settings` (dotted config keys) over it."""
    from spacy.cli.train import train

    overrides = {
        "paths.train": str(train_data or work / "data" / "train.spacy"),
        "paths.dev": str(work / "data" / "dev.spacy"),
        "paths.vectors": str(work / "vectors"),
        **settings,
    }
    with resources.path(SPACY_CONFIG) as config_path:
        train(config_path, work / output, overrides=overrides)


def train_stanza(
    work: Path,
    models: Path,
    config: dict[str, Any],
    train_data: Path | None = None,
    output: str = "stanza",
) -> None:
    from stanza.models import ner_tagger

    files = [
        "--train_file", str(train_data or work / "data" / "train.json"),
        "--eval_file", str(work / "data" / "dev.json"),
        "--wordvec_pretrain_file", str(pretrain_file(models)),
        "--save_dir", str(work / output), "--save_name", "ner.pt",
        "--shorthand", "ar_anercorp", "--cpu",
    ]  # fmt: skip
    ner_tagger.main([*files, *trainer_flags(config["stanza"])])


def pretrain_file(models: Path) -> Path:
    """The word vectors the stanza NER model is trained over (`models` is models/ner)."""
    return models.parent / STANZA_PRETRAIN


def lexicon(work: Path, models: Path, config: dict[str, Any]) -> None:
    """Frequencies of the raw news words seen at least `min_count` times."""
    counts: Counter[str] = Counter()
    with (work / "rawtext.txt").open(encoding="utf-8") as lines:
        for line in lines:
            counts.update(line.split())
    min_count = config["lexicon"]["min_count"]
    target = models / "word_counts.tsv"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as out:
        for word, count in counts.most_common():
            if count < min_count:
                break
            if word.isalpha():
                out.write(f"{word}\t{count}\n")


def _built_kb(models: Path) -> Path | None:
    """The built knowledge base beside models/ner, whose gold-train names join the gazetteer;
    None (with a note) where it has not been built (`make kb`)."""
    path = models.parent / "kb" / "kb.jsonl"
    if not path.exists():
        LOG.info("gazetteer: %s not built, its gold-train names left out", path)
        return None
    return path


def gazetteer_check_sentences(data: Path, config: dict[str, Any]) -> list[TaggedSentence]:
    """The tagged sentences the gazetteer's names are checked on: ANERcorp train, and with
    `check_on_gold_train` the gold train split (`قوات النظام`: a description there, no name)."""
    sentences = load_split(data, "train", config["data"]["max_tokens"])
    if config["gazetteer"].get("check_on_gold_train"):
        sentences += gold_sentences(data, "train")
    return sentences


def gazetteer(data: Path, models: Path, config: dict[str, Any]) -> None:
    settings = config["gazetteer"]
    train = gazetteer_check_sentences(data, config)
    counts = compile_gazetteer(
        data,
        models.parent / "kb" / "entities.jsonl",
        train,
        models / "gazetteer.tsv",
        min_seen=settings["min_seen"],
        min_precision=settings["min_precision"],
        single_word_min_correct=settings["single_word_min_correct"],
        built_kb=_built_kb(models),
    )
    LOG.info("gazetteer: %(entries)d names kept, %(dropped)d dropped", counts)
    words = compile_name_words(
        data, models / "gazetteer.tsv", models / "name_words.txt", models / "word_counts.tsv"
    )
    LOG.info("name words: %d", words)


def silver(work: Path, models: Path, config: dict[str, Any]) -> None:
    build_silver(work / "rawtext.txt", models.parent, work, config["silver"])


def spacy_mix(work: Path, settings: dict[str, Any]) -> Path:
    """A folder of DocBins: the gold training split `spacy_gold_copies` times, plus silver."""
    folder = work / "silver" / "spacy_train"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for copy in range(settings["spacy_gold_copies"]):
        shutil.copyfile(work / "data" / "train.spacy", folder / f"gold{copy}.spacy")
    if settings["spacy_data"]:
        name = f"{settings['spacy_data']}.spacy"
        shutil.copyfile(work / "silver" / name, folder / name)
    return folder


def stanza_mix(work: Path, settings: dict[str, Any]) -> Path:
    """One stanza JSON file: the gold sentences `stanza_gold_copies` times, plus silver."""
    gold = json.loads((work / "data" / "train.json").read_text("utf-8"))
    rows = gold * settings["stanza_gold_copies"]
    if settings["stanza_data"]:
        extra = work / "silver" / f"{settings['stanza_data']}.json"
        rows += json.loads(extra.read_text("utf-8"))
    target = work / "silver" / "stanza_train.json"
    target.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return target


def install_spacy(trained: Path, models: Path) -> None:
    """Copy the best spaCy model of a training folder into `models`."""
    target = models / "spacy"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(trained / "model-best", target)


def install_stanza(trained: Path, models: Path) -> None:
    target = models / "stanza" / "ner.pt"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(trained / "ner.pt", target)


def domain_data(data: Path, work: Path, models: Path, config: dict[str, Any]) -> tuple[Path, Path]:
    """Folders of DocBins: (train, dev) of the in-domain round, under WORK/domain."""
    settings = config["domain"]
    max_tokens = config["data"]["max_tokens"]
    train: dict[str, list[TaggedSentence]] = {"anercorp": load_split(data, "train", max_tokens)}
    for copy in range(settings["gold_copies"]):
        train[f"gold{copy}"] = gold_sentences(data, "train")
    if settings["aqmar_misc"]:
        train["aqmar"] = aqmar_sentences(data, "train", settings["aqmar_misc"], max_tokens)
    if settings.get("rehearsal_words"):
        base, gazetteer_file = work / "domain" / "base", models / "gazetteer.tsv"
        train["rehearsal"] = rehearsal_sentences(data, base, gazetteer_file, settings)
    dev = {"anercorp": load_split(data, "dev", max_tokens)}
    if settings["gold_dev"]:
        dev["gold"] = gold_sentences(data, "dev")
    folders = work / "domain" / "train", work / "domain" / "dev"
    for folder, parts in zip(folders, (train, dev), strict=True):
        if folder.exists():
            shutil.rmtree(folder)
        for name, sentences in parts.items():
            write_spacy_docbin(sentences, folder / f"{name}.spacy")
            LOG.info("%s/%s: %d sentences", folder.name, name, len(sentences))
    return folders


def train_spacy_domain(data: Path, work: Path, models: Path, config: dict[str, Any]) -> None:
    """Train the installed spaCy model further on the in-domain mix (`domain_data`).

    The model it starts from is copied to WORK/domain/base once, so that a rerun after
    `install-domain` starts from the same model.
    """
    from spacy.cli.train import train
    from spacy.util import load_config

    base = work / "domain" / "base"
    if not base.exists():
        shutil.copytree(models / "spacy", base)
    train_folder, dev_folder = domain_data(data, work, models, config)
    spacy_config = load_config(base / "config.cfg")
    for component in spacy_config["nlp"]["pipeline"]:
        spacy_config["components"][component] = {"source": str(base)}
    spacy_config["paths"].update(
        {"train": str(train_folder), "dev": str(dev_folder), "vectors": str(base)}
    )
    config_path = work / "domain" / "config.cfg"
    spacy_config.to_disk(config_path)
    train(config_path, work / "spacy_domain", overrides=config.get("spacy_domain", {}))


def train_stanza_domain(data: Path, work: Path, models: Path, config: dict[str, Any]) -> None:
    """Train the installed stanza model further on ANERcorp train and gold train (no AQMAR).

    Dev is ANERcorp dev plus gold dev, as for spaCy; the starting model is kept in
    WORK/domain/base_stanza.pt so that a rerun after `install-domain` starts from it again.
    """
    from stanza.models import ner_tagger

    settings = config["domain"]
    max_tokens = config["data"]["max_tokens"]
    base = work / "domain" / "base_stanza.pt"
    if not base.exists():
        base.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(models / "stanza" / "ner.pt", base)
    train = load_split(data, "train", max_tokens)
    train += gold_sentences(data, "train") * settings["stanza_gold_copies"]
    dev = load_split(data, "dev", max_tokens) + gold_sentences(data, "dev")
    folder = work / "domain"
    write_stanza_json(train, folder / "stanza_train.json")
    write_stanza_json(dev, folder / "stanza_dev.json")
    files = [
        "--train_file", str(folder / "stanza_train.json"),
        "--eval_file", str(folder / "stanza_dev.json"),
        "--wordvec_pretrain_file", str(pretrain_file(models)),
        "--save_dir", str(work / "stanza_domain"), "--save_name", "ner.pt",
        "--shorthand", "ar_anercorp", "--cpu", "--finetune", "--finetune_load_name", str(base),
    ]  # fmt: skip
    ner_tagger.main([*files, *trainer_flags(config.get("stanza_domain", {}))])


def run_step(step: str, data: Path, work: Path, models: Path, config: dict[str, Any]) -> None:
    """One step of `STEPS`; `models` is the models/ner folder."""
    if step == "prepare":
        prepare(data, work, config)
    elif step == "vectors":
        vectors(work, config)
    elif step == "spacy":
        train_spacy(work, config.get("spacy", {}))
    elif step == "stanza":
        train_stanza(work, models, config)
    elif step == "lexicon":
        lexicon(work, models, config)
    elif step == "gazetteer":
        gazetteer(data, models, config)
    elif step == "install":
        install_spacy(work / "spacy", models)
        install_stanza(work / "stanza", models)
    elif step == "silver":
        silver(work, models, config)
    elif step == "spacy-silver":
        mix = spacy_mix(work, config["silver"])
        train_spacy(work, config.get("spacy_silver", {}), mix, output="spacy_silver")
    elif step == "stanza-silver" and config["silver"]["stanza_data"]:
        mix = stanza_mix(work, config["silver"])
        train_stanza(work, models, config, mix, output="stanza_silver")
    elif step == "install-silver":
        install_spacy(work / "spacy_silver", models)
        if config["silver"]["stanza_data"]:
            install_stanza(work / "stanza_silver", models)
    elif step == "spacy-domain" and "domain" in config:
        train_spacy_domain(data, work, models, config)
    elif step == "stanza-domain" and config.get("domain", {}).get("stanza_gold_copies"):
        train_stanza_domain(data, work, models, config)
    elif step == "install-domain" and "domain" in config:
        install_spacy(work / "spacy_domain", models)
        if config["domain"].get("stanza_gold_copies"):
            install_stanza(work / "stanza_domain", models)
    else:
        LOG.info("%s: nothing to do with these settings", step)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=[*STEPS, "all"])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--work", type=Path, default=Path("build/ner"))
    parser.add_argument("--models", type=Path, default=Path("models/ner"))
    parser.add_argument(
        "--config", type=Path, help="training settings (default: resources/ner_training.toml)"
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    config = training_config(args.config)
    args.work.mkdir(parents=True, exist_ok=True)
    steps = STEPS if args.step == "all" else (args.step,)
    for step in steps:
        stamp = args.work / "done" / step
        if args.step == "all" and stamp.exists():
            LOG.info("%s: done by an earlier run (%s)", step, stamp)
            continue
        started = time.perf_counter()
        run_step(step, args.data, args.work, args.models, config)
        LOG.info("%s done in %.0f s", step, time.perf_counter() - started)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()


if __name__ == "__main__":
    main()
