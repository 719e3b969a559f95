"""A task that only the tests send: it reads the database, so a worker that answers it proves it
shares the test database. The test worker imports this module with `celery worker -I`."""

from celery import shared_task

from training.register.models import Organisation


@shared_task(name="tests.organisation_name")
def organisation_name(organisation_id: int) -> str:
    return Organisation.objects.get(pk=organisation_id).name_th
