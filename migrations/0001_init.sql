-- provtrack schema, level 1: the record kinds, their vocabularies and the history log.
--
-- Every table is STRICT, every reference a foreign key, every vocabulary either a
-- lookup table or a CHECK. Rows are named by a human-readable `key` (a lowercase slug);
-- integer ids are internal and used only for joins and for stances. They are
-- AUTOINCREMENT so that a removed record's id (and so its history) is never reused.
-- Dates are stored as 'YYYY-MM-DD' text; a month- or year-precision date is stored as
-- its first day with the precision in the matching *_precision column.

CREATE TABLE categories (
    key         TEXT PRIMARY KEY CHECK (key GLOB '[a-z0-9]*' AND key NOT GLOB '*[^a-z0-9-]*'),
    description TEXT NOT NULL
) STRICT;

INSERT INTO categories (key, description) VALUES
    ('territory', 'Borders, recognition of control, withdrawals and swaps'),
    ('ceasefire', 'Ceasefire, armistice, freezing of the front line'),
    ('security-guarantees', 'Guarantees against renewed aggression'),
    ('nato-neutrality', 'NATO membership, neutrality, alliance expansion'),
    ('armed-forces', 'Size, equipment and limits of armed forces'),
    ('peacekeeping', 'Peacekeepers, monitors, demilitarised and buffer zones'),
    ('sanctions', 'Sanctions and their lifting'),
    ('frozen-assets', 'Frozen sovereign assets and their use'),
    ('reconstruction', 'Rebuilding and its financing'),
    ('elections-governance', 'Elections, leadership, constitutional matters, amnesty'),
    ('humanitarian', 'Prisoners, civilians, children, humanitarian relief'),
    ('eu-integration', 'EU membership and market access'),
    ('european-security', 'Security order in Europe, non-aggression, arms control'),
    ('us-russia-relations', 'Bilateral US-Russia relations, economic partnership, G8'),
    ('nuclear', 'Nuclear weapons and nuclear plants'),
    ('other', 'Anything else, including process and timetable');

CREATE TABLE positions (
    key         TEXT PRIMARY KEY,
    score       INTEGER NOT NULL CHECK (score BETWEEN -2 AND 2),
    description TEXT NOT NULL
) STRICT;

INSERT INTO positions (key, score, description) VALUES
    ('proposes', 2, 'Put the provision forward'),
    ('supports', 2, 'Backs the provision'),
    ('conditional', 1, 'Backs it only under stated conditions'),
    ('undecided', 0, 'Reviewing, no position yet'),
    ('opposes', -1, 'Objects to the provision'),
    ('rejects', -2, 'Refuses the provision outright');

CREATE TABLE sources (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    key                 TEXT NOT NULL UNIQUE,
    outlet              TEXT NOT NULL CHECK (length(outlet) BETWEEN 1 AND 200),
    title               TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    url                 TEXT UNIQUE CHECK (url IS NULL OR length(url) BETWEEN 1 AND 2000),
    author              TEXT CHECK (author IS NULL OR length(author) BETWEEN 1 AND 200),
    published_on        TEXT NOT NULL CHECK (published_on IS date(published_on)),
    published_precision TEXT NOT NULL DEFAULT 'day'
                        CHECK (published_precision IN ('day', 'month', 'year')),
    kind                TEXT NOT NULL CHECK (kind IN ('news', 'analysis', 'opinion', 'leak',
                                                      'official', 'interview', 'transcript')),
    language            TEXT CHECK (language IS NULL OR length(language) BETWEEN 2 AND 35),
    notes               TEXT CHECK (notes IS NULL OR length(notes) <= 10000)
) STRICT;

CREATE TABLE actors (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    key       TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind      TEXT NOT NULL CHECK (kind IN ('state', 'bloc', 'organization', 'person', 'media')),
    parent_id INTEGER REFERENCES actors (id) CHECK (parent_id IS NOT id),
    notes     TEXT CHECK (notes IS NULL OR length(notes) <= 10000)
) STRICT;
CREATE INDEX actors_parent ON actors (parent_id);

-- `folded` is the alias lowercased by provtrack with Unicode rules (SQLite's NOCASE
-- folds ASCII only), so "Зеленський" and "зеленський" are one alias.
CREATE TABLE actor_aliases (
    alias    TEXT NOT NULL CHECK (length(alias) BETWEEN 1 AND 200),
    folded   TEXT NOT NULL PRIMARY KEY,
    actor_id INTEGER NOT NULL REFERENCES actors (id)
) STRICT;
CREATE INDEX actor_aliases_actor ON actor_aliases (actor_id);

