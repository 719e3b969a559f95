"""The public transparency page and the ITA evidence list, on the known data set.

FY 2569 (tests/figures_data.py): 7 counted (permanent 5: 2 on time, 2 late, 1 outstanding;
executive 1 on time; political 1 on time, 1 left). One document, circulated to 7, 6 acknowledged.
"""

import datetime
import html as html_lib
import itertools
import re

import pytest
from django.test import Client
from django.urls import reverse

from home.thai_dates import FiscalYear
from tests.factories import (
    AcknowledgmentFactory,
    OrganisationFactory,
    PersonFactory,
    RequirementFactory,
    organisation_home,
)
from tests.figures_data import at, build_known
from tests.training.register_helpers import user_with_role
from training.figures.ita import ita_evidence_seed
from training.figures.models import ItaEvidenceItem
from training.figures.pages import TransparencyPage
from training.figures.public import public_year
from training.figures.suppression import CellState, Grid
from training.register import roles

pytestmark = pytest.mark.django_db

first_due = datetime.date(2025, 12, 3)


@pytest.fixture
def known():
    data = build_known()
    home = organisation_home(data["organisation"])
    data["page"] = home.add_child(instance=TransparencyPage(title="เปิดเผยข้อมูล", slug="open"))
    data["host"] = data["organisation"].site.hostname
    return data


def get(known, path=""):
    return Client().get(known["page"].url + path, HTTP_HOST=known["host"])


