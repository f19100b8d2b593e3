import pytest

from tests.faults.pg import PrivateCluster


@pytest.fixture(scope="session")
def pg_cluster():
    """One private PostgreSQL cluster for the fault and concurrency tests of this run."""
    cluster = PrivateCluster()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()
