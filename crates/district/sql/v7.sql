-- 全区共享, version 7: 联谊活动 shared by the district's stations.
--
-- One station hosts (its event, with the date, time and place) and invites others to send
-- members. Each invited station keeps its own copy of the event on its PC — its own sign-ups,
-- waiting list, calls, check-in and 心动卡 — and hands out badge numbers from a block of its
-- own (the host 1–200, the next 201–400 …), so that a badge is one guest in the whole event.
-- Here each station sends its roster (badge, gender, age, arrived; the member's key, which no
-- station can read) and the marks its guests made on their 心动卡, by badge. Nobody reads
-- another station's marks: a station is told only the mutual pairs that involve its own
-- guests. When both stations of a pair have confirmed their event's results, the pair becomes
-- an accepted request (as an introduction between two stations is today), and so an
-- introduction in both stations' 牵线记录 at their next sync.
--
-- Only members shared in the pool (who agreed to 全区共享) can be on a roster. Everything a
-- station writes goes through the functions below (SECURITY DEFINER, the pinned search_path),
-- which check that it writes for itself only.

CREATE TABLE shared_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    host          text NOT NULL REFERENCES stations (code),
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    held_on       date NOT NULL,
    start_time    text NOT NULL DEFAULT '' CHECK (length(start_time) <= 20),
    place         text NOT NULL DEFAULT '' CHECK (length(place) <= 200),
    -- Each station's places, men and women: at most 150 of its block of 200 badge numbers, so
    -- that the badges given again after cancellations still fit.
    places_men    integer NOT NULL CHECK (places_men BETWEEN 0 AND 150),
    places_women  integer NOT NULL CHECK (places_women BETWEEN 0 AND 150),
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shared_event_stations (
    event_id      bigint NOT NULL REFERENCES shared_events (id),
    station       text NOT NULL REFERENCES stations (code),
    first_badge   integer NOT NULL CHECK (first_badge > 0 AND first_badge % 200 = 1),
    -- When the station confirmed its results (its roster and marks are then closed).
    confirmed_at  timestamptz,
    PRIMARY KEY (event_id, station),
    UNIQUE (event_id, first_badge)
);

CREATE TABLE shared_event_guests (
    event_id      bigint NOT NULL,
    station       text NOT NULL,
    gender        text NOT NULL CHECK (gender IN ('male', 'female')),
    badge         integer NOT NULL,
    age           integer NOT NULL CHECK (age BETWEEN 16 AND 100),
    arrived       boolean NOT NULL,
    -- The member's shared key: read by the functions only, never by a station.
    member_key    text NOT NULL,
    PRIMARY KEY (event_id, gender, badge),
    UNIQUE (event_id, member_key),
    FOREIGN KEY (event_id, station) REFERENCES shared_event_stations (event_id, station)
);

-- What a guest marked for a guest of the other gender (不了 is no row).
CREATE TABLE shared_event_choices (
    event_id      bigint NOT NULL,
    gender        text NOT NULL,
    badge         integer NOT NULL,
    chosen_badge  integer NOT NULL,
    choice        text NOT NULL CHECK (choice IN ('more', 'friends')),
    PRIMARY KEY (event_id, gender, badge, chosen_badge),
    FOREIGN KEY (event_id, gender, badge)
        REFERENCES shared_event_guests (event_id, gender, badge) ON DELETE CASCADE
);

