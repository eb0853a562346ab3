package dev.suda.files.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void keepsTheLastSegmentWithoutControlCharacters() {
        assertEquals("passwd", FileNames.clean("../../etc/passwd"));
        assertEquals("a.txt", FileNames.clean("C:\\Users\\me\\a.txt"));
        assertEquals("ab.txt", FileNames.clean("a\u0000b\n.txt"));
        assertEquals("사진 😀.jpg", FileNames.clean("사진 😀.jpg"));
        assertEquals("file", FileNames.clean(null));
        assertEquals("file", FileNames.clean(".."));
        assertEquals(255, FileNames.clean("😀".repeat(300)).codePointCount(0, 255 * 2));
    }
}
