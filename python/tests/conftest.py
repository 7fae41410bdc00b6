from datetime import datetime

import pytest

START = datetime(2022, 1, 1)


@pytest.fixture
def start():
    return START
