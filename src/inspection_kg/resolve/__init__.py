"""Names → divisions of the notice's time, organisations, zones, initiatives, themes and English names; curated YAML."""
