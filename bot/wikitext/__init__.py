"""Model -> wikitext and back, offline: escaping, rendering, the row format, summaries; regions/: markers,
regions, splicing and seals."""
