"""Language knowledge, one package per language (as spaCy's `spacy/lang/`): only Arabic here."""
