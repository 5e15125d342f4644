-- provtrack schema, level 4: search results that link to their record.
--
-- search_index (level 2) is a full-text table: its rows cannot point to the records
-- they index. search_records has one row per row of search_index, with the same id
-- (id * 4 + 1 for a provision, + 2 for a stance, + 3 for a source), the kind, and a
-- foreign key to the record, so that Datasette (which searches it through
-- search_index: `fts_table` in the metadata) shows each hit with a link to its
-- provision, stance or source, labelled by key. Kept in step by triggers, like
-- search_index; a removed record takes its row with it (ON DELETE CASCADE).

CREATE TABLE search_records (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('provision', 'stance', 'source')),
    provision_id INTEGER REFERENCES provisions (id) ON DELETE CASCADE,
    stance_id    INTEGER REFERENCES stances (id) ON DELETE CASCADE,
    source_id    INTEGER REFERENCES sources (id) ON DELETE CASCADE,
    CHECK ((provision_id IS NOT NULL) + (stance_id IS NOT NULL) + (source_id IS NOT NULL) = 1)
) STRICT;
CREATE INDEX search_records_provision ON search_records (provision_id);
CREATE INDEX search_records_stance ON search_records (stance_id);
CREATE INDEX search_records_source ON search_records (source_id);

INSERT INTO search_records (id, kind, provision_id) SELECT id * 4 + 1, 'provision', id FROM provisions;
INSERT INTO search_records (id, kind, stance_id)
SELECT id * 4 + 2, 'stance', id FROM stances WHERE quote IS NOT NULL OR notes IS NOT NULL;
INSERT INTO search_records (id, kind, source_id) SELECT id * 4 + 3, 'source', id FROM sources;

CREATE TRIGGER provisions_search_records_insert AFTER INSERT ON provisions
BEGIN
    INSERT INTO search_records (id, kind, provision_id) VALUES (NEW.id * 4 + 1, 'provision', NEW.id);
END;
CREATE TRIGGER stances_search_records_insert AFTER INSERT ON stances
WHEN NEW.quote IS NOT NULL OR NEW.notes IS NOT NULL
BEGIN
    INSERT INTO search_records (id, kind, stance_id) VALUES (NEW.id * 4 + 2, 'stance', NEW.id);
END;
CREATE TRIGGER stances_search_records_update AFTER UPDATE OF quote, notes ON stances
BEGIN
    DELETE FROM search_records WHERE id = OLD.id * 4 + 2;
    INSERT INTO search_records (id, kind, stance_id)
    SELECT NEW.id * 4 + 2, 'stance', NEW.id
    WHERE NEW.quote IS NOT NULL OR NEW.notes IS NOT NULL;
END;
CREATE TRIGGER sources_search_records_insert AFTER INSERT ON sources
BEGIN
    INSERT INTO search_records (id, kind, source_id) VALUES (NEW.id * 4 + 3, 'source', NEW.id);
END;
-- With foreign keys off (another tool), the cascade does not run: the same by hand.
CREATE TRIGGER provisions_search_records_delete AFTER DELETE ON provisions
BEGIN
    DELETE FROM search_records WHERE id = OLD.id * 4 + 1;
END;
CREATE TRIGGER stances_search_records_delete AFTER DELETE ON stances
BEGIN
    DELETE FROM search_records WHERE id = OLD.id * 4 + 2;
END;
CREATE TRIGGER sources_search_records_delete AFTER DELETE ON sources
BEGIN
    DELETE FROM search_records WHERE id = OLD.id * 4 + 3;
END;
