package dev.suda.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Scenario u (issue 33.5): GET /api/rooms with unread and mention counts for a reader who is a member of thousands
 * of rooms over a large message table. The rooms, memberships, messages and mentions are seeded with SQL in bulk
 * (the benchmark's own database), then the room list is read as that member (counts in every room of the page) and
 * as a stranger (no counts: the list's cost without them), 50 and 200 rooms a page.
 *
 * <p>Of the reader's rooms a quarter have nothing unread, a quarter 10 messages, a quarter everything (more than
 * the cap of 100) and a quarter everything with the reader's own messages among them; every 50th message mentions it.
 *
 * <pre>
 * --unread.rooms=2000        rooms the reader is a member of
 * --unread.messages=1000000  messages over those rooms
 * --unread.requests=200      requests a page size (at most unread.seconds seconds each)
 * --unread.seconds=15
 * </pre>
 */
final class UnreadBench {

    private final Bench bench;

    UnreadBench(Bench bench) {
        this.bench = bench;
    }

    Json.Obj run() throws Exception {
        int rooms = bench.num("unread.rooms", 2000);
        int messages = bench.num("unread.messages", 1_000_000);
        int perRoom = Math.max(1, messages / rooms);
        List<Http.Guest> people = bench.guests(bench.guests.size() + 3);
        Http.Guest reader = people.get(people.size() - 3);
        Http.Guest writer = people.get(people.size() - 2);
        Http.Guest stranger = people.get(people.size() - 1);
        String tag = "unread-" + System.currentTimeMillis();
        long t0 = System.nanoTime();
        // numbers 0..9999 from four digit tables: MySQL 8 caps recursive CTEs at 1,000 rows by default
        String digits = "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
                + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
        String numbers = "(SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d AS n FROM " + digits + " a CROSS JOIN "
                + digits + " b CROSS JOIN " + digits + " c CROSS JOIN " + digits + " e)";
        StringBuilder sql = new StringBuilder("SET SESSION innodb_lock_wait_timeout = 300;\n")
                .append("INSERT INTO rooms (name, owner_id, created_at, last_message_id) SELECT CONCAT('").append(tag)
                .append(" ', n), ").append(writer.userId()).append(", NOW(3), 0 FROM ").append(numbers)
                .append(" x WHERE n < ").append(rooms).append(" ORDER BY n;\n")
                .append("CREATE TEMPORARY TABLE unread_rooms AS SELECT id FROM rooms WHERE name LIKE '").append(tag).append(" %';\n")
                .append("INSERT INTO room_users (room_id, user_id, role, joined_at, last_read_id) SELECT id, ")
                .append(reader.userId()).append(", 'GUEST', NOW(3), 0 FROM unread_rooms;\n")
                .append("INSERT INTO room_users (room_id, user_id, role, joined_at, last_read_id) SELECT id, ")
                .append(writer.userId()).append(", 'OWNER', NOW(3), 0 FROM unread_rooms;\n")
                // every room gets perRoom messages, interleaved across rooms as a live site's would be; in the last
                // quarter of the rooms every fifth message is the reader's own
                .append("INSERT INTO messages (room_id, sender_id, kind, content, client_msg_id, created_at) SELECT r.id, ")
                .append("CASE WHEN r.id % 4 = 3 AND x.n % 5 = 0 THEN ").append(reader.userId()).append(" ELSE ")
                .append(writer.userId()).append(" END, 'USER', 'a seeded message of about the length of a chat line, 수다 🙂',")
                .append(" NULL, NOW(3) FROM ").append(numbers).append(" x CROSS JOIN unread_rooms r WHERE x.n < ").append(perRoom)
                .append(" ORDER BY x.n, r.id;\n")
                .append("UPDATE rooms r JOIN (SELECT m.room_id, MAX(m.id) AS last FROM messages m JOIN unread_rooms u ON u.id = m.room_id")
                .append(" GROUP BY m.room_id) x ON x.room_id = r.id SET r.last_message_id = x.last;\n")
                // the reader's markers: a quarter read to the end, a quarter 10 behind, half at the start (all unread)
                .append("UPDATE room_users ru JOIN rooms r ON r.id = ru.room_id SET ru.last_read_id = CASE r.id % 4")
                .append(" WHEN 0 THEN r.last_message_id WHEN 1 THEN GREATEST(0, r.last_message_id - 10) ELSE 0 END")
                .append(" WHERE ru.user_id = ").append(reader.userId()).append(";\n")
                .append("INSERT INTO message_mentions (message_id, room_id, user_id) SELECT m.id, m.room_id, ")
                .append(reader.userId()).append(" FROM messages m JOIN unread_rooms u ON u.id = m.room_id WHERE m.id % 50 = 0")
                .append(" AND m.sender_id <> ").append(reader.userId()).append(";\n")
                .append("ANALYZE TABLE messages, room_users, message_mentions;\n")
                .append("SELECT COUNT(*), MIN(m.room_id), MAX(m.room_id) FROM messages m JOIN unread_rooms u ON u.id = m.room_id;\n");
        String[] command = Arrays.copyOf(bench.mysql, bench.mysql.length + 2);
        command[bench.mysql.length] = "-N";
        command[bench.mysql.length + 1] = "--default-character-set=utf8mb4";
        String outText = Proc.pipe(sql.toString(), command).trim();
        String[] last = outText.substring(outText.lastIndexOf('\n') + 1).trim().split("\\s+");
        long seeded = Long.parseLong(last[0]);
        long firstRoom = Long.parseLong(last[1]);
        double seedSeconds = (System.nanoTime() - t0) / 1e9;
        String total = Proc.pipe("SELECT COUNT(*) FROM messages;\n", command).trim();
        Bench.log("unread: %d rooms, %d messages seeded in %.1f s (messages in the table: %s)", rooms, seeded, seedSeconds, total);
        String explain = Proc.pipe("EXPLAIN SELECT room_id, COUNT(*) FROM ((SELECT m.room_id FROM messages m FORCE INDEX (ix_messages_room)"
                + " WHERE m.room_id = " + (firstRoom + 2) + " AND m.id > 0 AND m.sender_id <> " + reader.userId()
                + " AND m.kind = 'USER' LIMIT 100)) unread GROUP BY room_id;\n", bench.mysql);
        Json.Obj result = new Json.Obj().put("rooms", rooms).put("messagesSeeded", seeded)
                .put("messagesInTable", Long.parseLong(total)).put("seedSeconds", seedSeconds).put("explain", explain.trim());

        // the reader's rooms are the newest: a page of the list is all its rooms
        String check = bench.suda.http().expect("GET", "/api/rooms?limit=200", reader.token(), null, 200).body();
        if (!check.contains("\"unreadCount\":100") || !check.contains("\"mentionCount\"")) {
            throw new java.io.IOException("no capped unread count in the reader's list: " + check.substring(0, Math.min(400, check.length())));
        }
        for (int limit : new int[] {50, 200}) {
            result.put("member" + limit, measure("/api/rooms?limit=" + limit, reader.token()));
            result.put("stranger" + limit, measure("/api/rooms?limit=" + limit, stranger.token()));
            Bench.log("unread: GET /api/rooms?limit=%d member p50 %.2f p99 %.2f ms; stranger (no counts) p50 %.2f p99 %.2f ms", limit,
                    (double) ((Json.Obj) result.get("member" + limit)).get("p50Ms"), (double) ((Json.Obj) result.get("member" + limit)).get("p99Ms"),
                    (double) ((Json.Obj) result.get("stranger" + limit)).get("p50Ms"), (double) ((Json.Obj) result.get("stranger" + limit)).get("p99Ms"));
        }
        return result;
    }

    private Json.Obj measure(String path, String token) throws Exception {
        int requests = bench.num("unread.requests", 200);
        long warmDeadline = System.nanoTime() + 10_000_000_000L;
        for (int i = 0; i < 20 && System.nanoTime() < warmDeadline; i++) {
            bench.suda.http().expect("GET", path, token, null, 200);
        }
        Stats latency = new Stats();
        long deadline = System.nanoTime() + bench.num("unread.seconds", 15) * 1_000_000_000L;
        for (int i = 0; i < requests && System.nanoTime() < deadline; i++) {
            long s = System.nanoTime();
            bench.suda.http().expect("GET", path, token, null, 200);
            latency.add((System.nanoTime() - s) / 1000);
        }
        return latency.summary();
    }
}
