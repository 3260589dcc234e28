"""Admin views of the briefings app: merging terms, tag suggestions, bulk import."""
