-- 全区共享, version 3: each station's own record of how an accepted introduction goes on.
-- Once a request is accepted both stations keep the introduction in their own 牵线记录 and
-- follow their own member through 介绍 → 见面 → 交往 → 登记结婚 (or 未成); each tells the
-- district the stage its side is at, which the other station sees at its next sync and the
-- district union counts (a marriage reported by either side). A stage, never a detail.
-- The single `outcome` of version 2 (never written) gives way to the two sides' stages.

DROP VIEW district_figures;
DROP POLICY requests_ask ON requests;
ALTER TABLE requests DROP COLUMN outcome;
ALTER TABLE requests
    ADD COLUMN from_stage text CHECK (from_stage IN ('introduced', 'met', 'dating', 'married', 'ended')),
    ADD COLUMN to_stage text CHECK (to_stage IN ('introduced', 'met', 'dating', 'married', 'ended')),
    ADD CHECK ((from_stage IS NULL AND to_stage IS NULL) OR answer = 'accepted');

-- As before (the asked station answers once, the content stays); accepted only while the
-- asking member is still shared; each station writes only its own side's stage.
CREATE OR REPLACE FUNCTION check_request_change() RETURNS trigger LANGUAGE plpgsql AS $$
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
        -- Only while the asking member is still shared: one who has since married, paused,
        -- withdrawn or asked to be deleted is not introduced (declining stays possible).
        IF NEW.answer = 'accepted' AND NOT EXISTS (
            SELECT 1 FROM profiles p WHERE p.key = OLD.from_key AND p.profile IS NOT NULL) THEN
            RAISE EXCEPTION '对方会员已不在全区共享里(可能已暂停、结婚或退出),不能再同意;请选“不同意”并写明原因'
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF NEW.from_stage IS DISTINCT FROM OLD.from_stage AND me <> OLD.from_station THEN
        RAISE EXCEPTION '只能记录本站会员这一方的进展' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.to_stage IS DISTINCT FROM OLD.to_stage AND me <> OLD.to_station THEN
        RAISE EXCEPTION '只能记录本站会员这一方的进展' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE POLICY requests_ask ON requests FOR INSERT TO hn_station
    WITH CHECK (
        from_station = current_station() AND answer IS NULL
        AND from_stage IS NULL AND to_stage IS NULL
        AND EXISTS (SELECT 1 FROM profiles p
                    WHERE p.key = to_key AND p.station = to_station AND p.profile IS NOT NULL)
        AND EXISTS (SELECT 1 FROM profiles p
                    WHERE p.key = from_key AND p.station = from_station AND p.profile IS NOT NULL));
REVOKE UPDATE ON requests FROM hn_station;
GRANT UPDATE (answer, reason, answered_on, from_stage, to_stage) ON requests TO hn_station;

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
             WHERE s.code IN (r.from_station, r.to_station)
               AND 'married' IN (r.from_stage, r.to_stage))
               AS marriages
    FROM stations s;
GRANT SELECT ON district_figures TO hn_union;
