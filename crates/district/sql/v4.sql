-- 全区共享, version 4: no station can act as another.
--
-- Up to version 3 a station could make current_station() name another station: the function
-- read `stations` through a search_path in which the session's temporary schema comes first,
-- and station roles could create temporary tables (TEMP on the database is PUBLIC's by
-- default); the request trigger ran with the station's own search_path, so a function or
-- table of a schema of its own could stand in for ours. With that a station wrote another's
-- profiles and accepted requests in its name.
--
-- Three locks, each enough against that trick on its own:
--   1. every function of this schema runs with a fixed search_path, pg_temp LAST, and names
--      our tables with their schema: nothing a session puts in front is ever read;
--   2. stations and the union create nothing: no TEMP or CREATE on the database, no CREATE on
--      `public` (for PUBLIC, hn_station, hn_union and every role in them);
--   3. what a station writes is checked on the server: the key is the station's own, the card
--      inside says the same key and station, and its size is bounded.
--
-- FOR LATER VERSIONS: every new function in `public` needs
--     SET search_path = pg_catalog, public, pg_temp
-- and no version may GRANT TEMP or CREATE to a station or the union. `migrate` checks both
-- after applying the scripts and refuses (nothing applied) while either is not so; `add_station`
-- checks the station it adds.

CREATE OR REPLACE FUNCTION public.current_station() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT s.code FROM public.stations s WHERE s.role = session_user $$;

-- The triggers run as the station, in its session: pinned the same way.
ALTER FUNCTION public.stamp_profile() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION public.stamp_request() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION public.check_request_change() SET search_path = pg_catalog, public, pg_temp;

DO $$
DECLARE
    member name;
BEGIN
    EXECUTE format('REVOKE CREATE, TEMPORARY ON DATABASE %I FROM PUBLIC, hn_station, hn_union',
                   current_database());
    -- Also what was granted to a station's or the union's own role.
    FOR member IN
        SELECT r.rolname FROM pg_auth_members m
        JOIN pg_roles r ON r.oid = m.member
        JOIN pg_roles g ON g.oid = m.roleid
        WHERE g.rolname IN ('hn_station', 'hn_union')
        UNION SELECT role FROM public.stations
    LOOP
        EXECUTE format('REVOKE CREATE, TEMPORARY ON DATABASE %I FROM %I',
                       current_database(), member);
        EXECUTE format('REVOKE CREATE ON SCHEMA public FROM %I', member);
    END LOOP;
END $$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC, hn_station, hn_union;

-- A station writes rows under its own code only (the key starts with it), and the card it
-- writes is an object naming the same key and station, of at most 32 KB: a card at the
-- registration form's limits (2,000 characters of self-introduction and of other wishes, the
-- short fields) is under 17 KB even in 4-byte characters, usually 1–3 KB. The station's program
-- holds to the same bound (hongniang_core::district::SHARED_PROFILE_MAX_BYTES) and refuses a
-- card over it on receipt. Rows written before this version are left as they were (NOT VALID:
-- nothing is lost); every write from now on is checked, and the receiving stations check them
-- all.
ALTER POLICY profiles_insert ON profiles
    WITH CHECK (station = current_station() AND starts_with(key, current_station() || '-'));
ALTER POLICY profiles_update ON profiles
    USING (station = current_station())
    WITH CHECK (station = current_station() AND starts_with(key, current_station() || '-'));
ALTER TABLE profiles ADD CONSTRAINT profiles_card CHECK (
    profile IS NULL OR (
        jsonb_typeof(profile) = 'object'
        AND profile ->> 'key' IS NOT DISTINCT FROM key
        AND profile ->> 'station' IS NOT DISTINCT FROM station
        AND octet_length(profile::text) <= 32768)) NOT VALID;

-- A request's note and reason: at most 500 characters since version 2 (REQUEST_TEXT_MAX);
-- bounded in bytes too, so that no encoding trick makes one larger.
ALTER TABLE requests ADD CONSTRAINT requests_text_bytes
    CHECK (octet_length(note) <= 2000 AND octet_length(reason) <= 2000) NOT VALID;
