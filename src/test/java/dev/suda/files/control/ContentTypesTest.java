package dev.suda.files.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentTypesTest {

    private static String detect(byte[] bytes, String name) throws IOException {
        return ContentTypes.detect(new BufferedInputStream(new ByteArrayInputStream(bytes)), name);
    }

    @Test
    void theBytesDecideNotTheName() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertEquals("image/png", detect(png, "notes.txt"));
        assertEquals("text/html", detect("<!DOCTYPE html><html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8), "cat.png"));
        assertEquals("application/pdf", detect("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), "x.jpg"));
    }

    @Test
    void allowedTypesTakeFamiliesAndEverything() {
        ContentTypes some = new ContentTypes("image/*, application/pdf");
        assertTrue(some.allowed("image/png"));
        assertTrue(some.allowed("application/pdf"));
        assertFalse(some.allowed("text/html"));
        assertFalse(some.allowed("application/pdfx"));
        assertTrue(new ContentTypes("*").allowed("text/html"));
        assertFalse(new ContentTypes(Files.DEFAULT_TYPES).allowed("text/html"));
        assertFalse(new ContentTypes(Files.DEFAULT_TYPES).allowed("application/javascript"));
        assertFalse(new ContentTypes(Files.DEFAULT_TYPES).allowed("application/x-msdownload"));
        assertFalse(new ContentTypes(Files.DEFAULT_TYPES).allowed("application/vnd.microsoft.portable-executable"));
        assertTrue(new ContentTypes(Files.DEFAULT_TYPES).allowed("application/vnd.ms-excel"));
        assertTrue(new ContentTypes(Files.DEFAULT_TYPES)
                .allowed("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
    }
}
