"""Feedback settings with their defaults; override any of them in Django settings."""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # Attachments
    "FEEDBACK_MAX_FILE_SIZE": 10 * 1024 * 1024,
    "FEEDBACK_MAX_REPORT_SIZE": 30 * 1024 * 1024,
    "FEEDBACK_MAX_FILES_PER_UPLOAD": 5,
    # Deadlines (days)
    "FEEDBACK_ACKNOWLEDGE_DAYS": 7,
    "FEEDBACK_CONCLUDE_DAYS": 90,
    # Reminders: warn this many days before a deadline; at most one reminder per report per day.
    "FEEDBACK_REMINDER_LEAD_DAYS": 2,
    # Rate limits: scope -> (requests, window seconds), per client (keyed HMAC of the IP).
    "FEEDBACK_RATE_LIMITS": {
        "submit": (5, 3600),
        "receipt": (10, 600),
        "followup": (10, 3600),
        "rate": (20, 3600),
        "form": (10, 3600),
        "captcha": (60, 600),
    },
    # Ratings: a department whose monthly average falls below the threshold (with at least
    # the minimum number of ratings) becomes a warning signal.
    "FEEDBACK_POOR_RATING_THRESHOLD": 3.0,
    "FEEDBACK_POOR_RATING_MIN_COUNT": 5,
    # Ratings of one department from one network address per day (cache only).
    "FEEDBACK_RATINGS_PER_CLIENT_DAY": 3,
    # PBKDF2 iterations for receipt hashes (see feedback/receipts.py).
    "FEEDBACK_RECEIPT_HASH_ITERATIONS": 200_000,
    # Receipt look-up session lifetime (seconds).
    "FEEDBACK_RECEIPT_SESSION_SECONDS": 30 * 60,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
