-- Suda schema for MySQL 8 / MariaDB 10.11: utf8mb4 everywhere so Korean and emoji survive end to end.

CREATE TABLE users (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    email       VARCHAR(254) NULL,
    username    VARCHAR(40)  NOT NULL,
    password    VARCHAR(255) NULL,
    is_admin    BOOLEAN      NOT NULL DEFAULT FALSE,
    is_guest    BOOLEAN      NOT NULL DEFAULT FALSE,
    is_banned   BOOLEAN      NOT NULL DEFAULT FALSE,
    ban_reason  VARCHAR(500) NULL,
    ip_address  VARCHAR(45)  NULL,
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE rooms (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    name        VARCHAR(100) NOT NULL,
    owner_id    BIGINT       NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_rooms_owner FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE room_users (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    room_id       BIGINT       NOT NULL,
    user_id       BIGINT       NOT NULL,
    role          VARCHAR(10)  NOT NULL,
    is_banned     BOOLEAN      NOT NULL DEFAULT FALSE,
    ban_reason    VARCHAR(500) NULL,
    banned_until  DATETIME(3)  NULL,
    is_muted      BOOLEAN      NOT NULL DEFAULT FALSE,
    mute_reason   VARCHAR(500) NULL,
    muted_until   DATETIME(3)  NULL,
    joined_at     DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_room_users (room_id, user_id),
    KEY ix_room_users_user (user_id),
    CONSTRAINT ck_room_users_role CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'GUEST')),
    CONSTRAINT fk_room_users_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
    CONSTRAINT fk_room_users_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE messages (
    id             BIGINT        NOT NULL AUTO_INCREMENT,
    room_id        BIGINT        NOT NULL,
    sender_id      BIGINT        NOT NULL,
    kind           VARCHAR(6)    NOT NULL,
    content        VARCHAR(2000) NOT NULL,
    client_msg_id  VARCHAR(64)   NULL,
    created_at     DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    -- history pages by keyset: WHERE room_id = ? AND id < ? ORDER BY id DESC
    KEY ix_messages_room (room_id, id),
    -- a resend with the same client id never makes a second message
    UNIQUE KEY uk_messages_client (sender_id, client_msg_id),
    CONSTRAINT ck_messages_kind CHECK (kind IN ('USER', 'SYSTEM')),
    CONSTRAINT fk_messages_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
    CONSTRAINT fk_messages_sender FOREIGN KEY (sender_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE personal_mutes (
    user_id        BIGINT      NOT NULL,
    muted_user_id  BIGINT      NOT NULL,
    created_at     DATETIME(3) NOT NULL,
    PRIMARY KEY (user_id, muted_user_id),
    CONSTRAINT fk_personal_mutes_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_personal_mutes_muted FOREIGN KEY (muted_user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Kept after a room is deleted: no foreign key to rooms.
CREATE TABLE audit_log (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    room_id     BIGINT       NULL,
    actor_id    BIGINT       NOT NULL,
    target_id   BIGINT       NULL,
    action      VARCHAR(20)  NOT NULL,
    reason      VARCHAR(500) NULL,
    until_at    DATETIME(3)  NULL,
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_audit_room (room_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
