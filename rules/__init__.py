"""Built-in YAML, installed as gov_audit.rules: the rule packs (packs/) and the format knowledge beside them (knowledge/)."""