def cells_of(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    return [
        [
            html_lib.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


def test_the_page_shows_the_aggregates_and_hides_small_cells(known):
    response = get(known, "2569/")
    assert response.status_code == 200
    rows = {row[0]: row[1:] for row in cells_of(response.content.decode())}
    # group, counted, on time, late, outstanding, rate
    assert rows["ฝ่ายข้าราชการประจำ"][:4] == ["5", "< 5", "< 5", "< 5"]
    assert rows["ฝ่ายการเมือง"][:4] == ["< 5"] * 4
    assert rows["รวมทุกกลุ่ม"][:4] == ["7", "< 5", "< 5", "< 5"]
    # The rate is the range the shown cells allow (5 to 7 of 7), not 85.7.
    assert rows["รวมทุกกลุ่ม"][4] == "71.4–100.0"
    # The document: circulated to 7; 1 outstanding is "< 5", so 6 acknowledged is withheld too.
    title = known["first"].page.title
    assert rows[title][1:5] == ["7", "ไม่แสดง", "< 5", "71.4–100.0"]
    assert "85.7" not in response.content.decode()


def test_no_line_of_the_published_tables_has_exactly_one_unknown(known):
    page = known["page"]
    year = public_year(
        organisation_id=known["organisation"].pk,
        root=page.get_site().root_page,
        fiscal_year=FiscalYear(2569),
    )
    suppressed = year.suppressed
    assert CellState.WITHHELD in suppressed.states.values()
    for key, state in suppressed.states.items():
        if state in (CellState.SMALL, CellState.WITHHELD):
            low, high = suppressed.bounds[key]
            assert low < high, key


def test_suppression_ends_when_every_cell_is_hidden_and_one_is_still_pinned():
    """A total of no parts (no published document) is pinned at 0 whatever is hidden; with no
    shown cell left to withhold, suppression used to go round for ever."""
    grid = Grid()
    for key in ("on_time", "late", "counted"):
        grid.cell(key, 0)
    grid.line("counted", ["on_time", "late"])
    grid.line("counted", [])

    suppressed = grid.suppress()

    assert set(suppressed.states.values()) == {CellState.SMALL}


def test_the_page_of_an_organisation_with_no_figures_yet_answers():
    organisation = OrganisationFactory()
    page = organisation_home(organisation).add_child(
        instance=TransparencyPage(title="เปิดเผยข้อมูล", slug="open")
    )
    response = Client().get(page.url + "2570/", HTTP_HOST=organisation.site.hostname)
    assert response.status_code == 200
    assert "ยังไม่มีตัวเลขการรับทราบของปีงบประมาณนี้" in response.content.decode()


def test_complementary_suppression_is_sound_by_brute_force():
    """Every table consistent with what is shown leaves each hidden cell more than one value."""
    values = {"a": 12, "b": 3, "c": 9, "t": 24, "d": 6, "e": 5, "u": 11, "ad": 18, "be": 8}
    grid = Grid()
    for key, value in values.items():
        grid.cell(key, value)
    grid.line("t", ["a", "b", "c"])
    grid.line("u", ["d", "e"])
    grid.line("ad", ["a", "d"])
    grid.line("be", ["b", "e"])
    result = grid.suppress()
    hidden = [k for k, s in result.states.items() if s is not CellState.SHOWN]
    assert result.state("b") is CellState.SMALL and len(hidden) > 1
    ranges = {
        k: range(0, 5) if result.state(k) is CellState.SMALL else range(5, 30) for k in hidden
    }
    solutions = list(fitting_tables(grid, ranges))
    assert {k: values[k] for k in hidden} in solutions  # the true table fits
    for key in hidden:
        assert len({s[key] for s in solutions}) > 1, key


def fitting_tables(grid: Grid, ranges: dict):
    """Every table (the hidden cells' values, each within its range) in which every line adds
    up: all of them, tried depth first; a line with one unknown cell left gives its value, so
    only the cells no line pins are tried one by one (an exhaustive search, quick enough for a
    test under load)."""
    lines = [(total, tuple(parts)) for total, parts in grid.lines]

    def walk(known: dict):
        known = dict(known)
        changed = True
        while changed:
            changed = False
            for total, parts in lines:
                unknown = [k for k in (total, *parts) if k not in known]
                if not unknown:
                    if known[total] != sum(known[p] for p in parts):
                        return
                elif len(unknown) == 1:
                    key = unknown[0]
                    rest = sum(known[p] for p in parts if p != key)
                    value = rest if key == total else known[total] - rest
                    if value not in ranges[key]:
                        return
                    known[key] = value
                    changed = True
        free = [k for k in ranges if k not in known]
        if not free:
            yield {k: known[k] for k in ranges}
            return
        for value in ranges[free[0]]:
            yield from walk({**known, free[0]: value})

    yield from walk({k: v for k, v in grid.values.items() if k not in ranges})


@pytest.mark.parametrize("seed", range(12))
def test_suppression_of_small_tables_is_sound_by_brute_force(seed):
    """Random tables of the page's shape (rows x columns, row, column and grand totals), every
    joint value of the hidden body cells tried ("< 5" 0-4, withheld 5-12; a hidden total is the
    sum of its body cells): no hidden cell has one possible value, and the bounds the page uses
    for its rates hold every possible value."""
    import random

    rng = random.Random(seed)
    rows, columns = 2, 3
    cells = [(r, c) for r in range(rows) for c in range(columns)]
    body = {key: rng.choice([0, 1, 2, 3, 4, 5, 6, 8]) for key in cells}
    grid = Grid()
    for key, value in body.items():
        grid.cell(key, value)
    totals = {(r, "all"): [(r, c) for c in range(columns)] for r in range(rows)}
    totals |= {("all", c): [(r, c) for r in range(rows)] for c in range(columns)}
    totals[("all", "all")] = cells
    for total, parts in totals.items():
        grid.cell(total, sum(body[p] for p in parts))
    for total in totals:
        if total != ("all", "all"):
            grid.line(total, totals[total])
    grid.line(("all", "all"), [("all", c) for c in range(columns)])
    grid.line(("all", "all"), [(r, "all") for r in range(rows)])
    result = grid.suppress()
    for key, value in grid.values.items():
        assert (result.state(key) is CellState.SMALL) == (value < 5), key

    def allowed(key, value):
        state = result.state(key)
        if state is CellState.SHOWN:
            return value == grid.values[key]
        return value < 5 if state is CellState.SMALL else value >= 5

    hidden_body = [key for key in cells if result.state(key) is not CellState.SHOWN]
    seen = {key: set() for key, state in result.states.items() if state is not CellState.SHOWN}
    choices = [
        range(0, 5) if result.state(k) is CellState.SMALL else range(5, 13) for k in hidden_body
    ]
    for combo in itertools.product(*choices):
        trial = {**body, **dict(zip(hidden_body, combo, strict=True))}
        trial |= {total: sum(trial[p] for p in parts) for total, parts in totals.items()}
        if all(allowed(key, value) for key, value in trial.items()):
            for key in seen:
                seen[key].add(trial[key])
    for key, values in seen.items():
        assert len(values) > 1, (key, values)
        low, high = result.bounds[key]
        assert low <= min(values) and max(values) <= high, key


def test_no_name_or_employee_number_appears(known):
    html = get(known, "2569/").content.decode() + get(known, "2570/").content.decode()
    for person in known["people"].values():
        assert person.employee_number not in html
        assert person.first_name not in html
        assert person.last_name not in html
    assert known["finance"].name not in html  # no division either


def test_only_published_public_content(known):
    from wagtail.models import PageViewRestriction

    page = known["first"].page
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    html = get(known, "2569/").content.decode()
    assert page.title not in html
    assert "7" in html  # the aggregates still count it


def test_year_selector_and_unknown_year(known):
    assert get(known, "?year=2570").status_code == 200
    assert get(known, "2400/").status_code == 404
    assert get(known, "2590/").status_code == 404


def more_people(known, count: int) -> None:
    """`count` more permanent officials who acknowledged the year's version on time."""
    first = known["first"]
    for _ in range(count):
        someone = PersonFactory(organisation=known["organisation"], division=known["works"])
        requirement = RequirementFactory(
            version=first, person=someone, assigned_at=at(2025, 11, 3), due_date=first_due
        )
        AcknowledgmentFactory(requirement=requirement, at=at(2025, 11, 20))


def test_constant_queries(known, django_assert_max_num_queries):
    """The page's queries do not grow with head count nor with the number of organisations;
    the first request after a new organisation (whose site empties Wagtail's site cache) costs
    no more than a warm one."""
    get(known, "2569/")
    with django_assert_max_num_queries(32) as few:
        assert get(known, "2569/").status_code == 200
    most = len(few.captured_queries)
    more_people(known, 12)  # 7 -> 19 counted: a second head count
    with django_assert_max_num_queries(most):
        assert get(known, "2569/").status_code == 200
    other = build_known()  # a second organisation, its site and its own page
    other_page = organisation_home(other["organisation"]).add_child(
        instance=TransparencyPage(title="เปิดเผยข้อมูล", slug="open")
    )
    with django_assert_max_num_queries(most):
        assert get(known, "2569/").status_code == 200
    other_client = Client(HTTP_HOST=other["organisation"].site.hostname)
    other_client.get(other_page.url + "2569/")
    with django_assert_max_num_queries(most):  # the other organisation's own page, warm
        assert other_client.get(other_page.url + "2569/").status_code == 200
    with django_assert_max_num_queries(most):
        assert get(known, "").status_code == 200


@pytest.fixture
def ita(known):
    ita_evidence_seed(organisation=known["organisation"], year=2569)
    return known


def test_the_ita_list_shows_the_years_rows_with_links(ita):
    response = get(ita, "ita/2569/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "O15" in html
    assert 'href="/open/"' in html
    assert get(ita, "ita/2568/").status_code == 404
    assert 'href="/open/ita/2569/"' in get(ita, "").content.decode()


def test_seeding_twice_adds_nothing(ita):
    assert ita_evidence_seed(organisation=ita["organisation"], year=2569)[0] == 0


def test_hr_edits_their_organisations_rows_and_not_anothers(ita, client):
    item = ItaEvidenceItem.objects.filter(organisation=ita["organisation"]).first()
    url = reverse("wagtailsnippets_training_itaevidenceitem:edit", args=[item.pk])
    index_url = reverse("wagtailsnippets_training_itaevidenceitem:list")
    other = OrganisationFactory()
    outsider = user_with_role(roles.HR_OFFICER, organisation=other)
    client.force_login(outsider)
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"title": "แก้โดยหน่วยงานอื่น"}).status_code in (403, 404)
    index = client.get(index_url)
    assert index.status_code == 200
    assert item.title not in index.content.decode()
    item.refresh_from_db()
    assert item.title != "แก้โดยหน่วยงานอื่น"

    insider = user_with_role(roles.HR_OFFICER, organisation=ita["organisation"])
    client.force_login(insider)
    response = client.get(url)
    assert response.status_code == 200  # the form itself, not a redirect
    assert 'name="title"' in response.content.decode()
    assert item.title in client.get(index_url).content.decode()
    response = client.post(
        url,
        {
            "organisation": ita["organisation"].pk,
            "fiscal_year": item.fiscal_year,
            "code": item.code,
            "sort_order": item.sort_order,
            "title": "ประมวลจริยธรรม (แก้แล้ว)",
            "evidence": item.evidence,
            "page": item.page_id or "",
            "document": item.document_id or "",
            "url": item.url,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.title == "ประมวลจริยธรรม (แก้แล้ว)"
