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
 * Other segments (JFIF, ICC colour profiles, tables) are kept, so the picture looks the same. A phone photo's Exif
 * orientation (the camera held sideways) is kept: the Exif segment is replaced by one that holds only that tag, so
 * browsers still turn the picture upright; its location, camera and dates go.
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
            if (marker == 0xE1 && startsWith(payload, EXIF)) {
                int orientation = orientation(payload);
                if (orientation > 1) {
                    head.write(orientationOnly(orientation));
                }
                continue;
            }
            if (marker == 0xE1 && startsWith(payload, XMP)) {
                continue;
            }
            head.write(0xFF);
            head.write(marker);
            head.write(length >> 8);
            head.write(length & 0xFF);
            head.write(payload);
        }
    }

    /**
     * The Exif orientation (1 to 8) of a JPEG, read from the segments before its image data; 1 (as stored) when it
     * has none or is not a JPEG. Reads at most up to the start of scan.
     */
    public static int orientation(InputStream jpeg) throws IOException {
        if (jpeg.read() != 0xFF || jpeg.read() != 0xD8) {
            return 1;
        }
        while (true) {
            int marker = nextMarker(jpeg);
            if (marker == 0xDA || marker == 0xD9 || marker < 0) {
                return 1;
            }
            if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
                continue;
            }
            int length = (read(jpeg) << 8) | read(jpeg);
            byte[] payload = jpeg.readNBytes(Math.max(0, length - 2));
            if (marker == 0xE1 && startsWith(payload, EXIF)) {
                return orientation(payload);
            }
        }
    }

    /** The orientation tag (0x0112) of IFD0 in an Exif payload ("Exif\0\0" and a TIFF structure); 1 when absent or unreadable. */
    static int orientation(byte[] exif) {
        int tiff = EXIF.length;
        if (exif.length < tiff + 8) {
            return 1;
        }
        boolean little = exif[tiff] == 'I' && exif[tiff + 1] == 'I';
        boolean big = exif[tiff] == 'M' && exif[tiff + 1] == 'M';
        if (!little && !big) {
            return 1;
        }
        long ifd = unsigned(exif, tiff + 4, 4, little);
        if (ifd < 8 || tiff + ifd + 2 > exif.length) {
            return 1;
        }
        int at = (int) (tiff + ifd);
        int entries = (int) unsigned(exif, at, 2, little);
        for (int i = 0; i < entries; i++) {
            int entry = at + 2 + 12 * i;
            if (entry + 12 > exif.length) {
                return 1;
            }
            if (unsigned(exif, entry, 2, little) == 0x0112 && unsigned(exif, entry + 2, 2, little) == 3) {
                int value = (int) unsigned(exif, entry + 8, 2, little);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static long unsigned(byte[] bytes, int at, int size, boolean little) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            int b = bytes[at + (little ? size - 1 - i : i)] & 0xFF;
            value = (value << 8) | b;
        }
        return value;
    }

    /** A whole APP1 segment with an Exif that holds the orientation tag alone (big-endian TIFF, one IFD, one entry). */
    static byte[] orientationOnly(int orientation) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        tiff.writeBytes(EXIF);
        tiff.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});   // header: byte order, 42, IFD0 at 8
        tiff.writeBytes(new byte[] {0, 1});                          // one entry
        tiff.writeBytes(new byte[] {0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0});   // Orientation, SHORT, 1
        tiff.writeBytes(new byte[] {0, 0, 0, 0});                    // no next IFD
        byte[] payload = tiff.toByteArray();
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        segment.write(0xFF);
        segment.write(0xE1);
        segment.write((payload.length + 2) >> 8);
        segment.write((payload.length + 2) & 0xFF);
        segment.writeBytes(payload);
        return segment.toByteArray();
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
