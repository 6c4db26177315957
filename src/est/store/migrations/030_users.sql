-- Users: one row per person who may log in, with a role and (optionally) an organisation.
-- SSO (OpenID Connect) users are matched by e-mail in user_name and have no password_hash; local accounts
-- have an argon2id hash. A user with any row here and no OIDC login configured turns the login form on.
CREATE SEQUENCE user_id_seq START 1;
CREATE TABLE users (
    id INTEGER PRIMARY KEY DEFAULT nextval('user_id_seq'),
    user_name VARCHAR NOT NULL UNIQUE,          -- lower case: a local name or an e-mail address (SSO)
    display_name VARCHAR,
    role VARCHAR NOT NULL,                      -- lasare | rapportor | polis | samordnare | admin
    organisation_id INTEGER,
    password_hash VARCHAR,                      -- argon2id; NULL for SSO-only users
    must_change_password BOOLEAN NOT NULL DEFAULT true,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMPTZ,
    disabled BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    created_by VARCHAR,
    last_login_at TIMESTAMPTZ
);
