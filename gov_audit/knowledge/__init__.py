"""What govaudit knows of the reports' formats, compiled from rules/knowledge/*.yaml.

The templates and their keys, the lexicon of phrasings, the numbering
grammar, how reports name their agency and year, where tables stand in a
text. Every stage reads it here; no stage asks another for it.
"""
