"""Kunskapsstöd generator: YAML content → checked content graph → Markdown pages."""
