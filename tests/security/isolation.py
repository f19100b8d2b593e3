"""Run requests inside a transaction that is rolled back afterwards, so a test can send
state-changing requests (an empty POST that advances a phase, logs out, suspends…) and the next
request still sees the same data. The app's own commits become savepoints."""

from tests.isolation import outer_transaction as rolled_back

__all__ = ["rolled_back"]
