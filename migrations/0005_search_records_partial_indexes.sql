-- provtrack schema, level 5: search_records's foreign-key indexes hold only the rows
-- that use them.
--
-- Each row of search_records sets one of provision_id, stance_id and source_id; full
-- indexes on the three made every insert (one per stance with a quote or notes)
-- write three index entries, two of them NULL: about 10% of a bulk import's CPU time
-- on 200,000 stances. Partial indexes keep the look-ups that need them (a removed
-- record's row, found by `x_id = ?`, which implies `x_id IS NOT NULL`) at one entry
-- per row.

DROP INDEX search_records_provision;
DROP INDEX search_records_stance;
DROP INDEX search_records_source;
CREATE INDEX search_records_provision ON search_records (provision_id) WHERE provision_id IS NOT NULL;
CREATE INDEX search_records_stance ON search_records (stance_id) WHERE stance_id IS NOT NULL;
CREATE INDEX search_records_source ON search_records (source_id) WHERE source_id IS NOT NULL;
