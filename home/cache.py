"""A Redis cache that a Redis outage slows down a little but never breaks.

Django's own RedisCache raises when Redis is down, and Wagtail reads the cache to find a page's site
(`Site.get_site_root_paths`), so every page, the login and search answered 500. This backend answers
as an empty cache instead: reads miss, writes are dropped, and the caller computes from the
database. After a failure it does not try Redis again for `DOWN_SECONDS` (5 s by default), so
an outage costs one failed connection per process every few seconds, not one per cache call.

A write dropped during an outage is lost: a key that should have been deleted then may be read
stale once Redis is back. The project's cached figures carry the organisation's figures version in
their key, so they are never stale; Wagtail's site root paths expire within the hour.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)


class DegradingRedisCache(RedisCache):
    """Django's RedisCache that behaves as an empty cache while Redis cannot be reached."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.down_seconds = float(options.pop("DOWN_SECONDS", 5))
        # One quick attempt: a cache that answers late is worse than no cache.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0

    def _degrade(self, fallback, operation, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return operation(*args, **kwargs)
        except RedisError as error:
            self._down_until = time.monotonic() + self.down_seconds
            logger.warning(
                "Redis cache unreachable (%s); serving without a cache for %.0f s",
                error,
                self.down_seconds,
            )
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._degrade(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._degrade(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._degrade({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._degrade(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._degrade(missing, super().incr, key, delta, version)
        if result is missing:
            # What Django's caches say about a key they do not hold.
            raise ValueError(f"Key '{key}' not found")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's convention: the keys that could not be stored.
        return self._degrade(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._degrade(None, super().delete_many, keys, version)

    def clear(self):
        return self._degrade(False, super().clear)
