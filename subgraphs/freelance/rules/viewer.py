"""Who is asking, as the freelance rules need it: `kit.viewer.Viewer`, where a moderator may see
what others may not (a gig's rejection reason, disputes, drafts)."""

from __future__ import annotations

from subgraphs.kit import viewer as kit_viewer


class Viewer(kit_viewer.Viewer):
    @property
    def is_moderator(self) -> bool:
        return self.has_role("MODERATOR")
