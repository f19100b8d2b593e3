"""Demo data for `flask --app cocreate seed demo`: a fictional municipality."""
