"""The answer pipeline: retrieval, the ordered stages, grounding checks and user-facing texts."""
