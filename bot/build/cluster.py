"""Analysing articles on a Dask cluster: its `concurrent.futures` executor, so the build has one code path.

`distributed` is an optional extra (`pip install 'ukraine-bot[cluster]'`), imported only when a
scheduler is named. The cluster's workers need this package installed (the same version: the work is
keyed by its code) but not the corpus folder: each file's bytes are sent with its job, read here
through the same capped read, and the work comes back here to be cached and written.
"""

from __future__ import annotations

from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Iterator

CONNECT_SECONDS = 10


class ClusterError(Exception):
    """The cluster cannot be used: `distributed` is not installed, or the scheduler does not answer."""


@contextmanager
def cluster_executor(address: str, timeout: float = CONNECT_SECONDS) -> Iterator[Executor]:
    """An executor running jobs on the Dask cluster whose scheduler is at `address` (tcp://HOST:8786)."""
    try:
        import distributed
    except ImportError:
        raise ClusterError(
            "--scheduler needs the `distributed` package, which is not installed (pip install 'ukraine-bot[cluster]')"
        ) from None
    try:
        cluster = distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ClusterError(f"could not reach the Dask scheduler at {address} ({detail})") from None
    try:
        # pure=False: two files with the same bytes are still two jobs, and hashing each job's bytes
        # to find out would cost more than it saves.
        yield cluster.get_executor(pure=False)
    finally:
        cluster.close()
