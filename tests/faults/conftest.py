import glob

import pytest

from tests.faults.pg import PrivateCluster


@pytest.fixture(scope="session")
def pg_cluster():
    """One private PostgreSQL cluster for the fault and concurrency tests of this run.

    Needs the PostgreSQL server binaries (Debian: postgresql). Without them the tests skip, which
    REQUIRE_POSTGRES=1 (CI) turns into a failure.
    """
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        pytest.skip("PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed")
    cluster = PrivateCluster()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()
