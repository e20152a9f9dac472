-- Biogate's store on PostgreSQL, version 1: transactions, deliveries,
-- enrolments, jobs and the audit log.
--
-- Keys are text in the "C" collation, so that listings come in byte order
-- of their names, as in the embedded store (ids sort in arrival order).
-- Documents (a transaction's metadata, a delivery, a job) are kept as the
-- JSON bytes the embedded store keeps, in bytea, byte for byte; an
-- enrolment in the embedded store's compact binary form.

CREATE TABLE biogate_transaction (
    id       text COLLATE "C" PRIMARY KEY,
    sender   text COLLATE "C" NOT NULL,
    received timestamptz NOT NULL,
    meta     bytea NOT NULL, -- store.Transaction JSON, without deliveries
    original bytea NOT NULL  -- the bytes as received
);

CREATE TABLE biogate_delivery (
    id      text COLLATE "C" NOT NULL REFERENCES biogate_transaction (id) ON DELETE CASCADE,
    partner text COLLATE "C" NOT NULL,
    doc     bytea NOT NULL, -- store.Delivery JSON
    body    bytea,          -- the converted bytes; NULL for a failed delivery
    pending boolean NOT NULL, -- in the partner's inbox (delivered, not acknowledged)
    PRIMARY KEY (id, partner)
);
CREATE INDEX biogate_inbox ON biogate_delivery (partner, id) WHERE pending;

-- What a partner may read: what it sent, what was delivered to it.
CREATE TABLE biogate_visible (
    partner text COLLATE "C" NOT NULL,
    id      text COLLATE "C" NOT NULL REFERENCES biogate_transaction (id) ON DELETE CASCADE,
    PRIMARY KEY (partner, id)
);
CREATE INDEX biogate_visible_id ON biogate_visible (id);

CREATE TABLE biogate_enrolment (
    space       text COLLATE "C" NOT NULL,
    gallery     text COLLATE "C" NOT NULL,
    subject     text COLLATE "C" NOT NULL,
    transaction text COLLATE "C", -- NULL when enrolled from no transaction
    doc         bytea NOT NULL,   -- store.EncodeEnrolment
    PRIMARY KEY (space, gallery, subject)
);
CREATE INDEX biogate_enrolment_of ON biogate_enrolment (transaction, space, gallery, subject) WHERE transaction IS NOT NULL;

CREATE TABLE biogate_job (
    kind text COLLATE "C" NOT NULL,
    id   text COLLATE "C" NOT NULL,
    doc  bytea NOT NULL, -- store.Job JSON
    PRIMARY KEY (kind, id)
);
CREATE INDEX biogate_job_id ON biogate_job (id);

-- The audit log: entry is the exact JSON whose SHA-256 is hash (package
-- audit's file format, one row per line); the head row, locked FOR UPDATE
-- by every append, serialises the chain across nodes.
CREATE TABLE biogate_audit (
    seq   bigint PRIMARY KEY,
    time  timestamptz NOT NULL,
    hash  text NOT NULL,
    entry bytea NOT NULL
);
CREATE INDEX biogate_audit_time ON biogate_audit (time);

CREATE TABLE biogate_audit_head (
    one  boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq  bigint NOT NULL,
    hash text NOT NULL
);
INSERT INTO biogate_audit_head (seq, hash) VALUES (0, repeat('0', 64));
