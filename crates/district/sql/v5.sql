-- 全区共享, version 5: the district kept by the program (`hongniang district server …`).
-- Each station's row says when it was added, when it last synced (for `status`) and, once
-- taken out, when: its role can no longer log in, its profiles are withdrawn and its open
-- requests closed, and its history stays for the district's figures. The union's logins are
-- named here too.

ALTER TABLE stations
    ADD COLUMN added_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN last_sync timestamptz,
    ADD COLUMN removed_at timestamptz;

-- A station tells the district it has synced; it changes nothing else.
CREATE FUNCTION public.station_synced() RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ UPDATE public.stations SET last_sync = now() WHERE role = session_user $$;
REVOKE ALL ON FUNCTION public.station_synced() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.station_synced() TO hn_station;

CREATE TABLE unions (
    name     text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 60),
    role     name NOT NULL UNIQUE,
    added_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON unions FROM PUBLIC;
