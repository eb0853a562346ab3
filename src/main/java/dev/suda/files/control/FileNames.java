package dev.suda.files.control;

/** A file name as people see it: the last path segment, no control characters, at most 255 characters. */
public final class FileNames {

    static final int MAX = 255;

    private FileNames() {
    }

    public static String clean(String given) {
        String name = given == null ? "" : given;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.codePoints().filter(c -> !Character.isISOControl(c) && c != '"')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "file";
        }
        if (name.codePointCount(0, name.length()) > MAX) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX));
        }
        return name;
    }
}