-- The introduction a pair of an event became (one per pair, the man's side asking). Only
-- confirm_shared_event writes it: a station's own request names no event.
ALTER TABLE requests ADD COLUMN shared_event bigint REFERENCES shared_events (id);
CREATE UNIQUE INDEX requests_event_pair ON requests (shared_event, from_key, to_key)
    WHERE shared_event IS NOT NULL;
ALTER POLICY requests_ask ON requests
    WITH CHECK (
        from_station = public.current_station() AND answer IS NULL
        AND from_stage IS NULL AND to_stage IS NULL AND shared_event IS NULL
        AND EXISTS (SELECT 1 FROM public.profiles p
                    WHERE p.key = to_key AND p.station = to_station AND p.profile IS NOT NULL)
        AND EXISTS (SELECT 1 FROM public.profiles p
                    WHERE p.key = from_key AND p.station = from_station
                      AND p.profile IS NOT NULL));

-- The day on the server's clock, in UTC: a session cannot move it by its own TimeZone, and
-- in China it is never ahead of the stations' own day (so no station confirms an event before
-- its day; on the event's day before 8:00 it is still the day before).
CREATE FUNCTION public.district_today() RETURNS date
    LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT (pg_catalog.now() AT TIME ZONE 'UTC')::date $$;

-- Whether the station connected now takes part in (or hosts) `event`.
CREATE FUNCTION public.invited_to(event bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM public.shared_event_stations s
                         WHERE s.event_id = event AND s.station = public.current_station()) $$;

ALTER TABLE shared_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE shared_event_stations ENABLE ROW LEVEL SECURITY;
ALTER TABLE shared_event_guests ENABLE ROW LEVEL SECURITY;
ALTER TABLE shared_event_choices ENABLE ROW LEVEL SECURITY;
CREATE POLICY shared_events_read ON shared_events FOR SELECT TO hn_station
    USING (public.invited_to(id));
CREATE POLICY shared_event_stations_read ON shared_event_stations FOR SELECT TO hn_station
    USING (public.invited_to(event_id));
CREATE POLICY shared_event_guests_read ON shared_event_guests FOR SELECT TO hn_station
    USING (public.invited_to(event_id));
REVOKE ALL ON shared_events, shared_event_stations, shared_event_guests, shared_event_choices
    FROM PUBLIC;
GRANT SELECT ON shared_events, shared_event_stations TO hn_station;
-- Badge, gender, age, station and arrival: never the member's key.
GRANT SELECT (event_id, station, gender, badge, age, arrived) ON shared_event_guests
    TO hn_station;

-- The host shares its event with `invited` (other stations' codes); its id. The host's block
-- is 1–200, the invited stations' follow in the order given.
CREATE FUNCTION public.share_event(
    title text, held_on date, start_time text, place text,
    places_men integer, places_women integer, invited text[]
) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
DECLARE
    me text := public.current_station();
    new_id bigint;
    invitee text;
    n integer := 0;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION '只有站点能主办全区联谊活动' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF held_on < public.district_today() THEN
        RAISE EXCEPTION '活动日期 % 已经过了,不能再邀请其他站点', held_on
            USING ERRCODE = 'check_violation';
    END IF;
    IF coalesce(cardinality(invited), 0) = 0 OR cardinality(invited) > 9 THEN
        RAISE EXCEPTION '请邀请 1 到 9 个其他站点' USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO public.shared_events (host, title, held_on, start_time, place, places_men,
                                      places_women)
        VALUES (me, title, held_on, start_time, place, places_men, places_women)
        RETURNING id INTO new_id;
    INSERT INTO public.shared_event_stations (event_id, station, first_badge)
        VALUES (new_id, me, 1);
    FOREACH invitee IN ARRAY invited LOOP
        IF invitee = me THEN
            RAISE EXCEPTION '本站是主办站,不用邀请自己' USING ERRCODE = 'check_violation';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM public.stations s
                       WHERE s.code = invitee AND s.removed_at IS NULL) THEN
            RAISE EXCEPTION '全区没有站点“%”', invitee USING ERRCODE = 'check_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM public.shared_event_stations s
                   WHERE s.event_id = new_id AND s.station = invitee) THEN
            RAISE EXCEPTION '站点“%”写了两次', invitee USING ERRCODE = 'check_violation';
        END IF;
        n := n + 1;
        INSERT INTO public.shared_event_stations (event_id, station, first_badge)
            VALUES (new_id, invitee, 1 + 200 * n);
    END LOOP;
    RETURN new_id;
END $$;

