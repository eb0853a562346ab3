package dev.suda.files.control;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and hashes (SHA-256) what is read through it, and stops with {@link TooLarge} past a limit. */
final class Measured extends FilterInputStream {

    /** More bytes came than the limit allows; thrown by the read that crossed it. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("More than " + limit + " bytes");
        }
    }

    private final long limit;
    private final MessageDigest digest;
    private long count;

    Measured(InputStream in, long limit) {
        super(in);
        this.limit = limit;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            counted(1);
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] into, int off, int len) throws IOException {
        int n = in.read(into, off, len);
        if (n > 0) {
            counted(n);
            digest.update(into, off, n);
        }
        return n;
    }

    private void counted(int n) throws TooLarge {
        count += n;
        if (count > limit) {
            throw new TooLarge(limit);
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long count() {
        return count;
    }

    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
