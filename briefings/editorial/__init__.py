"""The admin's side of the briefings: the briefing list, the import, term editing,
merging and deleting, tag suggestions and the review workflow. Registered in
`briefings/wagtail_hooks.py`; nothing outside the admin imports it."""
