"""Municipality pages are composed in `challenges` (its list) and `site`; CLI lives in cli.py."""
