"""The bare Django page of P1: the reference the product's pages are measured against (issue 18).

A minimal project served by the same gunicorn as the product, in the same run: Django's
default middleware only, no context processor of ours, a login-required view rendering a
50-row template with a CSRF form. What it runs on is the product's (settings.py), so that the
ratio of a product page to this one measures the product's own code."""
