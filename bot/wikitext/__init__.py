"""Model -> wikitext and back, offline: escaping, rendering, the row format, markers, regions, seals, summaries."""
