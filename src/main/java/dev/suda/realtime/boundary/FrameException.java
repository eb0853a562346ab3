package dev.suda.realtime.boundary;

/** A frame the server cannot act on; answered with an error frame, the socket stays open. */
public class FrameException extends RuntimeException {

    private final String code;
    private final String ref;

    public FrameException(String code, String message, String ref) {
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
    }

    public String code() {
        return code;
    }

    public String ref() {
        return ref;
    }
}
