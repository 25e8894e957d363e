from early_warning.models import BulletinPage, Level, Measure, Signal
from portal.demo.warnings import build_warnings
from tests.early_warning.conftest import in_group
from tests.factories import StaffProfileFactory, UserFactory


def test_demo_warnings_are_idempotent(home_page, org):
    from core import roles

    for i in range(1, 6):
        StaffProfileFactory(user__username=f"staff{i:02d}", department=org.department)
    in_group(UserFactory(username="inspector-demo"), roles.INSPECTORS)
    org.inspector.username = "inspector"
    org.inspector.save()
    build_warnings(home=home_page)
    counts = (Signal.objects.count(), Level.objects.count(), Measure.objects.count())
    assert counts[0] >= 6
    assert Level.objects.filter(level=3).exists()
    bulletin = BulletinPage.objects.get()
    assert bulletin.live and bulletin.audience == "public"
    home_page.refresh_from_db()
    assert home_page.bulletin_page_id == bulletin.pk
    build_warnings(home=home_page)
    assert (Signal.objects.count(), Level.objects.count(), Measure.objects.count()) == counts
    assert BulletinPage.objects.count() == 1
