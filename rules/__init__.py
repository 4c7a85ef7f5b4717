"""Built-in YAML knowledge (templates, lexicon, rule packs), installed as gov_audit.rules."""
