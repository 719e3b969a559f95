"""Settings of the worker that tests/test_outage.py kills: the test settings, with a visibility
timeout of seconds and unacked-message keys of the test's own (OUTAGE_KEY), so that the restore of
the killed worker's task touches no other worker's messages on the same Redis."""

import os

from config.settings.test import *  # noqa: F403

_key = os.environ["OUTAGE_KEY"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "visibility_timeout": int(os.environ["OUTAGE_VISIBILITY_TIMEOUT"]),
    "unacked_key": f"{_key}:unacked",
    "unacked_index_key": f"{_key}:unacked_index",
    "unacked_mutex_key": f"{_key}:unacked_mutex",
    # Look for abandoned messages every second (the default looks about every 100 s).
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
