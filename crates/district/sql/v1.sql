-- 全区共享, version 1: the stations, their shared profiles, and who may do what.
-- Applied once by the district's administrator (hongniang-district's `migrate`).

-- The two group roles are the cluster's (several districts' databases may share them).
DO $$ BEGIN
    CREATE ROLE hn_station NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
    CREATE ROLE hn_union NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

-- Each station: its code (in front of its member numbers), name and the role it connects as.
CREATE TABLE stations (
    code        text PRIMARY KEY CHECK (code ~ '^[^-[:space:]]{1,16}$'),
    name        text NOT NULL,
    role        name NOT NULL UNIQUE
);

-- The shared profiles, one row per member ever shared; `profile` NULL once the member left the
-- pool (withdrawn, married, paused, left, deleted), so the other stations remove them too.
-- `txid` is the writing transaction: a pull reads everything from a transaction on.
CREATE TABLE profiles (
    key         text PRIMARY KEY,
    station     text NOT NULL REFERENCES stations (code),
    profile     jsonb,
    txid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (starts_with(key, station || '-'))
);
CREATE INDEX profiles_txid ON profiles (txid);

-- The station of the role connected now (none for anyone else).
CREATE FUNCTION current_station() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT code FROM stations WHERE role = session_user $$;

CREATE FUNCTION stamp_profile() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.txid := pg_current_xact_id();
    NEW.updated_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER profiles_stamp BEFORE INSERT OR UPDATE ON profiles
    FOR EACH ROW EXECUTE FUNCTION stamp_profile();

-- Row-level security: a station reads every shared profile and writes only its own rows;
-- nobody deletes (a removal is a NULL profile).
ALTER TABLE profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY profiles_read ON profiles FOR SELECT TO hn_station USING (true);
CREATE POLICY profiles_insert ON profiles FOR INSERT TO hn_station
    WITH CHECK (station = current_station());
CREATE POLICY profiles_update ON profiles FOR UPDATE TO hn_station
    USING (station = current_station()) WITH CHECK (station = current_station());
GRANT SELECT, INSERT, UPDATE ON profiles TO hn_station;
GRANT SELECT ON stations TO hn_station;
GRANT EXECUTE ON FUNCTION current_station() TO hn_station;

-- The district union sees figures only, never a row of a person.
CREATE VIEW district_figures AS
    SELECT s.code AS station, s.name,
           count(p.key) FILTER (WHERE p.profile IS NOT NULL) AS shared
    FROM stations s LEFT JOIN profiles p ON p.station = s.code
    GROUP BY s.code, s.name;
GRANT SELECT ON district_figures TO hn_union;
REVOKE ALL ON profiles, stations FROM PUBLIC;
