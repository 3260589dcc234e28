"""Articles in the fixtures' format (`fixtures/README.md`) into pages: reading and
checking a file (`article_format`), reading uploads (`uploads`), writing pages and
terms (`writer`), the seed content (`fixtures`) and bulk imports
(`bulk_import`)."""
