-- provtrack schema, level 7: a stance is a statement, as a source reports it.
--
-- A stance (one row of `stances`, one id, one key) is what one source reports one
-- actor said, forecast or advised about one plan: about the plan as a whole, or about
-- one or more of its provisions (its rows of `stance_targets`; a row whose
-- provision_id is NULL stands for the plan as a whole). Further:
--   key               a stable name, given in claims files or generated;
--   kind              position (what the actor holds), forecast (the source's
--                     prediction of its position) or recommendation (advice to it);
--   stance_via        the intermediaries the source heard it through, nearest first;
--   relays_source_id  the source whose report this source repeats (so the two are not
--                     independent);
--   quote / evidence  the actor's own words / the source's sentence that reports them;
--   stated_inferred   the date was not given but inferred (e.g. the publication day);
-- and sources.published_inferred the same for a publication date.
--
-- Existing stances keep their ids and history: each becomes a stance on its
-- provision's plan with that one provision as its target and the key 'stance-<id>'.
-- The table is rebuilt (a column loses NOT NULL, a UNIQUE goes), so the views and
-- triggers on it are dropped first and made again below.

INSERT INTO positions (key, score, description) VALUES
    ('neutral', 0, 'Declines to take a side');
UPDATE positions SET description = 'Still reviewing, has not decided yet'
WHERE key = 'undecided';

-- Views that read stances (made again below with the new columns).
DROP VIEW report_sources;
DROP VIEW report_coverage;
DROP VIEW report_contested;
DROP VIEW report_conflicts;
DROP VIEW report_shifts;
DROP VIEW report_timeline;
DROP VIEW report_matrix;
DROP VIEW current_stances;
DROP VIEW known_stances;
DROP VIEW latest_stances_recomputed;
DROP VIEW report_parameters;
DROP TRIGGER sources_latest_update;
DROP TRIGGER actors_latest_update;
DROP TRIGGER positions_latest_update;
DROP TABLE latest_stances;

-- Sources: whether the publication date is inferred. The history triggers copy it.
-- Adding a column checks the table's CHECKs on every row; a row an older SQLite let in
-- with a day that does not exist is kept (doctor names it), as level 3 keeps it.
PRAGMA ignore_check_constraints = ON;
ALTER TABLE sources ADD COLUMN published_inferred INTEGER NOT NULL DEFAULT 0
    CHECK (published_inferred IN (0, 1));
PRAGMA ignore_check_constraints = OFF;
DROP TRIGGER sources_history_update;
DROP TRIGGER sources_history_delete;
CREATE TRIGGER sources_history_update AFTER UPDATE ON sources
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('sources', OLD.id, OLD.key, 'update', json_object('id', OLD.id, 'key', OLD.key, 'outlet', OLD.outlet, 'title', OLD.title, 'url', OLD.url, 'author', OLD.author, 'published_on', OLD.published_on, 'published_precision', OLD.published_precision, 'published_inferred', OLD.published_inferred, 'kind', OLD.kind, 'language', OLD.language, 'notes', OLD.notes),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER sources_history_delete AFTER DELETE ON sources
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('sources', OLD.id, OLD.key, 'delete', json_object('id', OLD.id, 'key', OLD.key, 'outlet', OLD.outlet, 'title', OLD.title, 'url', OLD.url, 'author', OLD.author, 'published_on', OLD.published_on, 'published_precision', OLD.published_precision, 'published_inferred', OLD.published_inferred, 'kind', OLD.kind, 'language', OLD.language, 'notes', OLD.notes),
            coalesce((SELECT command FROM current_operation), 'external'));
END;

-- The stances, rebuilt. The AUTOINCREMENT counter is carried over so that the id of a
-- stance removed before the upgrade is never given again.
CREATE TEMP TABLE stance_sequence AS
SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'stances'), 0) AS seq;

CREATE TABLE stances_new (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    key               TEXT NOT NULL UNIQUE
                      CHECK (key GLOB '[a-z0-9]*' AND key NOT GLOB '*[^a-z0-9-]*'
                             AND length(key) <= 120),
    actor_id          INTEGER NOT NULL REFERENCES actors (id),
    plan_id           INTEGER NOT NULL REFERENCES plans (id),
    kind              TEXT NOT NULL DEFAULT 'position'
                      CHECK (kind IN ('position', 'forecast', 'recommendation')),
    position          TEXT NOT NULL REFERENCES positions (key),
    source_id         INTEGER NOT NULL REFERENCES sources (id),
    relays_source_id  INTEGER REFERENCES sources (id)
                      CHECK (relays_source_id IS NOT source_id),
    stated_on         TEXT NOT NULL CHECK (stated_on IS date(stated_on, '+0 days')),
    stated_precision  TEXT NOT NULL DEFAULT 'day' CHECK (stated_precision IN ('day', 'month', 'year')),
    stated_inferred   INTEGER NOT NULL DEFAULT 0 CHECK (stated_inferred IN (0, 1)),
    quote             TEXT CHECK (quote IS NULL OR length(quote) BETWEEN 1 AND 2000),
    evidence          TEXT CHECK (evidence IS NULL OR length(evidence) BETWEEN 1 AND 2000),
    attribution       TEXT NOT NULL DEFAULT 'reported'
                      CHECK (attribution IN ('direct', 'reported', 'anonymous', 'inferred')),
    status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retracted', 'corrected')),
    status_reason     TEXT CHECK (status_reason IS NULL OR length(status_reason) BETWEEN 1 AND 2000),
    notes             TEXT CHECK (notes IS NULL OR length(notes) <= 10000),
    recorded_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (status = 'active' OR status_reason IS NOT NULL)
) STRICT;

PRAGMA ignore_check_constraints = ON;
INSERT INTO stances_new (id, key, actor_id, plan_id, kind, position, source_id, stated_on,
                         stated_precision, stated_inferred, quote, attribution, status,
                         status_reason, notes, recorded_at)
