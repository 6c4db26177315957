-- A quick report's form token is unique in the database itself: a double tap, a retry after a network
-- hiccup or the same form saved from two processes stores exactly one report, whatever code path writes.
-- (The save also looks the token up first and answers "already saved"; this index is what guarantees it.)
CREATE UNIQUE INDEX field_reports_client_token ON field_reports (client_token);
-- How precise a position from the phone's own location was (metres, as the browser reported it).
ALTER TABLE field_reports ADD COLUMN position_accuracy_m DOUBLE;
