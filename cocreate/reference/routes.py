"""Reference data has no pages: the roadmap is in `site`, principle pages in `challenges`."""