CREATE TABLE plans (
    id                        INTEGER PRIMARY KEY AUTOINCREMENT,
    key                       TEXT NOT NULL UNIQUE,
    title                     TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    status                    TEXT NOT NULL CHECK (status IN ('leaked', 'proposed', 'counter-proposal',
                                                              'under-negotiation', 'agreed', 'signed',
                                                              'abandoned')),
    first_reported_on         TEXT CHECK (first_reported_on IS date(first_reported_on)),
    first_reported_precision  TEXT CHECK (first_reported_precision IN ('day', 'month', 'year')),
    notes                     TEXT CHECK (notes IS NULL OR length(notes) <= 10000),
    CHECK ((first_reported_on IS NULL) = (first_reported_precision IS NULL))
) STRICT;

CREATE TABLE plan_proposers (
    plan_id  INTEGER NOT NULL REFERENCES plans (id),
    actor_id INTEGER NOT NULL REFERENCES actors (id),
    PRIMARY KEY (plan_id, actor_id)
) STRICT;
CREATE INDEX plan_proposers_actor ON plan_proposers (actor_id);

CREATE TABLE provisions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    key          TEXT NOT NULL UNIQUE,
    plan_id      INTEGER NOT NULL REFERENCES plans (id),
    point        INTEGER CHECK (point IS NULL OR point BETWEEN 1 AND 1000),
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    text         TEXT CHECK (text IS NULL OR length(text) <= 10000),
    category     TEXT NOT NULL REFERENCES categories (key),
    continues_id INTEGER REFERENCES provisions (id) CHECK (continues_id IS NOT id),
    relation     TEXT CHECK (relation IN ('same', 'modified', 'merged', 'split')),
    notes        TEXT CHECK (notes IS NULL OR length(notes) <= 10000),
    CHECK ((continues_id IS NULL) = (relation IS NULL)),
    UNIQUE (plan_id, point)
) STRICT;
CREATE INDEX provisions_category ON provisions (category);
CREATE INDEX provisions_continues ON provisions (continues_id);

CREATE TABLE stances (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id          INTEGER NOT NULL REFERENCES actors (id),
    provision_id      INTEGER NOT NULL REFERENCES provisions (id),
    position          TEXT NOT NULL REFERENCES positions (key),
    source_id         INTEGER NOT NULL REFERENCES sources (id),
    stated_on         TEXT NOT NULL CHECK (stated_on IS date(stated_on)),
    stated_precision  TEXT NOT NULL DEFAULT 'day' CHECK (stated_precision IN ('day', 'month', 'year')),
    quote             TEXT CHECK (quote IS NULL OR length(quote) BETWEEN 1 AND 2000),
    attribution       TEXT NOT NULL DEFAULT 'reported'
                      CHECK (attribution IN ('direct', 'reported', 'anonymous', 'inferred')),
    status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retracted', 'corrected')),
    status_reason     TEXT CHECK (status_reason IS NULL OR length(status_reason) BETWEEN 1 AND 2000),
    notes             TEXT CHECK (notes IS NULL OR length(notes) <= 10000),
    recorded_at       TEXT NOT NULL,
    CHECK (status = 'active' OR status_reason IS NOT NULL),
    UNIQUE (actor_id, provision_id, source_id, stated_on)
) STRICT;
-- The current-stance lookup: latest stance per (actor, provision) by stated_on.
CREATE INDEX stances_actor_provision_date ON stances (actor_id, provision_id, stated_on);
CREATE INDEX stances_provision ON stances (provision_id);
CREATE INDEX stances_source ON stances (source_id);
CREATE INDEX stances_stated_on ON stances (stated_on);

-- The command that is writing now, set by provtrack at the start of each write
-- transaction and cleared before commit, so history rows say which command changed a
-- row. Changes made by other tools find it empty and are logged as 'external'.
CREATE TABLE current_operation (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    command TEXT NOT NULL
) STRICT;

-- Append-only: one row for every UPDATE or DELETE of a record, holding the old values.
CREATE TABLE history (
    id          INTEGER PRIMARY KEY,
    table_name  TEXT NOT NULL,
    record_id   INTEGER NOT NULL,
    record_key  TEXT NOT NULL,
    operation   TEXT NOT NULL CHECK (operation IN ('update', 'delete')),
    old_values  TEXT NOT NULL CHECK (json_valid(old_values)),
    changed_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    command     TEXT NOT NULL
) STRICT;
CREATE INDEX history_record ON history (table_name, record_id);

CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- History triggers: copy the old row of every UPDATE and DELETE into history.
CREATE TRIGGER sources_history_update AFTER UPDATE ON sources
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('sources', OLD.id, OLD.key, 'update', json_object('id', OLD.id, 'key', OLD.key, 'outlet', OLD.outlet, 'title', OLD.title, 'url', OLD.url, 'author', OLD.author, 'published_on', OLD.published_on, 'published_precision', OLD.published_precision, 'kind', OLD.kind, 'language', OLD.language, 'notes', OLD.notes),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER sources_history_delete AFTER DELETE ON sources
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('sources', OLD.id, OLD.key, 'delete', json_object('id', OLD.id, 'key', OLD.key, 'outlet', OLD.outlet, 'title', OLD.title, 'url', OLD.url, 'author', OLD.author, 'published_on', OLD.published_on, 'published_precision', OLD.published_precision, 'kind', OLD.kind, 'language', OLD.language, 'notes', OLD.notes),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER actors_history_update AFTER UPDATE ON actors
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('actors', OLD.id, OLD.key, 'update', json_object('id', OLD.id, 'key', OLD.key, 'name', OLD.name, 'kind', OLD.kind, 'parent_id', OLD.parent_id, 'notes', OLD.notes),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER actors_history_delete AFTER DELETE ON actors
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('actors', OLD.id, OLD.key, 'delete', json_object('id', OLD.id, 'key', OLD.key, 'name', OLD.name, 'kind', OLD.kind, 'parent_id', OLD.parent_id, 'notes', OLD.notes),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER actor_aliases_history_update AFTER UPDATE ON actor_aliases
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('actor_aliases', OLD.actor_id, OLD.alias, 'update', json_object('alias', OLD.alias, 'actor_id', OLD.actor_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER actor_aliases_history_delete AFTER DELETE ON actor_aliases
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('actor_aliases', OLD.actor_id, OLD.alias, 'delete', json_object('alias', OLD.alias, 'actor_id', OLD.actor_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER plans_history_update AFTER UPDATE ON plans
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('plans', OLD.id, OLD.key, 'update', json_object('id', OLD.id, 'key', OLD.key, 'title', OLD.title, 'status', OLD.status, 'first_reported_on', OLD.first_reported_on, 'first_reported_precision', OLD.first_reported_precision, 'notes', OLD.notes),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER plans_history_delete AFTER DELETE ON plans
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('plans', OLD.id, OLD.key, 'delete', json_object('id', OLD.id, 'key', OLD.key, 'title', OLD.title, 'status', OLD.status, 'first_reported_on', OLD.first_reported_on, 'first_reported_precision', OLD.first_reported_precision, 'notes', OLD.notes),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER plan_proposers_history_update AFTER UPDATE ON plan_proposers
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('plan_proposers', OLD.plan_id, OLD.plan_id, 'update', json_object('plan_id', OLD.plan_id, 'actor_id', OLD.actor_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER plan_proposers_history_delete AFTER DELETE ON plan_proposers
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('plan_proposers', OLD.plan_id, OLD.plan_id, 'delete', json_object('plan_id', OLD.plan_id, 'actor_id', OLD.actor_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER provisions_history_update AFTER UPDATE ON provisions
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('provisions', OLD.id, OLD.key, 'update', json_object('id', OLD.id, 'key', OLD.key, 'plan_id', OLD.plan_id, 'point', OLD.point, 'title', OLD.title, 'text', OLD.text, 'category', OLD.category, 'continues_id', OLD.continues_id, 'relation', OLD.relation, 'notes', OLD.notes),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER provisions_history_delete AFTER DELETE ON provisions
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('provisions', OLD.id, OLD.key, 'delete', json_object('id', OLD.id, 'key', OLD.key, 'plan_id', OLD.plan_id, 'point', OLD.point, 'title', OLD.title, 'text', OLD.text, 'category', OLD.category, 'continues_id', OLD.continues_id, 'relation', OLD.relation, 'notes', OLD.notes),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER stances_history_update AFTER UPDATE ON stances
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('stances', OLD.id, OLD.id, 'update', json_object('id', OLD.id, 'actor_id', OLD.actor_id, 'provision_id', OLD.provision_id, 'position', OLD.position, 'source_id', OLD.source_id, 'stated_on', OLD.stated_on, 'stated_precision', OLD.stated_precision, 'quote', OLD.quote, 'attribution', OLD.attribution, 'status', OLD.status, 'status_reason', OLD.status_reason, 'notes', OLD.notes, 'recorded_at', OLD.recorded_at),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER stances_history_delete AFTER DELETE ON stances
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('stances', OLD.id, OLD.id, 'delete', json_object('id', OLD.id, 'actor_id', OLD.actor_id, 'provision_id', OLD.provision_id, 'position', OLD.position, 'source_id', OLD.source_id, 'stated_on', OLD.stated_on, 'stated_precision', OLD.stated_precision, 'quote', OLD.quote, 'attribution', OLD.attribution, 'status', OLD.status, 'status_reason', OLD.status_reason, 'notes', OLD.notes, 'recorded_at', OLD.recorded_at),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
