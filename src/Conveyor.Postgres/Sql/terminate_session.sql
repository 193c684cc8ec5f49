-- Ends the session of backend @pid: the server rolls its open transaction back and frees its locks at once. Used when
-- a handler outlived its attempt while still running a statement in the attempt's transaction.
SELECT pg_terminate_backend(@pid);
