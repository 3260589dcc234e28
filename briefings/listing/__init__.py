"""The public read path: the read model of published briefings and everything a
listing reads from it, in the order a request meets them (filters, facets, the
page of results, cards, pagination, `build_listing`).

Nothing here imports the page types (`briefings.models`): the read model is kept
from them by `briefings.upkeep`, and pages call in here with what they are.
"""
