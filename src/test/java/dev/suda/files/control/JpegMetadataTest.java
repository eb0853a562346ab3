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

    /**
     * A phone photo held sideways: 40x20 pixels as stored, left half red and right half blue, with a little-endian Exif
     * whose IFD0 says orientation 6 and whose data holds a location.
     */
    static byte[] sidewaysPhoto() throws IOException {
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, x < 20 ? 0xff0000 : 0x0000ff);
            }
        }
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", plain);
        byte[] jpeg = plain.toByteArray();
        ByteArrayOutputStream exif = new ByteArrayOutputStream();
        exif.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        exif.writeBytes(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0});   // little-endian, IFD0 at 8
        exif.writeBytes(new byte[] {2, 0});                          // two entries
        exif.writeBytes(new byte[] {0x0f, 0x01, 2, 0, 6, 0, 0, 0, 38, 0, 0, 0});   // Make, ASCII, 6 bytes at 38
        exif.writeBytes(new byte[] {0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0});    // Orientation, SHORT: 6
        exif.writeBytes(new byte[] {0, 0, 0, 0});
        exif.writeBytes("Phone\0GPSLatitude 37.5665 N GPSLongitude 126.9780 E".getBytes(StandardCharsets.ISO_8859_1));
        byte[] payload = exif.toByteArray();
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
    void theOrientationStaysAndTheLocationGoes() throws IOException {
        byte[] photo = sidewaysPhoto();
        assertEquals(6, JpegMetadata.orientation(new ByteArrayInputStream(photo)));
        byte[] stripped = JpegMetadata.withoutLocation(new ByteArrayInputStream(photo)).readAllBytes();
        String text = new String(stripped, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("GPSLatitude"), "the location is gone");
        assertFalse(text.contains("Phone"), "and the rest of the Exif");
        assertEquals(6, JpegMetadata.orientation(new ByteArrayInputStream(stripped)), "a browser still turns it upright");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(stripped));
        assertEquals(40, decoded.getWidth());
        assertEquals(20, decoded.getHeight());
    }

    @Test
    void aJpegWithoutOrientationIsAsStored() throws IOException {
        assertEquals(1, JpegMetadata.orientation(new ByteArrayInputStream(jpegWithExif())));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        assertEquals(1, JpegMetadata.orientation(new ByteArrayInputStream(png)));
    }
}
