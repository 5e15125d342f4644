-- provtrack schema, level 3: safe with other tools writing the same file (sqlite-utils,
-- the sqlite3 shell, Datasette plugins).
--
-- Before this file runs, the runner (src/store/migrate.rs) rebuilds four tables, keeping
-- every row, id, index and trigger:
--   sources, plans, stances: a date must be a real day. SQLite's date() keeps
--     '2025-02-30' as it is, so the CHECK is now `x IS date(x, '+0 days')`, which
--     normalises an impossible day to another one and so differs from it.
--   stances: recorded_at defaults to the time of the insert.
--   actor_aliases: folded may be omitted; the trigger below fills it.

-- An alias inserted without `folded` gets lower(trim(alias)), the same as provtrack's
-- folding for ASCII names; `provtrack doctor` compares every alias with provtrack's own
-- (Unicode) folding and names any that differ.
CREATE TRIGGER actor_aliases_fold_insert AFTER INSERT ON actor_aliases
WHEN NEW.folded IS NULL
BEGIN
    UPDATE actor_aliases SET folded = lower(trim(NEW.alias)) WHERE rowid = NEW.rowid;
END;

-- The same when another tool changes an alias's text but not its folded form, or
-- clears it.
CREATE TRIGGER actor_aliases_fold_update AFTER UPDATE OF alias, folded ON actor_aliases
WHEN NEW.folded IS NULL OR (NEW.alias IS NOT OLD.alias AND NEW.folded IS OLD.folded)
BEGIN
    UPDATE actor_aliases SET folded = lower(trim(NEW.alias)) WHERE rowid = NEW.rowid;
END;

-- Filling in `folded` is part of the insert, not a change of the alias: no history row
-- for an update from NULL.
DROP TRIGGER actor_aliases_history_update;
CREATE TRIGGER actor_aliases_history_update AFTER UPDATE ON actor_aliases
WHEN OLD.folded IS NOT NULL
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('actor_aliases', OLD.actor_id, OLD.alias, 'update', json_object('alias', OLD.alias, 'actor_id', OLD.actor_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
