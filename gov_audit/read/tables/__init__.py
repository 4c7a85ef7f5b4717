"""Reading the statistical tables of a report: pipe rows, or cells run together in running text."""
