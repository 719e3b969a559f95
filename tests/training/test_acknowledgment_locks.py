"""An acknowledgment does not wait behind a fan-out of its own organisation (PostgreSQL row locks).

A fan-out inserts thousands of requirements in one transaction; their foreign keys hold KEY SHARE
locks on the organisation's, the version's and every person's row until it commits. At national
size that took 8 s, and an acknowledgment of the same organisation waited 3.8 s behind it (the
chain locked the organisation's row FOR UPDATE, and the requirement lock took the joined person
and version rows too). Here the fan-out is held open while a person acknowledges.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from tests.factories import (
    DocumentVersionFactory,
    OrganisationFactory,
    PersonFactory,
    RequirementFactory,
    document_page,
    organisation_home,
)
from training.acknowledgment.models import Acknowledgment, DocumentVersion, Requirement
from training.acknowledgment.publishing import requirements_sweep
from training.acknowledgment.services import Evidence, acknowledgments_record

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_acknowledgment_does_not_wait_behind_a_fan_out_of_its_organisation():
    if connection.vendor != "postgresql":
        pytest.skip("row-lock modes are PostgreSQL's; SQLite has one writer at a time")
    organisation = OrganisationFactory()
    organisation_home(organisation)
    acknowledged = DocumentVersionFactory(organisation=organisation)
    person = PersonFactory(organisation=organisation)
    requirement = RequirementFactory(version=acknowledged, person=person)
    PersonFactory.create_batch(20, organisation=organisation)
    # A second document of the organisation, published but not yet fanned out.
    pending = DocumentVersionFactory(
        organisation=organisation, page=document_page(organisation), fanned_out_at=None
    )
    in_fan_out, finish = threading.Event(), threading.Event()
    fanned_out = []

    def fan_out():
        try:
            with transaction.atomic():
                fanned_out.append(requirements_sweep())
                in_fan_out.set()
                finish.wait(20)
        finally:
            connection.close()

    worker = threading.Thread(target=fan_out)
    worker.start()
    try:
        assert in_fan_out.wait(20)
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Waiting longer than this fails the test with "lock timeout".
                cursor.execute("SET LOCAL lock_timeout = '1s'")
            started = time.monotonic()
            created, _done = acknowledgments_record(requirements=[requirement], evidence=Evidence())
            waited = time.monotonic() - started
    finally:
        finish.set()
        worker.join()

    assert len(created) == 1 and waited < 1
    assert fanned_out[0] >= 21  # the fan-out held its locks while the person acknowledged
    assert Requirement.objects.filter(version=pending).count() == 21
    assert Acknowledgment.objects.filter(requirement=requirement).count() == 1
    assert DocumentVersion.objects.get(pk=pending.pk).fanned_out_at is not None
