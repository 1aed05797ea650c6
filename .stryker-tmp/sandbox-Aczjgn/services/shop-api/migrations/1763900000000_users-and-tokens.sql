-- Up Migration

CREATE TABLE users (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      text NOT NULL CHECK (username ~ '^[A-Za-z0-9_.-]{3,32}$'),
  email         text NOT NULL CHECK (length(email) <= 254),
  password_hash text NOT NULL,
  bio           text CHECK (length(bio) <= 500),
  role          text NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'admin')),
  is_active     boolean NOT NULL DEFAULT true,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- Users are soft-deleted: their orders are kept, their names become free again.
  deleted_at    timestamptz
);
CREATE UNIQUE INDEX users_username_unique ON users (lower(username)) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX users_email_unique ON users (lower(email)) WHERE deleted_at IS NULL;

-- One row per issued token, so that logout and deletion can revoke it.
CREATE TABLE access_tokens (
  jti        uuid PRIMARY KEY,
  user_id    integer NOT NULL REFERENCES users (id),
  issued_at  timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX access_tokens_user_id ON access_tokens (user_id);

-- Failed logins by username, for throttling (kept in the database: survives restarts, shared by instances).
CREATE TABLE login_failures (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username  text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_username ON login_failures (lower(username), failed_at);

-- Down Migration

DROP TABLE login_failures;
DROP TABLE access_tokens;
DROP TABLE users;
