package dev.suda.files.control;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Strips the APP1 segments of a JPEG (Exif, where cameras and phones write GPS coordinates, and XMP, which may
 * repeat them) without decoding or re-encoding the image: the segments before the image data are read one at a
 * time (each at most 64 KiB), the APP1 ones dropped, and everything from the start of scan on passed through.
 * Other segments (JFIF, ICC colour profiles, tables) are kept, so the picture looks the same. The orientation tag
 * goes with Exif; browsers then show the image as stored.
 */
public final class JpegMetadata {

    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] XMP = "http://ns.adobe.com/xap/1.0/".getBytes(StandardCharsets.ISO_8859_1);

    private JpegMetadata() {
    }

    /** The same JPEG without Exif and XMP; a stream that is not a JPEG comes back unchanged. */
    public static InputStream withoutLocation(InputStream jpeg) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int first = jpeg.read();
        int second = jpeg.read();
        if (first != 0xFF || second != 0xD8) {
            if (first >= 0) {
                head.write(first);
            }
            if (second >= 0) {
                head.write(second);
            }
            return new SequenceInputStream(new ByteArrayInputStream(head.toByteArray()), jpeg);
        }
        head.write(0xFF);
        head.write(0xD8);
        while (true) {
            int marker = nextMarker(jpeg);
            if (marker == 0xDA || marker == 0xD9 || marker < 0) {
                // start of scan (or a JPEG without one): the rest is image data, passed through as it is
                if (marker >= 0) {
                    head.write(0xFF);
                    head.write(marker);
                }
                return new SequenceInputStream(new ByteArrayInputStream(head.toByteArray()), jpeg);
            }
            if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
                head.write(0xFF);
                head.write(marker);
                continue;
            }
            int length = (read(jpeg) << 8) | read(jpeg);
            byte[] payload = jpeg.readNBytes(Math.max(0, length - 2));
            if (payload.length < length - 2) {
                throw new EOFException("The JPEG ends inside a segment");
            }
            if (marker == 0xE1 && (startsWith(payload, EXIF) || startsWith(payload, XMP))) {
                continue;
            }
            head.write(0xFF);
            head.write(marker);
            head.write(length >> 8);
            head.write(length & 0xFF);
            head.write(payload);
        }
    }

    private static int nextMarker(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            return -1;
        }
        if (b != 0xFF) {
            throw new IOException("Not a JPEG marker: " + b);
        }
        do {
            b = in.read();   // fill bytes (0xFF) may come before a marker
        } while (b == 0xFF);
        return b;
    }

    private static int read(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("The JPEG ends inside a segment");
        }
        return b;
    }

    private static boolean startsWith(byte[] payload, byte[] prefix) {
        if (payload.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (payload[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