-- The host changes its event's name, day, time or place; the invited stations' copies follow
-- at their next sync. Not once a station has confirmed its results.
CREATE FUNCTION public.update_shared_event(
    event bigint, new_title text, new_held_on date, new_start_time text, new_place text
) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.shared_events e
                   WHERE e.id = event AND e.host = public.current_station()) THEN
        RAISE EXCEPTION '只有主办站能改全区联谊活动' USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM public.shared_event_stations s
               WHERE s.event_id = event AND s.confirmed_at IS NOT NULL) THEN
        RAISE EXCEPTION '已经有站点确认了互选结果,活动不能再改' USING ERRCODE = 'check_violation';
    END IF;
    -- Before the day only, and never to a day gone by (so that nobody confirms early).
    IF (SELECT e.held_on FROM public.shared_events e WHERE e.id = event)
           <= public.district_today() THEN
        RAISE EXCEPTION '活动当天起不能再改全区联谊的名称、日期、时间和地点'
            USING ERRCODE = 'check_violation';
    END IF;
    IF new_held_on < public.district_today() THEN
        RAISE EXCEPTION '不能把全区联谊改到已经过去的日期 %', new_held_on
            USING ERRCODE = 'check_violation';
    END IF;
    UPDATE public.shared_events e
        SET title = new_title, held_on = new_held_on, start_time = new_start_time,
            place = new_place
        WHERE e.id = event
          AND (e.title, e.held_on, e.start_time, e.place)
              IS DISTINCT FROM (new_title, new_held_on, new_start_time, new_place);
END $$;

-- The station connected now, invited to `event` and not yet confirmed: its row, or an error.
CREATE FUNCTION public.open_event_station(event bigint) RETURNS public.shared_event_stations
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
DECLARE
    mine public.shared_event_stations;
BEGIN
    SELECT * INTO mine FROM public.shared_event_stations s
        WHERE s.event_id = event AND s.station = public.current_station();
    IF NOT FOUND THEN
        RAISE EXCEPTION '本站没有受邀参加这场全区联谊活动' USING ERRCODE = 'check_violation';
    END IF;
    IF mine.confirmed_at IS NOT NULL THEN
        RAISE EXCEPTION '本站已经确认了这场活动的互选结果,名单和心动卡不能再改'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN mine;
END $$;

-- The station's roster, replacing what it sent before (and its guests' marks with it):
-- [{"gender", "badge", "age", "arrived", "key"}], each a member it shares in the pool, with a
-- badge of its block.
CREATE FUNCTION public.send_event_roster(event bigint, roster jsonb) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
DECLARE
    mine public.shared_event_stations := public.open_event_station(event);
    guest jsonb;
    n integer := 0;
BEGIN
    IF jsonb_typeof(roster) <> 'array' OR jsonb_array_length(roster) > 400 THEN
        RAISE EXCEPTION '名单最多 400 人' USING ERRCODE = 'check_violation';
    END IF;
    DELETE FROM public.shared_event_guests g
        WHERE g.event_id = event AND g.station = mine.station;
    FOR guest IN SELECT * FROM jsonb_array_elements(roster) LOOP
        IF (guest ->> 'badge')::integer NOT BETWEEN mine.first_badge AND mine.first_badge + 199 THEN
            RAISE EXCEPTION '胸牌号 % 不在本站的号码段 %–% 里', guest ->> 'badge',
                mine.first_badge, mine.first_badge + 199 USING ERRCODE = 'check_violation';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM public.profiles p
                       WHERE p.key = guest ->> 'key' AND p.station = mine.station
                         AND p.profile IS NOT NULL) THEN
            RAISE EXCEPTION '% 不在全区共享里(没有同意全区共享,或还没同步),不能参加全区联谊',
                guest ->> 'key' USING ERRCODE = 'check_violation';
        END IF;
        INSERT INTO public.shared_event_guests
            (event_id, station, gender, badge, age, arrived, member_key)
            VALUES (event, mine.station, guest ->> 'gender', (guest ->> 'badge')::integer,
                    (guest ->> 'age')::integer, (guest ->> 'arrived')::boolean,
                    guest ->> 'key');
        n := n + 1;
    END LOOP;
    RETURN n;
END $$;