SELECT st.id, 'stance-' || st.id, st.actor_id, pv.plan_id, 'position', st.position,
       st.source_id, st.stated_on, st.stated_precision, 0, st.quote, st.attribution,
       st.status, st.status_reason, st.notes, st.recorded_at
FROM stances st JOIN provisions pv ON pv.id = st.provision_id;
PRAGMA ignore_check_constraints = OFF;

CREATE TEMP TABLE stance_old_targets AS SELECT id, provision_id FROM stances;

DROP TABLE stances;
ALTER TABLE stances_new RENAME TO stances;
UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM temp.stance_sequence))
WHERE name = 'stances';
INSERT INTO sqlite_sequence (name, seq)
SELECT 'stances', seq FROM temp.stance_sequence
WHERE seq > 0 AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'stances');
DROP TABLE temp.stance_sequence;

CREATE INDEX stances_actor ON stances (actor_id);
CREATE INDEX stances_plan ON stances (plan_id);
CREATE INDEX stances_stated_on ON stances (stated_on);
-- The independent source of a statement: the one it relays, or its own.
CREATE INDEX stances_origin
    ON stances (coalesce(relays_source_id, source_id), actor_id, plan_id, kind, stated_on);
CREATE INDEX stances_source ON stances (source_id);
CREATE INDEX stances_relays ON stances (relays_source_id) WHERE relays_source_id IS NOT NULL;

-- What a stance is about: provisions of its plan, or (provision_id NULL) the plan as a
-- whole. Every stance has at least one row.
CREATE TABLE stance_targets (
    stance_id    INTEGER NOT NULL REFERENCES stances (id),
    provision_id INTEGER REFERENCES provisions (id)
) STRICT;
CREATE UNIQUE INDEX stance_targets_unique ON stance_targets (stance_id, coalesce(provision_id, 0));
CREATE INDEX stance_targets_provision ON stance_targets (provision_id);

INSERT INTO stance_targets (stance_id, provision_id)
SELECT id, provision_id FROM temp.stance_old_targets ORDER BY id;
DROP TABLE temp.stance_old_targets;

-- Reported speech: the actors through whom the source heard the stance, hop 1 the
-- nearest to the source ("King said Rubio told them": actor rubio, via king).
CREATE TABLE stance_via (
    stance_id INTEGER NOT NULL REFERENCES stances (id),
    hop       INTEGER NOT NULL CHECK (hop BETWEEN 1 AND 20),
    actor_id  INTEGER NOT NULL REFERENCES actors (id),
    PRIMARY KEY (stance_id, hop)
) STRICT, WITHOUT ROWID;
CREATE INDEX stance_via_actor ON stance_via (actor_id);

-- A stance removed by another tool (foreign keys off, no cascade) takes its targets
-- and intermediaries with it, as provtrack removes them; history keeps them all.
CREATE TRIGGER stances_links_delete AFTER DELETE ON stances
BEGIN
    DELETE FROM stance_targets WHERE stance_id = OLD.id;
    DELETE FROM stance_via WHERE stance_id = OLD.id;
END;

