"""Dense search within areas by chunk id (issue 10): the cost follows the area, not the country.

Chroma's metadata filter (`area $in [...]`) scans every record's metadata: at 10^5 chunks it costs 50-80 ms a
question. The ledger already knows which live chunks each area has, and a query restricted to those ids costs about
20 ms, with the same results. Kept apart from send_assistant/ingest/index.py only for size; `Index` is the one class
to use."""

from __future__ import annotations

from collections.abc import Sequence

from send_assistant.errors import IndexUnavailableError
from send_assistant.ingest.store import StoredChunk

MAX_AREA_IDS = 50000  # an area search passes its chunk ids to Chroma up to this many, else a metadata filter


class IndexAreaSearch:
    """Mixin for ingest.index.Index (it provides ledger, _cached, _store_for and refresh)."""

    def _search_area_ids(
        self, embedding: Sequence[float], k: int, areas: list[str]
    ) -> list[tuple[StoredChunk, float]] | None:
        """Dense search restricted to the live chunk ids of these areas (from the ledger), or None when they are
        too many to pass (then the metadata filter is used). Issue 10: the cost follows the area."""
        for attempt in range(2):
            view, by_area = self._cached("ids-by-area", self._ids_by_area)
            ids = [c for area in dict.fromkeys(areas) for c in by_area.get(area, ())]  # type: ignore[union-attr]
            if len(ids) > MAX_AREA_IDS:
                return None
            try:
                hits = self._store_for(view.collection).query(embedding, min(k, len(ids)), ids=ids)
            except IndexUnavailableError:
                if attempt == 0 and self.refresh() != view:
                    continue
                raise
            if attempt == 1 or self.refresh() == view:
                return hits
        return hits

    def _ids_by_area(self, view) -> dict[str, list[str]]:
        """Live chunk ids per area ("" national) of a view, read from the ledger once per version."""
        out: dict[str, list[str]] = {}
        for entry in self.ledger.entries(view.generation):
            out.setdefault(entry.meta.get("area") or "", []).extend(entry.chunk_ids)
        return out
