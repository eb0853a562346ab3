-- The durable record of sign-ins and failed sign-ins (issue 30): Redis holds only a copy of what is live, rebuilt
-- from here on a miss, so a Redis that lost its data signs nobody out and forgets no throttle.

-- One row per session (the token's "sid" claim). A session is live while ended_at is NULL, expires_at is ahead
-- and its user is not site-banned.
CREATE TABLE sessions (
    id          VARCHAR(64)  NOT NULL,
    user_id     BIGINT       NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    expires_at  DATETIME(3)  NOT NULL,
    ended_at    DATETIME(3)  NULL,
    PRIMARY KEY (id),
    KEY ix_sessions_user (user_id, expires_at),
    -- what a node reconciles after Redis was away: the sessions that ended meanwhile
    KEY ix_sessions_ended (ended_at),
    KEY ix_sessions_expires (expires_at),
    CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per failed sign-in; the throttle counts those of the lockout window, per account and per address.
CREATE TABLE login_failures (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    account     VARCHAR(254) NOT NULL,
    address     VARCHAR(45)  NOT NULL,
    failed_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_login_failures_account (account, failed_at),
    KEY ix_login_failures_address (address, failed_at),
    KEY ix_login_failures_time (failed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
