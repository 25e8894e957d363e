import pytest
from django.urls import reverse

from feedback import services
from feedback.models import DepartmentRating, SignalKind, WarningSignal
from tests.factories import DepartmentFactory
from tests.feedback.conftest import XSS_PAYLOADS, solve_captcha

pytestmark = pytest.mark.django_db
SCORES = {"attitude": 5, "efficiency": 4, "integrity": 5, "transparency": 4}


def rating_data(client, dept, **extra):
    return {
        "department": dept.pk,
        **SCORES,
        "comment": "服务很好",
        "website": "",
        **solve_captcha(client, path="/feedback/ratings/"),
        **extra,
    }


def test_rate_then_see_results(client, department, other_department):
    response = client.post("/feedback/ratings/", rating_data(client, department))
    assert response.status_code == 302 and response.url == reverse("feedback:rating_results")
    client.cookies.clear()  # a second person on another network
    client.defaults["REMOTE_ADDR"] = "198.51.100.20"
    client.post(
        "/feedback/ratings/",
        rating_data(
            client, other_department, attitude=2, efficiency=2, integrity=3, transparency=1
        ),
    )
    rating = DepartmentRating.objects.get(department=department)
    assert rating.month.day == 1
    assert rating.user is None
    response = client.get(reverse("feedback:rating_results"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["department"] for r in rows] == ["市住建局", "市财政局"]
    assert rows[0]["overall"] == 4.5 and rows[0]["count"] == 1 and rows[0]["rank"] == 1
    html = response.content.decode()
    assert "<svg" in html and "4.50" in html and "服务很好" not in html  # comments are not public


def test_ballot_stuffing_limits(client, department, settings):
    assert client.post("/feedback/ratings/", rating_data(client, department)).status_code == 302
    # Same browser, same month: refused (signed cookie).
    response = client.post("/feedback/ratings/", rating_data(client, department))
    assert response.status_code == 200 and "department" in response.context["form"].errors
    # Cookie cleared, same network: a few per day, then refused.
    settings.FEEDBACK_RATINGS_PER_CLIENT_DAY = 2
    client.cookies.clear()
    assert client.post("/feedback/ratings/", rating_data(client, department)).status_code == 302
    client.cookies.clear()
    response = client.post("/feedback/ratings/", rating_data(client, department))
    assert response.status_code == 200
    assert DepartmentRating.objects.count() == 2
    # A rate limit on all rating posts from one client.
    settings.FEEDBACK_RATE_LIMITS = {"rate": (1, 3600)}
    assert client.post("/feedback/ratings/", rating_data(client, department)).status_code == 429


def test_logged_in_users_rate_once_per_month(department):
    from tests.factories import UserFactory

    user = UserFactory()
    services.rating_submit(department=department, scores=SCORES, user=user)
    with pytest.raises(services.AlreadyRated):
        services.rating_submit(department=department, scores=SCORES, user=user)
    assert DepartmentRating.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"attitude": 0},
        {"efficiency": 6},
        {"integrity": "abc"},
        {"transparency": ""},
        {"department": "999999"},
        {"comment": "评" * 501},
    ],
)
def test_bad_ratings_are_refused(client, department, overrides):
    response = client.post("/feedback/ratings/", rating_data(client, department, **overrides))
    assert response.status_code == 200 and response.context["form"].errors
    assert not DepartmentRating.objects.exists()


def test_results_with_bad_month(client):
    for month in ("abc", "2026-13", "99999-01", "<script>"):
        response = client.get(reverse("feedback:rating_results"), {"month": month})
        assert response.status_code == 200


def test_results_query_count(client, django_assert_max_num_queries):
    for i in range(8):
        dept = DepartmentFactory(name=f"部门{i}")
        services.rating_submit(department=dept, scores=SCORES)
    url = reverse("feedback:rating_results")
    client.get(url)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert len(response.context["rows"]) == 8


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_department_names_are_escaped(client, payload):
    dept = DepartmentFactory(name=payload[:100])
    services.rating_submit(department=dept, scores=SCORES)
    html = client.get(reverse("feedback:rating_results")).content.decode()
    assert payload not in html


def test_poor_rating_becomes_a_warning_signal_once(department, settings):
    settings.FEEDBACK_POOR_RATING_MIN_COUNT = 3
    low = {"attitude": 1, "efficiency": 2, "integrity": 2, "transparency": 1}
    for _ in range(2):
        services.rating_submit(department=department, scores=low)
    assert not WarningSignal.objects.exists()
    for _ in range(3):
        services.rating_submit(department=department, scores=low)
    signal = WarningSignal.objects.get()
    assert signal.kind == SignalKind.POOR_RATING and signal.department == department
    assert float(signal.score) == 1.5 and signal.detail["count"] == 3


def test_good_rating_is_no_signal(department, settings):
    settings.FEEDBACK_POOR_RATING_MIN_COUNT = 1
    services.rating_submit(department=department, scores=SCORES)
    assert not WarningSignal.objects.exists()
