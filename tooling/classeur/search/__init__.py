"""Full-text search per audience: Whoosh schema and French analysis, indexing, ranking, querying."""
