"""Fixtures shared by every test package: one member of each role (no password, not signed in), and the
role groups given back after a transactional test flushed them.

A package's own conftest or module may narrow a member fixture (the web tests sign theirs in under a
fixed name).
"""

import importlib

import pytest

from tests.factories import make_member

# The local web site the web-import tests fetch from (the local_site fixture).
pytest_plugins = ["tests.webserver"]


@pytest.fixture(autouse=True)
def _verified_flag_exact(request):
    """After every test that uses the database: each claim's stored ``verified`` equals its definition
    (claims.models.verified_now), in one query. A difference is a write that bypassed the core's refresh
    (claims.models.refresh_verified), in the code or in a test's own writes; the test fails naming the
    claims."""
    if "_django_db_helper" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        yield
        return
    # Requested here so that this check runs before the test's database is rolled back or flushed.
    request.getfixturevalue("_django_db_helper")
    yield
    from django.db import connection
    from django.db.models import F

    from claims.models import Claim, verified_value

    if connection.closed_in_transaction:
        # The test closed the connection inside its transaction (the migration check does): nothing is
        # left to read, and the rollback discards what it wrote.
        return

    wrong = list(Claim.objects.annotate(should=verified_value()).exclude(verified=F("should"))
                 .order_by("pk").values_list("pk", "verified"))
    if wrong:
        pytest.fail(f"stored Claim.verified differs from its definition for (id, stored): {wrong}", pytrace=False)


@pytest.fixture
def viewer(db):
    return make_member("viewer")


@pytest.fixture
def reviewer(db):
    return make_member("reviewer")


@pytest.fixture
def editor(db):
    return make_member("editor")


@pytest.fixture
def folder(tmp_path):
    """Two plain-text articles and the manifest that dates and attributes them, as import_articles reads them."""
    (tmp_path / "a.txt").write_text("Ministers meet\n\nMore than 100,000 people have died in the war, the UN says.\n")
    (tmp_path / "b.txt").write_text("Refugees\n\nAbout 700,000 refugees have fled the fighting.\n")
    (tmp_path / "manifest.csv").write_text(
        "path,publisher,published\na.txt,Continental Wire,2014-01-13\nb.txt,Harbor Daily,2013-01-31\n"
    )
    return tmp_path


def restore_roles() -> dict[str, list[str]]:
    """The rows the data migrations create: the role groups with their permissions (0002, 0003, 0006) and
    the seeded originators (0006). A transactional test's flush empties every table; this makes them
    again (idempotent). Returns the groups' permission codenames."""
    from django.contrib.auth.models import Group, Permission

    from claims.models import Originator

    originators = importlib.import_module("claims.migrations.0006_originators")
    groups = {name: list(codenames) for name, codenames in
              importlib.import_module("claims.migrations.0002_roles").GROUPS.items()}
    groups["reviewer"] += importlib.import_module("claims.migrations.0003_import_batches").REVIEWER_ADDS
    for name, codenames in originators.PERMISSIONS.items():
        groups[name] += codenames
    for name, codenames in groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))
    for name, aliases in originators.SEED.items():
        Originator.objects.get_or_create(name=name, defaults={"aliases": aliases})
    return groups


@pytest.fixture(scope="module", autouse=True)
def _roles_back_after_flush(django_db_blocker):
    """After a module whose transactional tests flushed the database, give the modules that follow the
    role groups they rely on."""
    yield
    with django_db_blocker.unblock():
        from django.db import connection

        if "auth_group" in connection.introspection.table_names():
            restore_roles()
        # Closed here: after a browser module the connection this opened was not the one the test database's
        # teardown saw as its own (Playwright's sync API had run in between), so it stayed open and PostgreSQL
        # refused to drop the test database ("1 other session using the database").
        connection.close()
