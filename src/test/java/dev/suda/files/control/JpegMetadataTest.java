package dev.suda.files.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegMetadataTest {

    /** A JPEG with an Exif APP1 segment (holding a GPS marker text) right after SOI. */
    static byte[] jpegWithExif() throws IOException {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        image.setRGB(5, 5, 0xff0000);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", plain);
        byte[] jpeg = plain.toByteArray();
        byte[] payload = "Exif\0\0MM\0*GPSLatitude 37.5665 N GPSLongitude 126.9780 E".getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write((payload.length + 2) >> 8);
        out.write((payload.length + 2) & 0xff);
        out.write(payload);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @Test
    void exifGoesAndThePictureStays() throws IOException {
        byte[] withExif = jpegWithExif();
        assertTrue(new String(withExif, StandardCharsets.ISO_8859_1).contains("GPSLatitude"));
        byte[] stripped = JpegMetadata.withoutLocation(new ByteArrayInputStream(withExif)).readAllBytes();
        assertFalse(new String(stripped, StandardCharsets.ISO_8859_1).contains("GPSLatitude"));
        assertFalse(new String(stripped, StandardCharsets.ISO_8859_1).contains("Exif"));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(stripped));
        assertNotNull(decoded);
        assertEquals(40, decoded.getWidth());
        // the image data is untouched: only the segment's bytes went
        assertEquals(withExif.length - stripped.length,
                "Exif\0\0MM\0*GPSLatitude 37.5665 N GPSLongitude 126.9780 E".length() + 4);
    }

    @Test
    void whatIsNotAJpegPassesUnchanged() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        assertArrayEquals(png, JpegMetadata.withoutLocation(new ByteArrayInputStream(png)).readAllBytes());
    }
}
