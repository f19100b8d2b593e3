"""The app as gunicorn serves it in the concurrency test; configured from COCREATE_TEST_CONFIG."""

import json
import os

from cocreate import create_app

app = create_app(json.loads(os.environ["COCREATE_TEST_CONFIG"]))
