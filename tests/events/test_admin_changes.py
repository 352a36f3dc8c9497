import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from events.models import Change, Status
from tests.events.test_admin import make_full_sessions
from tests.factories import make_day, make_programme, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser_client(client, django_user_model):
    user = django_user_model.objects.create_user("organiser", is_staff=True)
    user.groups.add(Group.objects.get(name="Organiser"))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.mark.parametrize("n", [1, 3])
def test_change_log_changelist_query_count_does_not_grow(admin_client, django_assert_num_queries, n):
    make_full_sessions(n)  # each published session in a published programme logs "added"

    # Django session, user, filtered count, full count, rows with their programme,
    # programme filter choices, date range and dates of the date hierarchy.
    with django_assert_num_queries(8):
        response = admin_client.get(reverse("admin:events_change_changelist"))

    assert response.context["cl"].result_count == n


def test_organiser_reads_what_changed_and_cannot_edit_it(organiser_client):
    day = make_day(programme=make_programme(), date=datetime.date(2025, 10, 9))
    session = make_session(day=day, start="18:00", title_en="Gala concert")
    session.status = Status.CANCELLED
    session.save()

    listing = organiser_client.get(reverse("admin:events_change_changelist"))
    change = organiser_client.get(reverse("admin:events_change_change", args=[Change.objects.first().pk]))
    add = organiser_client.get(reverse("admin:events_change_add"))

    html = listing.content.decode()
    assert "Gala concert" in html
    assert "Cancelled" in html
    assert "Added" in html
    assert change.status_code == 200  # the view-only page
    assert b'name="_save"' not in change.content
    assert add.status_code == 403
