package dev.suda.messages.control;

import dev.suda.platform.ProblemException;

/**
 * What a message may hold: 1 to 2000 Unicode characters, counted as code points (an emoji is one, although
 * Java counts it as two chars), not only blanks, and well-formed UTF-16 so that utf8mb4 stores it verbatim.
 */
public final class MessageContent {

    public static final int MAX_CODE_POINTS = 2000;
    public static final int MAX_CLIENT_ID = 64;

    private MessageContent() {
    }

    public static String check(String content) {
        if (content == null || content.isBlank()) {
            throw ProblemException.badRequest("empty_content", "A message needs some text");
        }
        int length = content.codePointCount(0, content.length());
        if (length > MAX_CODE_POINTS) {
            throw ProblemException.badRequest("content_too_long",
                    "A message holds at most " + MAX_CODE_POINTS + " characters; this one has " + length);
        }
        if (content.codePoints().anyMatch(c -> c == 0 || c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            throw ProblemException.badRequest("malformed_content", "The text has a NUL or a broken surrogate pair");
        }
        return content;
    }

    public static String checkClientId(String clientMsgId) {
        if (clientMsgId != null && (clientMsgId.isBlank() || clientMsgId.length() > MAX_CLIENT_ID)) {
            throw ProblemException.badRequest("bad_client_msg_id", "clientMsgId must be 1 to " + MAX_CLIENT_ID + " characters");
        }
        return clientMsgId;
    }
}
