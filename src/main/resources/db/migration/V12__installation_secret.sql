-- The key under which event ids are kept as a keyed hash (inbound_event), made once at the first
-- start unless the configuration gives one (event.key.secret), and shared by every instance on
-- this database, so that a retry is recognised after a restart and on another server.
CREATE TABLE installation_secret (
    name   VARCHAR(32)  PRIMARY KEY,
    secret VARCHAR(128) NOT NULL
);
