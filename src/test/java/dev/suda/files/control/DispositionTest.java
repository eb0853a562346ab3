package dev.suda.files.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DispositionTest {

    @Test
    void onlyRasterImagesAreInline() {
        assertEquals("inline; filename=\"a.png\"; filename*=UTF-8''a.png", Disposition.of("image/png", "a.png"));
        assertEquals("attachment; filename=\"a.svg\"; filename*=UTF-8''a.svg", Disposition.of("image/svg+xml", "a.svg"));
        assertEquals("attachment; filename=\"x.html\"; filename*=UTF-8''x.html", Disposition.of("text/html", "x.html"));
    }

    @Test
    void aKoreanNameKeepsItsExactFormAndAnAsciiFallback() {
        assertEquals("attachment; filename=\"__ _.pdf\"; filename*=UTF-8''%EB%B3%B4%EA%B3%A0%20%EC%84%9C.pdf",
                Disposition.of("application/pdf", "보고 서.pdf"));
    }
}
