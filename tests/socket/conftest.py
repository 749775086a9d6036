import pytest

from tests.event_factory import new_event
from tests.socket.live_client import Room


@pytest.fixture
def room(app, live_server):
    opened = Room(app, live_server)
    yield opened
    opened.close()


@pytest.fixture
def event(host):
    return new_event(host)
