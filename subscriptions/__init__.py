"""Readers follow any listing by email: a saved query of the listing's
FilterSet, confirmed by a signed link, sent as published, daily or weekly by
the background worker."""
