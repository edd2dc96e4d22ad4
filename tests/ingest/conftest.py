import pytest

from tests.ingest.site import serve


@pytest.fixture
def site():
    yield from serve()
