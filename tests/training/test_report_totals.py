"""The per-version acknowledgment report: its totals follow every filter, and its breakdown by
division and group counts the known data set (tests/figures_data.py) as it was counted by hand.

On 1 Nov 2026 version 1 lists p1, p2, p3, p4, p6, p7 and p8: p5 left before the due date without
acknowledging, p6 left after acknowledging (the evidence stays). By the division kept from
assignment: finance p1 (on time), p2 and p7 (late; p7 has since moved to works); works p3
(outstanding, overdue), p4 and p8 (on time).
"""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AcknowledgmentFactory, PersonFactory, RequirementFactory
from tests.figures_data import BANGKOK, build_known
from tests.training.register_helpers import user_with_role
from training.figures.selectors import (
    ReportTotals,
    Tally,
    acknowledgment_report,
    report_totals,
    version_breakdown,
)
from training.register import roles
from training.register.models import GROUP_OF_STAFF_TYPE, PersonnelGroup, StaffType

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 1, 9, tzinfo=BANGKOK)


@pytest.fixture
def known():
    return build_known()


@pytest.fixture
def hr_client(known, client):
    hr = user_with_role(
        roles.HR_OFFICER,
        known["organisation"],
        employee_number="HR-1",
        staff_type=StaffType.MUNICIPAL_CLERK,
        personnel_group=GROUP_OF_STAFF_TYPE[StaffType.MUNICIPAL_CLERK],
    )
    client.force_login(hr)
    return client


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def report(client, version, **params):
    response = client.get(reverse("acknowledgment_progress:report", args=[version.pk]), params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, ReportTotals(listed=7, on_time=4, late=2, overdue=1)),
        ({"division": "finance"}, ReportTotals(listed=3, on_time=1, late=2)),
        ({"division": "works"}, ReportTotals(listed=3, on_time=2, overdue=1)),
        ({"personnel_group": PersonnelGroup.POLITICAL}, ReportTotals(listed=1, on_time=1)),
        (
            {"personnel_group": PersonnelGroup.PERMANENT},
            ReportTotals(listed=5, on_time=2, late=2, overdue=1),
        ),
        ({"status": "overdue"}, ReportTotals(listed=1, overdue=1)),
        ({"status": "acknowledged", "division": "works"}, ReportTotals(listed=2, on_time=2)),
    ],
)
def test_the_totals_follow_every_filter(known, hr_client, filters, expected):
    params = {
        key: known[value].pk if key == "division" else value for key, value in filters.items()
    }
    response = report(hr_client, known["first"], **params)
    assert response.context["totals"] == expected
    listed = response.context["object_list"]
    assert len(listed) == expected.listed


def test_a_division_filtered_report_shows_that_divisions_totals_on_the_page(known, hr_client):
    response = report(hr_client, known["first"], division=known["finance"].pk)
    html = " ".join(response.content.decode().split())
    assert "สรุปตามตัวกรอง" in html
    assert "3 คน (ตามกำหนด 1 เกินกำหนด 2)" in html
    # p7 moved to works after acknowledging; the report lists them where they were assigned.
    assert response.context["totals"].acknowledged == 3
    assert "กองคลัง" in html


def test_the_results_refresh_carries_the_filtered_totals(known, hr_client):
    url = reverse("acknowledgment_progress:report_results", args=[known["first"].pk])
    response = hr_client.get(url, {"division": known["works"].pk})
    assert response.status_code == 200
    assert response.context["totals"] == ReportTotals(listed=3, on_time=2, overdue=1)
    assert "acknowledgment-totals" in response.content.decode()


def test_the_breakdown_matches_the_hand_counts(known, hr_client):
    breakdown = version_breakdown(known["first"])
    assert {figure.name: figure.tally for figure in breakdown.by_division} == {
        "กองคลัง": Tally(on_time=1, late=2),
        "กองช่าง": Tally(on_time=2, outstanding=1),
        "": Tally(on_time=1, left=1),
    }
    assert [(figure.group, figure.tally) for figure in breakdown.by_group] == [
        (PersonnelGroup.POLITICAL, Tally(on_time=1, left=1)),
        (PersonnelGroup.EXECUTIVE, Tally(on_time=1)),
        (PersonnelGroup.PERMANENT, Tally(on_time=2, late=2, outstanding=1)),
    ]
    assert breakdown.overall == Tally(on_time=4, late=2, outstanding=1, left=1)

    # The page shows the same breakdown, whatever the filter.
    response = report(hr_client, known["first"], division=known["works"].pk)
    assert response.context["breakdown"] == breakdown
    html = " ".join(response.content.decode().split())
    assert f'<a href="?division={known["finance"].pk}">กองคลัง</a>' in html


def test_the_totals_count_the_rows_of_the_report_itself(known):
    rows = acknowledgment_report(version=known["first"])
    assert report_totals(rows) == ReportTotals(listed=7, on_time=4, late=2, overdue=1)
    assert report_totals(rows.filter(division=known["finance"])).acknowledged == 3


def test_the_report_takes_as_many_queries_for_many_people_as_for_few(known, hr_client):
    version, finance = known["first"], known["finance"]
    urls = [
        reverse("acknowledgment_progress:report", args=[version.pk]),
        reverse("acknowledgment_progress:report", args=[version.pk]) + f"?division={finance.pk}",
        reverse("acknowledgment_progress:report_results", args=[version.pk])
        + "?status=acknowledged",
    ]

    def queries() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert hr_client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    few = queries()
    for n in range(30):
        person = PersonFactory(organisation=known["organisation"], division=finance)
        requirement = RequirementFactory(
            version=version, person=person, due_date=datetime.date(2025, 12, 3)
        )
        if n % 2:
            AcknowledgmentFactory(requirement=requirement)
    many = queries()
    assert many == few, f"{few} queries for 7 people, {many} for 37"
