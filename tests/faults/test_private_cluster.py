"""The private cluster really is private: its own port, its own folder, and it stops and starts."""

import tempfile

import psycopg

from tests.faults.pg import PrivateCluster


def test_cluster_is_private_and_restartable(pg_cluster: PrivateCluster):
    assert pg_cluster.port != 5432
    assert str(pg_cluster.datadir).startswith(tempfile.gettempdir())
    url = pg_cluster.create_database("probe")
    assert f":{pg_cluster.port}/probe" in url
    libpq = f"host=127.0.0.1 port={pg_cluster.port} user=postgres dbname=probe"
    with psycopg.connect(libpq) as conn:
        setting = conn.execute("SHOW data_directory").fetchone()[0]
    assert setting == str(pg_cluster.datadir)
    pg_cluster.stop("immediate")
    assert not pg_cluster.is_running()
    pg_cluster.start()
    assert pg_cluster.is_running()
