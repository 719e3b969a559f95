"""Handing a task to the broker without ever failing or holding the request that asks.

Every place that queues a task goes through `queue_task` (or `queue_task_on_commit`): with the
broker down the send fails at once (one quick try, see CELERY_BROKER_* in the settings), is logged,
and the caller carries on. What the lost task would have done is made up by a sweep: fan-outs by the
recovery sweep every few minutes, joiners' requirements by the daily sweep.
"""

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


def queue_task(task, *args, **kwargs) -> bool:
    """Send `task(*args, **kwargs)` to the broker; False (and a log line) when it cannot be sent.

    Without a broker (tasks run in-process) the task runs here and its errors propagate, as they
    always have in that mode.
    """
    if task.app.conf.task_always_eager:
        task.delay(*args, **kwargs)
        return True
    try:
        task.delay(*args, **kwargs)
    except Exception:  # any failure to hand it over: the request that asked must still answer
        logger.exception("Task %s could not be queued; a sweep will make it up", task.name)
        return False
    return True


def queue_task_on_commit(task, *args, **kwargs) -> None:
    """`queue_task` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(partial(queue_task, task, *args, **kwargs))
