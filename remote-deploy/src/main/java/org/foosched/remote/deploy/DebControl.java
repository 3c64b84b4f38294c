package org.foosched.remote.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of a Debian control paragraph ({@code Field: value}, continuation lines indented). */
final class DebControl {

    private DebControl() {
    }

    /** Field names as written; lookups should use {@link #get}, which ignores case. */
    static Map<String, String> parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    break; // first paragraph only
                }
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                fields.put(last, fields.get(last) + "\n" + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            last = line.substring(0, colon).strip();
            fields.put(last, line.substring(colon + 1).strip());
        }
        return fields;
    }

    static String get(Map<String, String> fields, String name) {
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
