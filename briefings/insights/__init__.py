"""/insights/: the patterns in the briefings as charts (per year by challenge,
the challenges most dealt with, which challenges appear together), honouring
the listing's filters; also for a theme's and a participant's own briefings.
Server-rendered SVG with a data table and a CSV beside each chart."""