-- History: the stances' columns, and their targets and intermediaries as rows.
CREATE TRIGGER stances_history_update AFTER UPDATE ON stances
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('stances', OLD.id, OLD.key, 'update', json_object('id', OLD.id, 'key', OLD.key, 'actor_id', OLD.actor_id, 'plan_id', OLD.plan_id, 'kind', OLD.kind, 'position', OLD.position, 'source_id', OLD.source_id, 'relays_source_id', OLD.relays_source_id, 'stated_on', OLD.stated_on, 'stated_precision', OLD.stated_precision, 'stated_inferred', OLD.stated_inferred, 'quote', OLD.quote, 'evidence', OLD.evidence, 'attribution', OLD.attribution, 'status', OLD.status, 'status_reason', OLD.status_reason, 'notes', OLD.notes, 'recorded_at', OLD.recorded_at),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER stances_history_delete AFTER DELETE ON stances
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('stances', OLD.id, OLD.key, 'delete', json_object('id', OLD.id, 'key', OLD.key, 'actor_id', OLD.actor_id, 'plan_id', OLD.plan_id, 'kind', OLD.kind, 'position', OLD.position, 'source_id', OLD.source_id, 'relays_source_id', OLD.relays_source_id, 'stated_on', OLD.stated_on, 'stated_precision', OLD.stated_precision, 'stated_inferred', OLD.stated_inferred, 'quote', OLD.quote, 'evidence', OLD.evidence, 'attribution', OLD.attribution, 'status', OLD.status, 'status_reason', OLD.status_reason, 'notes', OLD.notes, 'recorded_at', OLD.recorded_at),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER stance_targets_history_update AFTER UPDATE ON stance_targets
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('stance_targets', OLD.stance_id,
            coalesce((SELECT key FROM stances WHERE id = OLD.stance_id), OLD.stance_id), 'update',
            json_object('stance_id', OLD.stance_id, 'provision_id', OLD.provision_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER stance_targets_history_delete AFTER DELETE ON stance_targets
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('stance_targets', OLD.stance_id,
            coalesce((SELECT key FROM stances WHERE id = OLD.stance_id), OLD.stance_id), 'delete',
            json_object('stance_id', OLD.stance_id, 'provision_id', OLD.provision_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER stance_via_history_update AFTER UPDATE ON stance_via
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('stance_via', OLD.stance_id,
            coalesce((SELECT key FROM stances WHERE id = OLD.stance_id), OLD.stance_id), 'update',
            json_object('stance_id', OLD.stance_id, 'hop', OLD.hop, 'actor_id', OLD.actor_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER stance_via_history_delete AFTER DELETE ON stance_via
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('stance_via', OLD.stance_id,
            coalesce((SELECT key FROM stances WHERE id = OLD.stance_id), OLD.stance_id), 'delete',
            json_object('stance_id', OLD.stance_id, 'hop', OLD.hop, 'actor_id', OLD.actor_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;

-- Search: a stance's quote, and its evidence and notes.
CREATE TRIGGER stances_search_insert AFTER INSERT ON stances
WHEN NEW.quote IS NOT NULL OR NEW.evidence IS NOT NULL OR NEW.notes IS NOT NULL
BEGIN
    INSERT INTO search_index (rowid, kind, title, body)
    VALUES (NEW.id * 4 + 2, 'stance', NEW.quote,
            CASE WHEN NEW.evidence IS NULL THEN NEW.notes WHEN NEW.notes IS NULL THEN NEW.evidence
                 ELSE NEW.evidence || char(10) || NEW.notes END);
END;
CREATE TRIGGER stances_search_update AFTER UPDATE OF quote, evidence, notes ON stances
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 2;
    INSERT INTO search_index (rowid, kind, title, body)
    SELECT NEW.id * 4 + 2, 'stance', NEW.quote,
           CASE WHEN NEW.evidence IS NULL THEN NEW.notes WHEN NEW.notes IS NULL THEN NEW.evidence
                 ELSE NEW.evidence || char(10) || NEW.notes END
    WHERE NEW.quote IS NOT NULL OR NEW.evidence IS NOT NULL OR NEW.notes IS NOT NULL;
END;
CREATE TRIGGER stances_search_delete AFTER DELETE ON stances
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 2;
END;

-- The links of search hits to their stances (level 4), made again for the rebuilt
-- table; its rows keep pointing at the same ids.
CREATE TRIGGER stances_search_records_insert AFTER INSERT ON stances
WHEN NEW.quote IS NOT NULL OR NEW.evidence IS NOT NULL OR NEW.notes IS NOT NULL
BEGIN
    INSERT INTO search_records (id, kind, stance_id) VALUES (NEW.id * 4 + 2, 'stance', NEW.id);
END;
CREATE TRIGGER stances_search_records_update AFTER UPDATE OF quote, evidence, notes ON stances
BEGIN
    DELETE FROM search_records WHERE id = OLD.id * 4 + 2;
    INSERT INTO search_records (id, kind, stance_id)
    SELECT NEW.id * 4 + 2, 'stance', NEW.id
    WHERE NEW.quote IS NOT NULL OR NEW.evidence IS NOT NULL OR NEW.notes IS NOT NULL;
END;
CREATE TRIGGER stances_search_records_delete AFTER DELETE ON stances
BEGIN
    DELETE FROM search_records WHERE id = OLD.id * 4 + 2;
END;

-- One row per target of every stance, with what the reports compare: a table derived
-- from stances and stance_targets and kept in step by the triggers below (no history
-- of its own), so that reports read a target's stances from one index in the order
-- they compare them, as level 2 read stances_provision_actor_date. provision_id is 0
-- for the plan as a whole. origin_id is the independent source (the source relayed,
-- or the stance's own); firsthand is 1 for the actor's own, on-record word
-- (attribution direct), 0 for a second-hand account.
CREATE TABLE target_stances (
    plan_id          INTEGER NOT NULL,
    provision_id     INTEGER NOT NULL,
    actor_id         INTEGER NOT NULL,
    stated_on        TEXT NOT NULL,
    stance_id        INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    status           TEXT NOT NULL,
    position         TEXT NOT NULL,
    source_id        INTEGER NOT NULL,
    origin_id        INTEGER NOT NULL,
    firsthand        INTEGER NOT NULL,
    stated_precision TEXT NOT NULL,
    PRIMARY KEY (plan_id, provision_id, actor_id, stated_on, stance_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX target_stances_stance ON target_stances (stance_id);
CREATE INDEX target_stances_origin
    ON target_stances (origin_id, provision_id, actor_id, plan_id, kind, stated_on);

CREATE VIEW target_stances_recomputed AS
SELECT st.plan_id, coalesce(t.provision_id, 0) AS provision_id, st.actor_id, st.stated_on,
       st.id AS stance_id, st.kind, st.status, st.position, st.source_id,
       coalesce(st.relays_source_id, st.source_id) AS origin_id,
       st.attribution = 'direct' AS firsthand, st.stated_precision
FROM stance_targets t JOIN stances st ON st.id = t.stance_id;

INSERT INTO target_stances SELECT * FROM target_stances_recomputed;

CREATE TRIGGER stance_targets_derived_insert AFTER INSERT ON stance_targets
BEGIN
    INSERT INTO target_stances
    SELECT st.plan_id, coalesce(NEW.provision_id, 0), st.actor_id, st.stated_on, st.id,
           st.kind, st.status, st.position, st.source_id,
           coalesce(st.relays_source_id, st.source_id), st.attribution = 'direct',
           st.stated_precision
    FROM stances st WHERE st.id = NEW.stance_id;
END;
CREATE TRIGGER stance_targets_derived_delete AFTER DELETE ON stance_targets
BEGIN
    DELETE FROM target_stances
    WHERE stance_id = OLD.stance_id AND provision_id = coalesce(OLD.provision_id, 0);
END;
CREATE TRIGGER stance_targets_derived_update AFTER UPDATE ON stance_targets
BEGIN
    DELETE FROM target_stances
    WHERE stance_id = OLD.stance_id AND provision_id = coalesce(OLD.provision_id, 0);
    INSERT INTO target_stances
    SELECT st.plan_id, coalesce(NEW.provision_id, 0), st.actor_id, st.stated_on, st.id,
           st.kind, st.status, st.position, st.source_id,
           coalesce(st.relays_source_id, st.source_id), st.attribution = 'direct',
           st.stated_precision
    FROM stances st WHERE st.id = NEW.stance_id;
END;
CREATE TRIGGER stances_derived_update
AFTER UPDATE OF id, plan_id, actor_id, stated_on, kind, status, position, source_id,
                relays_source_id, attribution, stated_precision ON stances
BEGIN
    UPDATE target_stances SET plan_id = NEW.plan_id, actor_id = NEW.actor_id,
        stated_on = NEW.stated_on, stance_id = NEW.id, kind = NEW.kind,
        status = NEW.status, position = NEW.position, source_id = NEW.source_id,
        origin_id = coalesce(NEW.relays_source_id, NEW.source_id),
        firsthand = NEW.attribution = 'direct', stated_precision = NEW.stated_precision
    WHERE stance_id = OLD.id;
END;

-- The current stance of each actor on each target, per kind: its latest active stance
-- by the date stated; on the same date the actor's own word (firsthand) before a
-- second-hand account, then the source's publication date, then the stance id.
-- Derived from target_stances (and the actor keys, source dates and position scores it
-- copies) by the triggers below, without history of its own.
CREATE TABLE latest_stances (
    plan_id          INTEGER NOT NULL,
    provision_id     INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    actor            TEXT NOT NULL,
    actor_id         INTEGER NOT NULL,
    stance_id        INTEGER NOT NULL,
    stated_on        TEXT NOT NULL,
    firsthand        INTEGER NOT NULL,
    published_on     TEXT NOT NULL,
    position         TEXT NOT NULL,
    score            INTEGER NOT NULL,
    source_id        INTEGER NOT NULL,
    stated_precision TEXT NOT NULL,
    PRIMARY KEY (plan_id, provision_id, kind, actor)
) STRICT, WITHOUT ROWID;

-- What latest_stances holds, computed from target_stances in one pass: the order
-- (stated_on, firsthand, published_on, id) compared as one string (see level 2).
CREATE VIEW latest_stances_recomputed AS
SELECT m.plan_id, m.provision_id, m.kind, a.key AS actor, m.actor_id, m.stance_id,
       m.stated_on, m.firsthand, m.published_on, m.position, pos.score, m.source_id,
       m.stated_precision
FROM (SELECT t.plan_id, t.provision_id, t.kind, t.actor_id, t.stance_id, t.stated_on,
             t.firsthand, s.published_on, t.position, t.source_id, t.stated_precision,
             max(t.stated_on || t.firsthand || s.published_on
                 || CASE WHEN t.stance_id < 0
                         THEN '0' || printf('%019d', t.stance_id + 9223372036854775807 + 1)
                         ELSE '1' || printf('%019d', t.stance_id) END) AS recency
      FROM target_stances t JOIN sources s ON s.id = t.source_id
      WHERE t.status = 'active'
      GROUP BY t.plan_id, t.provision_id, t.kind, t.actor_id) m
JOIN actors a ON a.id = m.actor_id
JOIN positions pos ON pos.key = m.position;

INSERT INTO latest_stances SELECT * FROM latest_stances_recomputed;

CREATE TRIGGER target_stances_latest_insert AFTER INSERT ON target_stances
WHEN NEW.status = 'active'
BEGIN
    INSERT INTO latest_stances (plan_id, provision_id, kind, actor, actor_id, stance_id,
                                stated_on, firsthand, published_on, position, score,
                                source_id, stated_precision)
    SELECT NEW.plan_id, NEW.provision_id, NEW.kind, a.key, NEW.actor_id, NEW.stance_id,
           NEW.stated_on, NEW.firsthand, s.published_on, NEW.position, pos.score,
           NEW.source_id, NEW.stated_precision
    FROM actors a, sources s, positions pos
    WHERE a.id = NEW.actor_id AND s.id = NEW.source_id AND pos.key = NEW.position
    ON CONFLICT (plan_id, provision_id, kind, actor) DO UPDATE SET
        actor_id = excluded.actor_id, stance_id = excluded.stance_id,
        stated_on = excluded.stated_on, firsthand = excluded.firsthand,
        published_on = excluded.published_on, position = excluded.position,
        score = excluded.score, source_id = excluded.source_id,
        stated_precision = excluded.stated_precision
    WHERE (excluded.stated_on, excluded.firsthand, excluded.published_on, excluded.stance_id)
          > (latest_stances.stated_on, latest_stances.firsthand, latest_stances.published_on,
             latest_stances.stance_id);
END;

-- Any other change picks the current stance of the pairs it touches again.
CREATE TRIGGER target_stances_latest_update AFTER UPDATE ON target_stances
BEGIN
    DELETE FROM latest_stances
    WHERE plan_id = OLD.plan_id AND provision_id = OLD.provision_id AND kind = OLD.kind
      AND actor_id = OLD.actor_id;
    INSERT INTO latest_stances
    SELECT t.plan_id, t.provision_id, t.kind, a.key, t.actor_id, t.stance_id, t.stated_on,
           t.firsthand, s.published_on, t.position, pos.score, t.source_id, t.stated_precision
    FROM target_stances t
    JOIN sources s ON s.id = t.source_id
    JOIN actors a ON a.id = t.actor_id
    JOIN positions pos ON pos.key = t.position
    WHERE t.plan_id = OLD.plan_id AND t.provision_id = OLD.provision_id
      AND t.actor_id = OLD.actor_id AND t.kind = OLD.kind AND t.status = 'active'
    ORDER BY t.stated_on DESC, t.firsthand DESC, s.published_on DESC, t.stance_id DESC
    LIMIT 1;
    DELETE FROM latest_stances
    WHERE plan_id = NEW.plan_id AND provision_id = NEW.provision_id AND kind = NEW.kind
      AND actor_id = NEW.actor_id
      AND (NEW.plan_id, NEW.provision_id, NEW.kind, NEW.actor_id)
          IS NOT (OLD.plan_id, OLD.provision_id, OLD.kind, OLD.actor_id);
    INSERT INTO latest_stances
    SELECT t.plan_id, t.provision_id, t.kind, a.key, t.actor_id, t.stance_id, t.stated_on,
           t.firsthand, s.published_on, t.position, pos.score, t.source_id, t.stated_precision
    FROM target_stances t
    JOIN sources s ON s.id = t.source_id
    JOIN actors a ON a.id = t.actor_id
    JOIN positions pos ON pos.key = t.position
    WHERE t.plan_id = NEW.plan_id AND t.provision_id = NEW.provision_id
      AND t.actor_id = NEW.actor_id AND t.kind = NEW.kind AND t.status = 'active'
      AND (NEW.plan_id, NEW.provision_id, NEW.kind, NEW.actor_id)
          IS NOT (OLD.plan_id, OLD.provision_id, OLD.kind, OLD.actor_id)
    ORDER BY t.stated_on DESC, t.firsthand DESC, s.published_on DESC, t.stance_id DESC
    LIMIT 1;
END;

CREATE TRIGGER target_stances_latest_delete AFTER DELETE ON target_stances
WHEN EXISTS (SELECT 1 FROM latest_stances
             WHERE plan_id = OLD.plan_id AND provision_id = OLD.provision_id
               AND kind = OLD.kind AND stance_id = OLD.stance_id)
BEGIN
    DELETE FROM latest_stances
    WHERE plan_id = OLD.plan_id AND provision_id = OLD.provision_id AND kind = OLD.kind
      AND actor_id = OLD.actor_id;
    INSERT INTO latest_stances
    SELECT t.plan_id, t.provision_id, t.kind, a.key, t.actor_id, t.stance_id, t.stated_on,
           t.firsthand, s.published_on, t.position, pos.score, t.source_id, t.stated_precision
    FROM target_stances t
    JOIN sources s ON s.id = t.source_id
    JOIN actors a ON a.id = t.actor_id
    JOIN positions pos ON pos.key = t.position
    WHERE t.plan_id = OLD.plan_id AND t.provision_id = OLD.provision_id
      AND t.actor_id = OLD.actor_id AND t.kind = OLD.kind AND t.status = 'active'
    ORDER BY t.stated_on DESC, t.firsthand DESC, s.published_on DESC, t.stance_id DESC
    LIMIT 1;
END;

-- A source's new publication date can change which stance is current in every pair it
-- reports.
CREATE TRIGGER sources_latest_update AFTER UPDATE OF published_on ON sources
WHEN NEW.published_on IS NOT OLD.published_on
BEGIN
    DELETE FROM latest_stances
    WHERE (plan_id, provision_id, kind, actor_id) IN (
        SELECT t.plan_id, t.provision_id, t.kind, t.actor_id
        FROM stances x JOIN target_stances t ON t.stance_id = x.id
        WHERE x.source_id = NEW.id);
    INSERT INTO latest_stances
    SELECT t.plan_id, t.provision_id, t.kind, a.key, t.actor_id, t.stance_id, t.stated_on,
           t.firsthand, s.published_on, t.position, pos.score, t.source_id, t.stated_precision
    FROM (SELECT DISTINCT t.plan_id, t.provision_id, t.kind, t.actor_id
          FROM stances x JOIN target_stances t ON t.stance_id = x.id
          WHERE x.source_id = NEW.id) pair
    JOIN target_stances t ON (t.plan_id, t.provision_id, t.actor_id, t.stated_on, t.stance_id) = (
        SELECT k.plan_id, k.provision_id, k.actor_id, k.stated_on, k.stance_id
        FROM target_stances k JOIN sources ks ON ks.id = k.source_id
        WHERE k.plan_id = pair.plan_id AND k.provision_id = pair.provision_id
          AND k.actor_id = pair.actor_id AND k.kind = pair.kind AND k.status = 'active'
        ORDER BY k.stated_on DESC, k.firsthand DESC, ks.published_on DESC, k.stance_id DESC
        LIMIT 1)
    JOIN sources s ON s.id = t.source_id
    JOIN actors a ON a.id = t.actor_id
    JOIN positions pos ON pos.key = t.position;
END;

-- The copies of actor keys and position scores follow their originals.
CREATE TRIGGER actors_latest_update AFTER UPDATE OF key ON actors
WHEN NEW.key IS NOT OLD.key
BEGIN
    UPDATE latest_stances SET actor = NEW.key WHERE actor_id = NEW.id;
END;
CREATE TRIGGER positions_latest_update AFTER UPDATE OF score ON positions
WHEN NEW.score IS NOT OLD.score
BEGIN
    UPDATE latest_stances SET score = NEW.score WHERE position = NEW.key;
END;

-- The parameters of the report views (level 2), and `kind`: NULL means positions only
-- in the reports of who stands where, and every kind in the timeline and sources.
CREATE VIEW report_parameters AS
SELECT NULL AS as_of, NULL AS plan_id, NULL AS actor_id, NULL AS provision_id,
       NULL AS category, NULL AS since, 30 AS window_days, NULL AS kind
FROM positions WHERE key = 'undecided';

-- What a stance can be about: each plan as a whole (provision_id 0, no provision key,
-- point or category), then each provision.
CREATE VIEW targets AS
SELECT pl.id AS plan_id, 0 AS provision_id, pl.key AS plan, NULL AS provision,
       NULL AS point, NULL AS category
FROM plans pl
UNION ALL
SELECT pv.plan_id, pv.id, pl.key, pv.key, pv.point, pv.category
FROM provisions pv JOIN plans pl ON pl.id = pv.plan_id;

-- Every stance on every target with the keys of what it links and its dates at their
-- precision (as level 2; provision is NULL for the plan as a whole). A stance on three
-- provisions is three rows. As of a day, a stance is known if it was stated and its
-- source published by then.
CREATE VIEW known_stances AS
SELECT st.stance_id, st.actor_id, t.provision_id, t.plan_id, st.source_id, st.origin_id,
       a.key AS actor, t.provision, t.plan, t.point, t.category, st.kind,
       st.position, pos.score, st.stated_on,
       CASE st.stated_precision WHEN 'year' THEN substr(st.stated_on, 1, 4)
            WHEN 'month' THEN substr(st.stated_on, 1, 7) ELSE st.stated_on END AS stated,
       x.stated_inferred,
       s.key AS source, s.published_on,
       CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
            WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END AS published,
       s.published_inferred, x.attribution, st.firsthand, st.status, x.quote, x.evidence,
       x.notes, x.key, x.relays_source_id
FROM report_parameters p
CROSS JOIN targets t
CROSS JOIN target_stances st ON st.plan_id = t.plan_id AND st.provision_id = t.provision_id
    AND st.actor_id >= coalesce(p.actor_id, -9223372036854775807 - 1)
    AND st.actor_id <= coalesce(p.actor_id, 9223372036854775807)
CROSS JOIN sources s ON s.id = st.source_id
LEFT JOIN stances x ON x.id = st.stance_id
LEFT JOIN actors a ON a.id = st.actor_id
LEFT JOIN positions pos ON pos.key = st.position
WHERE (p.plan_id IS NULL OR t.plan_id = p.plan_id)
  AND (p.category IS NULL OR t.category = p.category)
  AND (p.provision_id IS NULL OR t.provision_id = p.provision_id)
  AND (p.as_of IS NULL OR (st.stated_on <= p.as_of AND s.published_on <= p.as_of));

-- The current stance of each actor on each target (kind: --kind, positions by
-- default). Without --as-of it is the row of latest_stances; as of a day, the latest
-- stance known then, looked up among the pair's stances in target_stances.
CREATE VIEW current_stances AS
SELECT coalesce(k.id, c.stance_id) AS stance_id, c.actor_id, t.provision_id, t.plan_id,
       coalesce(k.source_id, c.source_id) AS source_id, c.actor,
       t.provision, t.plan, t.point, t.category, c.kind,
       coalesce(k.position, c.position) AS position, coalesce(kpos.score, c.score) AS score,
       coalesce(k.stated_on, c.stated_on) AS stated_on,
       CASE coalesce(k.stated_precision, c.stated_precision)
            WHEN 'year' THEN substr(coalesce(k.stated_on, c.stated_on), 1, 4)
            WHEN 'month' THEN substr(coalesce(k.stated_on, c.stated_on), 1, 7)
            ELSE coalesce(k.stated_on, c.stated_on) END AS stated,
       st.stated_inferred,
       s.key AS source, s.published_on,
       CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
            WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END AS published,
       st.attribution, st.quote, st.evidence
FROM report_parameters p
CROSS JOIN targets t
CROSS JOIN latest_stances c ON c.plan_id = t.plan_id AND c.provision_id = t.provision_id
    AND c.kind = coalesce(p.kind, 'position')
LEFT JOIN stances k ON k.id = CASE WHEN p.as_of IS NOT NULL THEN (
    SELECT x.stance_id FROM target_stances x JOIN sources xs ON xs.id = x.source_id
    WHERE x.plan_id = c.plan_id AND x.provision_id = c.provision_id
      AND x.actor_id = c.actor_id AND x.kind = c.kind
      AND x.status = 'active' AND x.stated_on <= p.as_of AND xs.published_on <= p.as_of
    ORDER BY x.stated_on DESC, x.firsthand DESC, xs.published_on DESC, x.stance_id DESC
    LIMIT 1) END
LEFT JOIN positions kpos ON kpos.key = k.position
LEFT JOIN sources s ON s.id = coalesce(k.source_id, c.source_id)
LEFT JOIN stances st ON st.id = coalesce(k.id, c.stance_id)
WHERE (p.plan_id IS NULL OR t.plan_id = p.plan_id)
  AND (p.category IS NULL OR t.category = p.category)
  AND (p.provision_id IS NULL OR t.provision_id = p.provision_id)
  AND (p.actor_id IS NULL OR c.actor_id = p.actor_id)
  AND (p.as_of IS NULL OR k.id IS NOT NULL);

-- report matrix: each actor's current position on each target, in the order the matrix
-- reads (level 2); the plan as a whole (provision NULL) first, then provisions by point.
CREATE VIEW report_matrix AS
SELECT m.plan, m.actor, m.role, m.provision, m.point, m.position, m.stated_on,
       m.stated_inferred, m.source
FROM (SELECT c.plan, c.actor, c.provision, c.provision_id, c.point, c.position,
             c.stated AS stated_on, c.stated_inferred, c.source, a.parent_id,
             coalesce(parent.key, a.key) AS family,
             CASE WHEN EXISTS (SELECT 1 FROM plan_proposers pp
                               WHERE pp.plan_id = c.plan_id AND pp.actor_id = a.id)
                  THEN 'proposer'
                  WHEN EXISTS (SELECT 1 FROM plan_proposers pp
                               WHERE pp.plan_id = c.plan_id AND pp.actor_id = a.parent_id)
                  THEN 'speaks-for-proposer'
                  ELSE 'other' END AS role
      FROM current_stances c
      JOIN actors a ON a.id = c.actor_id
      LEFT JOIN actors parent ON parent.id = a.parent_id) m
ORDER BY m.plan,
         CASE m.role WHEN 'proposer' THEN 0 WHEN 'speaks-for-proposer' THEN 1 ELSE 2 END,
         CASE m.role WHEN 'other' THEN m.family END, m.parent_id IS NOT NULL, m.actor,
         m.provision_id <> 0, m.point IS NULL, m.point, m.provision;

-- report timeline: every stance of every kind (or --kind) in date order, one row per
-- target, with who relayed it to the source and which source it repeats.
CREATE VIEW report_timeline AS
SELECT k.stated AS stated_on, k.stated_inferred, k.actor, k.provision, k.plan, k.kind,
       k.position, k.source, k.published AS published_on, k.published_inferred,
       k.attribution,
       (SELECT group_concat(va.key, ' < ')
        FROM (SELECT v.actor_id FROM stance_via v WHERE v.stance_id = k.stance_id
              ORDER BY v.hop) vv
        JOIN actors va ON va.id = vv.actor_id) AS via,
       (SELECT rs.key FROM sources rs WHERE rs.id = k.relays_source_id) AS relays,
       k.status, k.quote, k.evidence, k.stance_id AS stance, k.key
FROM known_stances k
CROSS JOIN report_parameters p
WHERE p.kind IS NULL OR k.kind = p.kind
ORDER BY k.stated_on, k.published_on, k.stance_id, k.provision_id;

-- report shifts: an actor's active stance on a target whose position differs from its
-- previous active stance there (positions, or --kind), in the order of the current
-- stance.
CREATE VIEW report_shifts AS
SELECT a.key AS actor, pv.key AS provision, pl.key AS plan, w.from_position,
       w.position AS to_position, w.from_stated_on, w.stated AS to_stated_on,
       fs.key AS from_source, ts.key AS to_source, w.score - w.from_score AS score_change,
       CASE WHEN w.score * w.from_score < 0 THEN 'full flop'
            WHEN w.score <> w.from_score THEN 'half flip' ELSE 'no flip' END AS flip
FROM (SELECT k.stance_id, k.actor_id, k.provision_id, k.plan_id, k.source_id, k.position,
             k.stated_on, k.stated, k.published_on, k.score,
             lag(k.position) OVER recent AS from_position,
             lag(k.score) OVER recent AS from_score,
             lag(k.stated) OVER recent AS from_stated_on,
             lag(k.source_id) OVER recent AS from_source_id
      FROM known_stances k
      CROSS JOIN report_parameters q
      WHERE k.status = 'active' AND k.kind = coalesce(q.kind, 'position')
      WINDOW recent AS (PARTITION BY k.plan_id, k.provision_id, k.actor_id
                        ORDER BY k.stated_on, k.firsthand, k.published_on, k.stance_id)) w
CROSS JOIN report_parameters p
JOIN actors a ON a.id = w.actor_id
LEFT JOIN provisions pv ON pv.id = w.provision_id
JOIN plans pl ON pl.id = w.plan_id
JOIN sources fs ON fs.id = w.from_source_id
JOIN sources ts ON ts.id = w.source_id
WHERE w.from_position IS NOT NULL AND w.from_position <> w.position
  AND (p.since IS NULL OR w.stated_on >= p.since)
ORDER BY w.stated_on, w.published_on, w.stance_id, w.provision_id;

-- report conflicts: two active stances of the same actor on the same target, from
-- independent sources (neither relays the other's source), whose positions score
-- differently, stated at most window_days apart. `conflict` says which kind: a
-- `disputed account` (a second-hand account against the actor's own word) or
-- `sources disagree`.
CREATE VIEW report_conflicts AS
SELECT ac.key AS actor, pv.key AS provision, pl.key AS plan,
       a.position AS first_position, a.stated AS first_stated_on, sa.key AS first_source,
       b.position AS second_position,
       CASE b.stated_precision WHEN 'year' THEN substr(b.stated_on, 1, 4)
            WHEN 'month' THEN substr(b.stated_on, 1, 7) ELSE b.stated_on END
           AS second_stated_on,
       sb.key AS second_source,
       CAST(julianday(b.stated_on) - julianday(a.stated_on) AS INTEGER) AS days_apart,
       CASE WHEN a.firsthand <> b.firsthand THEN 'disputed account'
            ELSE 'sources disagree' END AS conflict
FROM known_stances a
CROSS JOIN report_parameters p
CROSS JOIN target_stances b ON b.plan_id = a.plan_id AND b.provision_id = a.provision_id
    AND b.actor_id = a.actor_id
    AND b.stated_on >= a.stated_on
    AND b.stated_on <= coalesce(date(a.stated_on, '+' || p.window_days || ' days'),
                                '9999-12-31')
CROSS JOIN sources sb ON sb.id = b.source_id
JOIN positions pa ON pa.key = a.position
JOIN positions pb ON pb.key = b.position
JOIN actors ac ON ac.id = a.actor_id
LEFT JOIN provisions pv ON pv.id = a.provision_id
JOIN plans pl ON pl.id = a.plan_id
JOIN sources sa ON sa.id = a.source_id
WHERE a.status = 'active' AND b.status = 'active'
  AND a.kind = coalesce(p.kind, 'position') AND b.kind = a.kind
  AND a.origin_id <> b.origin_id AND pa.score <> pb.score
  AND (a.stated_on, a.published_on, a.stance_id) < (b.stated_on, sb.published_on, b.stance_id)
  AND julianday(b.stated_on) - julianday(a.stated_on) <= p.window_days
  AND (p.as_of IS NULL OR (b.stated_on <= p.as_of AND sb.published_on <= p.as_of))
ORDER BY a.stated_on, a.published_on, a.stance_id, a.provision_id, b.stated_on,
         sb.published_on, b.stance_id;

-- report contested: targets by the spread of the actors' current positions (highest
-- score minus lowest), with the actors on each side (undecided and neutral together).
CREATE VIEW report_contested AS
SELECT pl.key AS plan, pv.key AS provision, pv.point, pv.category, g.spread, g.actors,
       g.supporters, g.undecided, g.opponents
FROM (SELECT c.plan_id, c.provision_id, max(c.score) - min(c.score) AS spread,
             count(*) AS actors,
             group_concat(CASE WHEN c.score > 0 THEN c.actor || ' (' || c.position || ')' END,
                          ', ') AS supporters,
             group_concat(CASE WHEN c.score = 0 THEN c.actor END, ', ') AS undecided,
             group_concat(CASE WHEN c.score < 0 THEN c.actor || ' (' || c.position || ')' END,
                          ', ') AS opponents
      FROM (SELECT plan_id, provision_id, actor, position, score FROM current_stances
            ORDER BY plan_id, provision_id, actor) c
      GROUP BY c.plan_id, c.provision_id) g
JOIN plans pl ON pl.id = g.plan_id
LEFT JOIN provisions pv ON pv.id = g.provision_id
ORDER BY g.spread DESC, g.actors DESC, pl.key, g.provision_id <> 0, pv.point IS NULL,
         pv.point, pv.key;

-- report coverage: provisions with no active stance (positions, or --kind) or a single
-- independent source for them, and proposers with no active stance on their own plan
-- (a stance on the plan as a whole counts).
CREATE VIEW report_coverage AS
SELECT plan, subject, key, gap, stances, source
FROM (SELECT n.plan, 'provision' AS subject, n.key, n.point,
             CASE WHEN n.stances = 0 THEN 'no stance' ELSE 'single source' END AS gap,
             n.stances, n.source
      FROM (SELECT pl.key AS plan, pv.key AS key, pv.point AS point,
                   (SELECT count(*) FROM known_stances k
                    WHERE k.plan_id = pv.plan_id AND k.provision_id = pv.id
                      AND k.status = 'active' AND k.kind = coalesce(p.kind, 'position'))
                       AS stances,
                   (SELECT min(k.source) FROM known_stances k
                    WHERE k.plan_id = pv.plan_id AND k.provision_id = pv.id
                      AND k.status = 'active' AND k.kind = coalesce(p.kind, 'position'))
                       AS source
            FROM report_parameters p
            CROSS JOIN provisions pv
            JOIN plans pl ON pl.id = pv.plan_id
            WHERE (p.plan_id IS NULL OR pv.plan_id = p.plan_id)
              AND (p.category IS NULL OR pv.category = p.category)
              AND (p.as_of IS NULL OR pl.first_reported_on IS NULL
                   OR pl.first_reported_on <= p.as_of)
              AND NOT EXISTS (
                  SELECT 1 FROM known_stances k
                  WHERE k.plan_id = pv.plan_id AND k.provision_id = pv.id
                    AND k.status = 'active' AND k.kind = coalesce(p.kind, 'position')
                    AND k.origin_id <> (SELECT f.origin_id FROM known_stances f
                                        WHERE f.plan_id = pv.plan_id
                                          AND f.provision_id = pv.id
                                          AND f.status = 'active'
                                          AND f.kind = coalesce(p.kind, 'position')
                                        LIMIT 1))) n
      UNION ALL
      SELECT pl.key, 'actor', a.key, NULL, 'no stance on its own plan', 0, NULL
      FROM report_parameters p
      CROSS JOIN plan_proposers pp
      JOIN plans pl ON pl.id = pp.plan_id
      JOIN actors a ON a.id = pp.actor_id
      WHERE NOT EXISTS (SELECT 1 FROM known_stances k
                        WHERE k.actor_id = pp.actor_id AND k.plan_id = pp.plan_id
                          AND k.status = 'active' AND k.kind = coalesce(p.kind, 'position'))
        AND (p.plan_id IS NULL OR pp.plan_id = p.plan_id)
        AND (p.actor_id IS NULL OR pp.actor_id = p.actor_id)
        AND (p.as_of IS NULL OR pl.first_reported_on IS NULL OR pl.first_reported_on <= p.as_of))
ORDER BY plan, subject DESC, point IS NULL, point, key;

-- report sources: per independent source, how many statements (stances, however many
-- provisions each is about), provisions, actors and plans it is the origin of (its own
-- reports and those other sources relay from it), and how many statements the source
-- repeats from another source (`relayed`; those count for the source they relay).
-- With a filter, only the sources that report something matching it. The counts are
-- made per independent source, in one pass over stances_origin without a filter (the
-- provisions through target_stances_origin) or over the filtered known stances, and
-- joined to their sources by id; the sources that are no statement's origin are added
-- with zeros when there is no filter. (Joining every source to the grouped counts
-- instead made SQLite scan the counts once per source.)
CREATE INDEX stances_relayed ON stances (source_id) WHERE relays_source_id IS NOT NULL;

CREATE VIEW report_sources AS
SELECT source, outlet, published_on, published_inferred, kind, stances, provisions,
       actors, plans, relayed
FROM (SELECT s.key AS source, s.outlet,
             CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
                  WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END
                 AS published_on,
             s.published_inferred, s.kind, n.stances, n.provisions, n.actors, n.plans,
             (SELECT count(*) FROM stances r
              WHERE r.source_id = s.id AND r.relays_source_id IS NOT NULL) AS relayed,
             s.published_on AS day
      FROM (SELECT coalesce(st.relays_source_id, st.source_id) AS origin_id,
                   count(*) AS stances,
                   (SELECT count(DISTINCT t.provision_id) FROM target_stances t
                    WHERE t.origin_id = coalesce(st.relays_source_id, st.source_id)
                      AND t.provision_id <> 0) AS provisions,
                   count(DISTINCT st.actor_id) AS actors, count(DISTINCT st.plan_id) AS plans
            FROM report_parameters q
            CROSS JOIN stances st
            WHERE q.actor_id IS NULL AND q.as_of IS NULL AND q.plan_id IS NULL
              AND q.category IS NULL AND q.provision_id IS NULL AND q.kind IS NULL
            GROUP BY coalesce(st.relays_source_id, st.source_id)
            UNION ALL
            SELECT k.origin_id, count(DISTINCT k.stance_id),
                   count(DISTINCT nullif(k.provision_id, 0)), count(DISTINCT k.actor_id),
                   count(DISTINCT k.plan_id)
            FROM report_parameters q
            CROSS JOIN known_stances k
            WHERE NOT (q.actor_id IS NULL AND q.as_of IS NULL AND q.plan_id IS NULL
                       AND q.category IS NULL AND q.provision_id IS NULL AND q.kind IS NULL)
              AND (q.kind IS NULL OR k.kind = q.kind)
            GROUP BY k.origin_id) n
      CROSS JOIN report_parameters p
      JOIN sources s ON s.id = n.origin_id
      WHERE p.as_of IS NULL OR s.published_on <= p.as_of
      UNION ALL
      -- Without a filter, the sources that are no statement's origin, with zeros.
      SELECT s.key, s.outlet,
             CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
                  WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END,
             s.published_inferred, s.kind, 0, 0, 0, 0,
             (SELECT count(*) FROM stances r
              WHERE r.source_id = s.id AND r.relays_source_id IS NOT NULL),
             s.published_on
      FROM report_parameters p
      CROSS JOIN sources s
      WHERE p.plan_id IS NULL AND p.actor_id IS NULL AND p.category IS NULL
        AND p.provision_id IS NULL AND p.kind IS NULL
        AND (p.as_of IS NULL OR s.published_on <= p.as_of)
        AND NOT EXISTS (SELECT 1 FROM target_stances o
                        JOIN sources os ON os.id = o.source_id
                        WHERE o.origin_id = s.id
                          AND (p.as_of IS NULL
                               OR (o.stated_on <= p.as_of AND os.published_on <= p.as_of))))
ORDER BY day, source;
