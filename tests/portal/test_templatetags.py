import datetime
import zoneinfo

from portal.templatetags.portal_tags import cn_date, cn_datetime, duration, iso_duration


def test_cn_date():
    assert cn_date(datetime.date(2026, 11, 7)) == "2026年11月7日"
    assert cn_date(None) == ""


def test_cn_datetime_uses_local_time():
    utc = datetime.datetime(2026, 11, 27, 16, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert cn_datetime(utc) == "2026年11月28日 00:30"
    assert cn_date(utc) == "2026年11月28日"


def test_duration():
    assert duration(datetime.timedelta(minutes=5, seconds=2)) == "5:02"
    assert duration(datetime.timedelta(hours=1, minutes=2, seconds=3)) == "1:02:03"
    assert duration(None) == ""
    assert iso_duration(datetime.timedelta(minutes=1)) == "PT60S"
