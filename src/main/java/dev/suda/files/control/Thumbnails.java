package dev.suda.files.control;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Thumbnails with the JDK's ImageIO (JPEG, PNG, GIF; WebP where a reader is installed): the longest side
 * {@value #LONGEST_SIDE} px, always a JPEG (transparency laid on white). The image is decoded
 * subsampled, so a photo of many megapixels never becomes a full-size raster in memory. A JPEG's Exif orientation is
 * applied to the thumbnail's pixels (it carries no Exif), and the size given is the upright one.
 */
public final class Thumbnails {

    public static final int LONGEST_SIDE = 320;
    /** Images larger than this in either dimension are not decoded at all (a "decompression bomb"). */
    private static final int MAX_SIDE = 20_000;

    private Thumbnails() {
    }

    /** An image's size, and its thumbnail's JPEG bytes. */
    public record Thumbnail(int width, int height, byte[] bytes) {
    }

    /** Empty when no reader takes the stream or it cannot be decoded. */
    public static Optional<Thumbnail> of(InputStream image) throws IOException {
        return of(image, 1);
    }

    /** As {@link #of(InputStream)}, turning the picture upright from its Exif {@code orientation} (1 to 8). */
    public static Optional<Thumbnail> of(InputStream image, int orientation) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(image)) {
            if (in == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
                    return Optional.empty();
                }
                int longest = Math.max(width, height);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, longest / (LONGEST_SIDE * 2));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage decoded = reader.read(0, param);
                double scale = Math.min(1.0, (double) LONGEST_SIDE / longest);
                int w = Math.max(1, (int) Math.round(width * scale));
                int h = Math.max(1, (int) Math.round(height * scale));
                BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = small.createGraphics();
                g.setColor(java.awt.Color.WHITE);
                g.fillRect(0, 0, w, h);
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                g.drawImage(decoded, 0, 0, w, h, null);
                g.dispose();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                if (!ImageIO.write(upright(small, orientation), "jpeg", out)) {
                    return Optional.empty();
                }
                return Optional.of(orientation >= 5 ? new Thumbnail(height, width, out.toByteArray())
                        : new Thumbnail(width, height, out.toByteArray()));
            } catch (IOException | RuntimeException undecodable) {
                return Optional.empty();
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * The picture as it is meant to be seen: Exif orientation 2 to 8 says how the stored pixels are mirrored or turned
     * (6: the camera was turned a quarter clockwise, so the picture turns a quarter clockwise to stand upright).
     */
    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean turned = orientation >= 5;
        BufferedImage result = new BufferedImage(turned ? h : w, turned ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int tx;
                int ty;
                switch (orientation) {
                    case 2 -> { tx = w - 1 - x; ty = y; }
                    case 3 -> { tx = w - 1 - x; ty = h - 1 - y; }
                    case 4 -> { tx = x; ty = h - 1 - y; }
                    case 5 -> { tx = y; ty = x; }
                    case 6 -> { tx = h - 1 - y; ty = x; }
                    case 7 -> { tx = h - 1 - y; ty = w - 1 - x; }
                    default -> { tx = y; ty = w - 1 - x; }
                }
                result.setRGB(tx, ty, image.getRGB(x, y));
            }
        }
        return result;
    }
}
