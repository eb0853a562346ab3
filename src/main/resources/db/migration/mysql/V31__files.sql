-- Files shared in rooms (issue 31). A file belongs to its room and, once a message references it, to that message:
-- deleting either deletes the file and its bytes (the cascades). Until a message references it (message_id NULL)
-- nobody sees it, and the sweeper removes it after an hour.
CREATE TABLE files (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    room_id       BIGINT        NOT NULL,
    uploader_id   BIGINT        NOT NULL,
    message_id    BIGINT        NULL,
    name          VARCHAR(255)  NOT NULL,
    content_type  VARCHAR(100)  NOT NULL,
    size_bytes    BIGINT        NOT NULL,
    sha256        CHAR(64)      NOT NULL,
    width         INT           NULL,
    height        INT           NULL,
    thumb_bytes   INT           NULL,
    -- where the bytes are: 'DB' (file_chunks) or 'DIR' (FILES_DIR)
    storage       VARCHAR(3)    NOT NULL,
    created_at    DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_files_message (message_id),
    KEY ix_files_room (room_id, id),
    KEY ix_files_unreferenced (created_at),
    CONSTRAINT ck_files_storage CHECK (storage IN ('DB', 'DIR')),
    CONSTRAINT fk_files_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
    CONSTRAINT fk_files_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
    CONSTRAINT fk_files_uploader FOREIGN KEY (uploader_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The bytes, in chunks of at most 256 KiB so that no row is huge: variant 'O' the original, 'T' the thumbnail.
CREATE TABLE file_chunks (
    file_id  BIGINT      NOT NULL,
    variant  CHAR(1)     NOT NULL,
    seq      INT         NOT NULL,
    data     MEDIUMBLOB  NOT NULL,
    PRIMARY KEY (file_id, variant, seq),
    CONSTRAINT fk_file_chunks_file FOREIGN KEY (file_id) REFERENCES files (id) ON DELETE CASCADE
) ENGINE=InnoDB;
