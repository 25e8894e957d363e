"""URL path converters shared by every app.

``<id:pk>`` matches 1 to 18 digits, so any matched value fits a signed 64-bit
database integer: a huge id in a URL gives a 404 instead of an OverflowError
(SQLite) or a DataError (PostgreSQL) and a 500.
"""

from django.urls import register_converter

MAX_ID_DIGITS = 18


class IdConverter:
    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
