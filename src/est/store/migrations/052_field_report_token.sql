-- A quick report's form token is unique in the database itself: a double tap, a retry after a network
-- hiccup or the same form saved from two processes stores exactly one report, whatever code path writes.
-- (The save also looks the token up first and answers "already saved"; this index is what guarantees it.)
-- A database from before this index could hold the same token twice (two processes racing the old
-- check-then-insert): keep the first report's token and make any later one's unique, so the index can be built.
UPDATE field_reports SET client_token = client_token || ':' || incident_id
WHERE incident_id NOT IN (SELECT min(incident_id) FROM field_reports GROUP BY client_token);
CREATE UNIQUE INDEX field_reports_client_token ON field_reports (client_token);
-- How precise a position from the phone's own location was (metres, as the browser reported it).
ALTER TABLE field_reports ADD COLUMN position_accuracy_m DOUBLE;
