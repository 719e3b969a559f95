"""Database backends for tests only: they may empty a test database of evidence.

Acknowledgments and chain seals refuse DELETE and TRUNCATE in the database itself
(training/migrations/0023_keyed_chain_and_seals). Emptying a database between tests (Django's
flush) is the one removal allowed, and only here: these backends mark the flush's own transaction
(`training.evidence_flush`), which the PostgreSQL trigger honours only for the tables' owner role.
Production settings never name these backends.
"""
