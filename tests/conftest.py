"""Fixtures shared by every test package: one member of each role (no password, not signed in).

A package's own conftest or module may narrow one (the web tests sign theirs in under a fixed name).
"""

import pytest

from tests.factories import make_member


@pytest.fixture
def viewer(db):
    return make_member("viewer")


@pytest.fixture
def reviewer(db):
    return make_member("reviewer")


@pytest.fixture
def editor(db):
    return make_member("editor")
