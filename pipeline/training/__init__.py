"""Training commands for the models that ship in models/ (run through `make train-*`)."""
