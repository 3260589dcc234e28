"""What the site keeps, and when it forgets: the content generation (one number in
the shared cache, moved on by every change to published content) and the page
cache keyed on it. Nothing else keeps content: the public pages read the read
model (`briefings.listing`), fast without a cache."""
