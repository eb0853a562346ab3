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

    @Test
    void aSidewaysPhotoGetsAnUprightThumbnail() throws IOException {
        byte[] photo = JpegMetadata.withoutLocation(new ByteArrayInputStream(JpegMetadataTest.sidewaysPhoto())).readAllBytes();
        int orientation = JpegMetadata.orientation(new ByteArrayInputStream(photo));
        var thumbnail = Thumbnails.of(new ByteArrayInputStream(photo), orientation).orElseThrow();
        // stored 40x20 with red on the left; shown a quarter turn clockwise: 20x40 with red on top
        assertEquals(20, thumbnail.width());
        assertEquals(40, thumbnail.height());
        BufferedImage upright = ImageIO.read(new ByteArrayInputStream(thumbnail.bytes()));
        assertEquals(20, upright.getWidth());
        assertEquals(40, upright.getHeight());
        assertTrue(red(upright.getRGB(10, 5)), Integer.toHexString(upright.getRGB(10, 5)));
        assertTrue(blue(upright.getRGB(10, 35)), Integer.toHexString(upright.getRGB(10, 35)));
    }

    @Test
    void everyOrientationStandsUp() {
        // a 3x2 picture whose top-left pixel is marked, stored as each orientation would store it
        BufferedImage stored = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        stored.setRGB(0, 0, 0xffffff);
        int[][] markAt = {null, {0, 0}, {2, 0}, {2, 1}, {0, 1}, {0, 0}, {1, 0}, {1, 2}, {0, 2}};
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage shown = Thumbnails.upright(stored, orientation);
            assertEquals(orientation >= 5 ? 2 : 3, shown.getWidth(), "orientation " + orientation);
            assertEquals(0xffffff, shown.getRGB(markAt[orientation][0], markAt[orientation][1]) & 0xffffff,
                    "orientation " + orientation);
        }
    }

    private static boolean red(int rgb) {
        return ((rgb >> 16) & 0xff) > 180 && (rgb & 0xff) < 80;
    }

    private static boolean blue(int rgb) {
        return (rgb & 0xff) > 180 && ((rgb >> 16) & 0xff) < 80;
    }
}
