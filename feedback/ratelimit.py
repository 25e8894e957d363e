"""Per-client rate limits kept only in the Django cache (Redis when REDIS_URL is set).

The client is identified by a keyed HMAC of its IP address. The HMAC key is derived from
SECRET_KEY, the value lives only in cache keys, and each key expires with its window (minutes to
an hour): the IP address itself is never stored, in the cache, the database or the logs.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

from feedback import conf


def client_fingerprint(request) -> str:
    ip = request.META.get("REMOTE_ADDR", "") or "unknown"
    key = hashlib.sha256(b"feedback.ratelimit|" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()[:32]


def _limits(scope: str) -> tuple[int, int]:
    """settings.FEEDBACK_RATE_LIMITS may override some scopes; the others keep their default."""
    limits = {**conf.DEFAULTS["FEEDBACK_RATE_LIMITS"], **conf.get("FEEDBACK_RATE_LIMITS")}
    return tuple(limits[scope])


def is_limited(request, scope: str, *, count: bool = True) -> bool:
    """Count one request for this client in ``scope``; True once the limit is exceeded."""
    limit, window = _limits(scope)
    bucket = int(time.time() // window)
    key = f"feedback-rl:{scope}:{client_fingerprint(request)}:{bucket}"
    if not count:
        return (cache.get(key) or 0) >= limit
    if cache.add(key, 1, timeout=window):
        value = 1
    else:
        try:
            value = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            value = 1
    return value > limit
