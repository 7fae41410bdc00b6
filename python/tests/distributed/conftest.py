"""A real Dask LocalCluster (worker processes on loopback) shared by the distributed tests of one pytest process.

Under pytest-xdist each test process starts its own cluster.
"""

import pytest

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="session")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0",
                                  timeout=60, death_timeout=60) as local:
        yield local


@pytest.fixture(scope="session")
def client(cluster):
    with distributed.Client(cluster, timeout=60, set_as_default=False) as dask:
        dask.wait_for_workers(2, timeout=60)
        yield dask