-- The marks of the station's own guests, replacing what it sent before:
-- [{"gender", "badge", "chosen", "choice"}] (the chooser's gender and badge).
CREATE FUNCTION public.send_event_choices(event bigint, choices jsonb) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
DECLARE
    mine public.shared_event_stations := public.open_event_station(event);
    mark jsonb;
    n integer := 0;
BEGIN
    IF jsonb_typeof(choices) <> 'array' OR jsonb_array_length(choices) > 40000 THEN
        RAISE EXCEPTION '心动卡的选择太多' USING ERRCODE = 'check_violation';
    END IF;
    DELETE FROM public.shared_event_choices c
        USING public.shared_event_guests g
        WHERE c.event_id = event AND g.event_id = event AND g.gender = c.gender
          AND g.badge = c.badge AND g.station = mine.station;
    FOR mark IN SELECT * FROM jsonb_array_elements(choices) LOOP
        IF NOT EXISTS (SELECT 1 FROM public.shared_event_guests g
                       WHERE g.event_id = event AND g.station = mine.station
                         AND g.gender = mark ->> 'gender'
                         AND g.badge = (mark ->> 'badge')::integer) THEN
            RAISE EXCEPTION '%嘉宾 % 号不是本站在这场全区联谊的嘉宾',
                CASE mark ->> 'gender' WHEN 'male' THEN '男' ELSE '女' END, mark ->> 'badge'
                USING ERRCODE = 'check_violation';
        END IF;
        INSERT INTO public.shared_event_choices (event_id, gender, badge, chosen_badge, choice)
            VALUES (event, mark ->> 'gender', (mark ->> 'badge')::integer,
                    (mark ->> 'chosen')::integer, mark ->> 'choice');
        n := n + 1;
    END LOOP;
    RETURN n;
END $$;

-- Every mutual pair of `event` between two different stations (the keys included: for the
-- functions only).
CREATE FUNCTION public.event_pairs(event bigint) RETURNS TABLE (
    man_station text, man_badge integer, man_key text, man_choice text,
    woman_station text, woman_badge integer, woman_key text, woman_choice text
)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
    SELECT m.station, m.badge, m.member_key, cm.choice,
           w.station, w.badge, w.member_key, cw.choice
    FROM public.shared_event_choices cm
    JOIN public.shared_event_guests m
      ON m.event_id = cm.event_id AND m.gender = cm.gender AND m.badge = cm.badge
    JOIN public.shared_event_guests w
      ON w.event_id = cm.event_id AND w.gender = 'female' AND w.badge = cm.chosen_badge
    JOIN public.shared_event_choices cw
      ON cw.event_id = cm.event_id AND cw.gender = 'female' AND cw.badge = w.badge
         AND cw.chosen_badge = m.badge
    WHERE cm.event_id = event AND cm.gender = 'male' AND m.station <> w.station
      AND m.arrived AND w.arrived
$$;

-- The mutual pairs across stations that involve the connected station's guests: its guest's
-- gender and badge, the other's station and badge, the two marks, and the request the pair
-- became (once both stations confirmed). Never anyone's key, never a mark that was not
-- returned — and only once the station has confirmed its own marks, so that no station can
-- mark everyone, read who marked its guests, and then send the marks it means.
CREATE FUNCTION public.shared_event_matches(event bigint) RETURNS TABLE (
    gender text, badge integer, other_station text, other_badge integer,
    own_choice text, other_choice text, request bigint
)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
    SELECT CASE WHEN p.man_station = me.code THEN 'male' ELSE 'female' END,
           CASE WHEN p.man_station = me.code THEN p.man_badge ELSE p.woman_badge END,
           CASE WHEN p.man_station = me.code THEN p.woman_station ELSE p.man_station END,
           CASE WHEN p.man_station = me.code THEN p.woman_badge ELSE p.man_badge END,
           CASE WHEN p.man_station = me.code THEN p.man_choice ELSE p.woman_choice END,
           CASE WHEN p.man_station = me.code THEN p.woman_choice ELSE p.man_choice END,
           (SELECT r.id FROM public.requests r
             WHERE r.shared_event = event AND r.from_key = p.man_key AND r.to_key = p.woman_key
             LIMIT 1)
    FROM public.event_pairs(event) p,
         (SELECT public.current_station() AS code) me
    WHERE me.code IN (p.man_station, p.woman_station)
      AND EXISTS (SELECT 1 FROM public.shared_event_stations s
                  WHERE s.event_id = event AND s.station = me.code
                    AND s.confirmed_at IS NOT NULL)
    ORDER BY 1, 2, 4
$$;

-- The connected station confirms its results (its roster and marks are then closed); every
-- pair across two stations that have both confirmed becomes an accepted request, once — if
-- both members are still shared. How many requests were made now.
CREATE FUNCTION public.confirm_shared_event(event bigint) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
DECLARE
    mine public.shared_event_stations := public.open_event_station(event);
    shared public.shared_events;
    n integer;
BEGIN
    SELECT * INTO shared FROM public.shared_events e WHERE e.id = event;
    IF shared.held_on > public.district_today() THEN
        RAISE EXCEPTION '活动在 %,结束后才能确认互选结果', shared.held_on
            USING ERRCODE = 'check_violation';
    END IF;
    UPDATE public.shared_event_stations s SET confirmed_at = now()
        WHERE s.event_id = event AND s.station = mine.station;
    INSERT INTO public.requests (from_station, from_key, to_station, to_key, note, asked_on,
                                 answer, answered_on, shared_event)
        SELECT p.man_station, p.man_key, p.woman_station, p.woman_key,
               format('全区联谊活动“%s”(%s)两人互选', shared.title, shared.held_on),
               shared.held_on, 'accepted', public.district_today(), event
        FROM public.event_pairs(event) p
        JOIN public.shared_event_stations sm
          ON sm.event_id = event AND sm.station = p.man_station AND sm.confirmed_at IS NOT NULL
        JOIN public.shared_event_stations sw
          ON sw.event_id = event AND sw.station = p.woman_station AND sw.confirmed_at IS NOT NULL
        WHERE mine.station IN (p.man_station, p.woman_station)
          AND EXISTS (SELECT 1 FROM public.profiles x
                      WHERE x.key = p.man_key AND x.profile IS NOT NULL)
          AND EXISTS (SELECT 1 FROM public.profiles x
                      WHERE x.key = p.woman_key AND x.profile IS NOT NULL)
        ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;

REVOKE ALL ON FUNCTION public.update_shared_event(bigint, text, date, text, text),
    public.district_today() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.update_shared_event(bigint, text, date, text, text)
    TO hn_station;
REVOKE ALL ON FUNCTION public.invited_to(bigint), public.open_event_station(bigint),
    public.share_event(text, date, text, text, integer, integer, text[]),
    public.send_event_roster(bigint, jsonb), public.send_event_choices(bigint, jsonb),
    public.event_pairs(bigint), public.shared_event_matches(bigint),
    public.confirm_shared_event(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.invited_to(bigint),
    public.share_event(text, date, text, text, integer, integer, text[]),
    public.send_event_roster(bigint, jsonb), public.send_event_choices(bigint, jsonb),
    public.shared_event_matches(bigint), public.confirm_shared_event(bigint) TO hn_station;

-- The union's figures: the requests a station sent and received are its volunteers' asks, not
-- the pairs of a 全区联谊 (those count among the introductions and marriages, as before).
CREATE OR REPLACE VIEW district_figures AS
    SELECT s.code AS station, s.name,
           (SELECT count(*) FROM profiles p
             WHERE p.station = s.code AND p.profile IS NOT NULL) AS shared,
           (SELECT count(*) FROM requests r
             WHERE r.from_station = s.code AND r.shared_event IS NULL) AS requests_sent,
           (SELECT count(*) FROM requests r
             WHERE r.to_station = s.code AND r.shared_event IS NULL) AS requests_received,
           (SELECT count(*) FROM requests r
             WHERE s.code IN (r.from_station, r.to_station) AND r.answer = 'accepted')
               AS introductions,
           (SELECT count(*) FROM requests r
             WHERE s.code IN (r.from_station, r.to_station)
               AND 'married' IN (r.from_stage, r.to_stage))
               AS marriages
    FROM stations s;
