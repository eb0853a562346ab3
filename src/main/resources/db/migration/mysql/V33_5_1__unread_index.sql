-- Unread counts (issue 33.5): counting a room's unread messages reads ix_messages_room from the reader's marker up
-- (at most 100 entries, see ReadMarkers). With the sender and the kind in the index, the count never reads the rows
-- themselves: half the time of a page of 200 rooms over a million messages (bench/FINDINGS.md). History's keyset
-- pages use the same (room_id, id) prefix as before, under the same name (they name it in FORCE INDEX). Rebuilt in
-- place, without locking the table. MySQL/MariaDB only: the embedded Derby counts with a plain GROUP BY.
ALTER TABLE messages DROP INDEX ix_messages_room, ADD INDEX ix_messages_room (room_id, id, sender_id, kind);
