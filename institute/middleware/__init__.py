"""The site's own middleware, one module each; listed in settings/base.py MIDDLEWARE."""
