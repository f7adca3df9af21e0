-- Partner webhooks (Standard Webhooks v1). A partner is entitled to patients one by one, or to all the patients of a
-- clinician (a clinic is its clinicians); an admin assigns both. A subscription only ever receives messages about
-- patients its owner is entitled to (an admin's subscriptions: all).
CREATE TABLE partner_entitlement (
    partner_id    uuid         NOT NULL,
    clinician_id  uuid,
    patient_id    uuid,
    granted_at    timestamptz  NOT NULL,
    CHECK ((clinician_id IS NULL) <> (patient_id IS NULL))
);
CREATE UNIQUE INDEX partner_entitlement_clinician ON partner_entitlement (partner_id, clinician_id) WHERE clinician_id IS NOT NULL;
CREATE UNIQUE INDEX partner_entitlement_patient ON partner_entitlement (partner_id, patient_id) WHERE patient_id IS NOT NULL;

CREATE TABLE webhook_subscription (
    id                          uuid          PRIMARY KEY,
    owner_id                    uuid          NOT NULL,
    owner_is_admin              boolean       NOT NULL,
    url                         varchar(2000) NOT NULL,
    events                      jsonb         NOT NULL,
    description                 varchar(500),
    enabled                     boolean       NOT NULL,
    disabled_reason             text,
    secret                      varchar(100)  NOT NULL,
    previous_secret             varchar(100),
    previous_secret_expires_at  timestamptz,
    failing_since               timestamptz,
    created_at                  timestamptz   NOT NULL,
    updated_at                  timestamptz   NOT NULL
);
CREATE INDEX webhook_subscription_owner ON webhook_subscription (owner_id);

-- One message to one subscription; its id is the webhook-id of every attempt and replay.
CREATE TABLE webhook_delivery (
    id               uuid          PRIMARY KEY,
    message_id       varchar(64)   NOT NULL,
    subscription_id  uuid          NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    event_type       varchar(64)   NOT NULL,
    body             text          NOT NULL,
    patient_id       uuid,
    status           varchar(16)   NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         int           NOT NULL,
    next_attempt_at  timestamptz,
    lease_until      timestamptz,
    delivered_at     timestamptz,
    created_at       timestamptz   NOT NULL,
    UNIQUE (subscription_id, message_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';

CREATE TABLE webhook_attempt (
    id               bigserial     PRIMARY KEY,
    delivery_id      uuid          NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    at               timestamptz   NOT NULL,
    status_code      int,
    latency_ms       int           NOT NULL,
    error            varchar(500),
    next_attempt_at  timestamptz
);
CREATE INDEX webhook_attempt_delivery ON webhook_attempt (delivery_id, at);
