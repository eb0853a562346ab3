package dev.suda.files.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ThumbnailsTest {

    private static byte[] image(String format, int width, int height, int type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, type), format, out);
        return out.toByteArray();
    }

    @Test
    void theLongestSideBecomes320() throws IOException {
        var thumbnail = Thumbnails.of(new ByteArrayInputStream(image("png", 1600, 900, BufferedImage.TYPE_INT_ARGB))).orElseThrow();
        assertEquals(1600, thumbnail.width());
        assertEquals(900, thumbnail.height());
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.bytes()));
        assertEquals(320, small.getWidth());
        assertEquals(180, small.getHeight());

        var tall = Thumbnails.of(new ByteArrayInputStream(image("gif", 300, 2000, BufferedImage.TYPE_BYTE_INDEXED))).orElseThrow();
        BufferedImage narrow = ImageIO.read(new ByteArrayInputStream(tall.bytes()));
        assertEquals(320, narrow.getHeight());
        assertEquals(48, narrow.getWidth());
    }

    @Test
    void aSmallImageIsNotEnlarged() throws IOException {
        var thumbnail = Thumbnails.of(new ByteArrayInputStream(image("jpeg", 64, 48, BufferedImage.TYPE_INT_RGB))).orElseThrow();
        assertEquals(64, ImageIO.read(new ByteArrayInputStream(thumbnail.bytes())).getWidth());
    }

    @Test
    void whatNoReaderTakesHasNone() throws IOException {
        assertTrue(Thumbnails.of(new ByteArrayInputStream("%PDF-1.4".getBytes())).isEmpty());
    }
}
