"""Pattern tables as data: one YAML file per concern, with the loaders that read them."""
