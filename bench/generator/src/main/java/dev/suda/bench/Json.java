package dev.suda.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough JSON writing for the report; keys keep their insertion order. */
final class Json {

    static final class Obj {
        final Map<String, Object> fields = new LinkedHashMap<>();

        Obj put(String key, Object value) {
            fields.put(key, value);
            return this;
        }

        Object get(String key) {
            return fields.get(key);
        }

        @Override
        public String toString() {
            return write(this, "");
        }
    }

    static final class Arr {
        final List<Object> items = new ArrayList<>();

        Arr add(Object value) {
            items.add(value);
            return this;
        }
    }

    static String write(Object value, String indent) {
        String inner = indent + "  ";
        if (value == null) {
            return "null";
        }
        if (value instanceof Obj obj) {
            if (obj.fields.isEmpty()) {
                return "{}";
            }
            StringBuilder out = new StringBuilder("{\n");
            int i = 0;
            for (var e : obj.fields.entrySet()) {
                out.append(inner).append(quote(e.getKey())).append(": ").append(write(e.getValue(), inner));
                out.append(++i < obj.fields.size() ? ",\n" : "\n");
            }
            return out.append(indent).append('}').toString();
        }
        if (value instanceof Arr arr) {
            if (arr.items.isEmpty()) {
                return "[]";
            }
            StringBuilder out = new StringBuilder("[\n");
            for (int i = 0; i < arr.items.size(); i++) {
                out.append(inner).append(write(arr.items.get(i), inner)).append(i + 1 < arr.items.size() ? ",\n" : "\n");
            }
            return out.append(indent).append(']').toString();
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : d == Math.rint(d) && Math.abs(d) < 1e15
                    ? String.valueOf(d.longValue()) : String.valueOf(Math.round(d * 1000) / 1000.0);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return quote(value.toString());
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
