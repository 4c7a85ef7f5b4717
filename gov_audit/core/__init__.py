"""The bottom of the package, shared by every stage: the model (Document, Fact, Finding,
FileResult), figures as intervals and how they are read from text, the expression language
of relations, and the YAML loading with its cache."""
