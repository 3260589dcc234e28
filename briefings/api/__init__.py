"""The public read API at /api/v1/: the listing's briefings (with the listing's
own query parameters, through `BriefingFilterSet`), one briefing with its body,
and the vocabularies with their counts. Built on Django REST framework; the
OpenAPI schema comes from drf-spectacular. It reads the read model only
(`briefings.listing`), so it shows what public pages show and nothing else."""
