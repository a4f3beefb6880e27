-- 全区共享, version 2: introduction requests between stations.
-- A volunteer of station A asks for an introduction of A's member to B's member; the request
-- waits for B's volunteers, who ask their member and accept or decline (with a reason). Only A
-- and B see it. Contact details never pass through here: the two volunteers call each other.

CREATE TABLE requests (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    from_station    text NOT NULL REFERENCES stations (code),
    -- The asking station's member, as shared (their profile is in `profiles`).
    from_key        text NOT NULL,
    to_station      text NOT NULL REFERENCES stations (code),
    to_key          text NOT NULL,
    -- From the asking volunteer to the other station's: who asks, how to call back.
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    asked_on        date NOT NULL DEFAULT current_date,
    answer          text CHECK (answer IN ('accepted', 'declined')),
    reason          text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    answered_on     date,
    -- How the introduction went on (reported by either station, for the district's figures).
    outcome         text CHECK (outcome IN ('married', 'ended')),
    txid            xid8 NOT NULL DEFAULT pg_current_xact_id(),
    CHECK (from_station <> to_station),
    CHECK (starts_with(from_key, from_station || '-') AND starts_with(to_key, to_station || '-')),
    CHECK ((answer IS NULL) = (answered_on IS NULL)),
    CHECK (outcome IS NULL OR answer = 'accepted')
);
-- One open request per pair at a time.
CREATE UNIQUE INDEX requests_open ON requests (from_key, to_key) WHERE answer IS NULL;
CREATE INDEX requests_txid ON requests (txid);

CREATE FUNCTION stamp_request() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.txid := pg_current_xact_id();
    RETURN NEW;
END $$;
CREATE TRIGGER requests_stamp BEFORE INSERT OR UPDATE ON requests
    FOR EACH ROW EXECUTE FUNCTION stamp_request();

-- Who may change what (row-level security cannot tell columns apart): the asked station
-- answers, once; either station reports the outcome of an accepted request; nothing else
-- changes. The district's administrator (not a station) is not held to it.
CREATE FUNCTION check_request_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    me text := current_station();
BEGIN
    IF me IS NULL THEN
        RETURN NEW;
    END IF;
    IF (NEW.from_station, NEW.from_key, NEW.to_station, NEW.to_key, NEW.note, NEW.asked_on)
        IS DISTINCT FROM
       (OLD.from_station, OLD.from_key, OLD.to_station, OLD.to_key, OLD.note, OLD.asked_on) THEN
        RAISE EXCEPTION '请求的内容不能修改' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.answer, NEW.reason, NEW.answered_on) IS DISTINCT FROM
       (OLD.answer, OLD.reason, OLD.answered_on) THEN
        IF me <> OLD.to_station THEN
            RAISE EXCEPTION '只有被请求的站点能答复' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.answer IS NOT NULL THEN
            RAISE EXCEPTION '这个请求已经答复过了' USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER requests_change BEFORE UPDATE ON requests
    FOR EACH ROW EXECUTE FUNCTION check_request_change();

ALTER TABLE requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY requests_read ON requests FOR SELECT TO hn_station
    USING (current_station() IN (from_station, to_station));
-- A station asks for its own shared member, and only for a member shared now.
CREATE POLICY requests_ask ON requests FOR INSERT TO hn_station
    WITH CHECK (
        from_station = current_station() AND answer IS NULL AND outcome IS NULL
        AND EXISTS (SELECT 1 FROM profiles p
                    WHERE p.key = to_key AND p.station = to_station AND p.profile IS NOT NULL)
        AND EXISTS (SELECT 1 FROM profiles p
                    WHERE p.key = from_key AND p.station = from_station AND p.profile IS NOT NULL));
CREATE POLICY requests_update ON requests FOR UPDATE TO hn_station
    USING (current_station() IN (from_station, to_station))
    WITH CHECK (current_station() IN (from_station, to_station));
GRANT SELECT, INSERT ON requests TO hn_station;
GRANT UPDATE (answer, reason, answered_on, outcome) ON requests TO hn_station;

-- The district's figures: per station, what it shares and the requests it sent, received,
-- saw accepted, and the marriages that came of them. Still no row of a person.
DROP VIEW district_figures;
CREATE VIEW district_figures AS
    SELECT s.code AS station, s.name,
           (SELECT count(*) FROM profiles p
             WHERE p.station = s.code AND p.profile IS NOT NULL) AS shared,
           (SELECT count(*) FROM requests r WHERE r.from_station = s.code) AS requests_sent,
           (SELECT count(*) FROM requests r WHERE r.to_station = s.code) AS requests_received,
           (SELECT count(*) FROM requests r
             WHERE s.code IN (r.from_station, r.to_station) AND r.answer = 'accepted')
               AS introductions,
           (SELECT count(*) FROM requests r
             WHERE s.code IN (r.from_station, r.to_station) AND r.outcome = 'married')
               AS marriages
    FROM stations s;
GRANT SELECT ON district_figures TO hn_union;
REVOKE ALL ON requests FROM PUBLIC;
