package org.foosched.analysis.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.foosched.analysis.fs.Trees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a {@link BoundaryConfig} back to {@code boundary.yaml} the way a person would edit it:
 * only the list sections whose values changed are touched, in place. Entries that stay keep
 * their line, their trailing comment and the comment lines around them; removed entries lose
 * their line; new entries are appended after the section's last entry with its indentation.
 * A missing section is added under its parent (or at the end). Everything else — the header
 * comment, the order of sections, blank lines — stays byte for byte.
 *
 * <p>The result always reads back ({@link BoundaryConfigLoader}) as the given configuration;
 * {@link #update} checks that and throws when it would not (a bug, never user data loss).
 */
public final class BoundaryConfigWriter {

    private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z_][A-Za-z0-9_]*)\\s*:(.*)$");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_./][A-Za-z0-9_./+-]*");
    private static final Pattern YAML_WORDS = Pattern.compile("(?i)y|yes|n|no|true|false|on|off|null|~");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One list section: where it lives in the file and how its entries read. */
    private record SectionSpec<T>(String name, String parent, String key, Function<BoundaryConfig, List<T>> values,
                                  boolean sidecar) {
    }

    private final BoundaryConfigLoader loader = new BoundaryConfigLoader();

    /**
     * {@code text} (a valid boundary.yaml) with its list sections changed to those of
     * {@code config}; throws {@link ConfigException} when {@code text} itself is invalid (fix the
     * YAML first: there is nothing safe to edit in place).
     */
    public String update(String text, BoundaryConfig config) {
        BoundaryConfig current = loader.parse(config.file(), text);
        List<String> lines = splitLines(text);
        String dataKey = findKey(lines, null, "global_var") >= 0 && findKey(lines, null, "data") < 0
                ? "global_var" : "data";
        for (SectionSpec<?> spec : specs(dataKey)) {
            lines = updateSection(lines, spec, current, config);
        }
        String out = String.join("", lines);
        BoundaryConfig check = loader.parse(config.file(), out);
        if (!sameValues(check, config)) {
            throw new IllegalStateException("BoundaryConfigWriter produced a file that reads back differently; "
                    + "please report this with the boundary.yaml");
        }
        return out;
    }

    /** A new file for {@code config} (no comments: there were none to keep). */
    public String write(BoundaryConfig config) {
        StringBuilder sb = new StringBuilder("# Foosched boundary configuration\n");
        for (SectionSpec<?> spec : specs("data")) {
            List<?> values = spec.values().apply(config);
            if (spec.parent() != null && !sb.toString().contains("\n" + spec.parent() + ":\n")) {
                sb.append(spec.parent()).append(":\n");
            }
            String indent = spec.parent() == null ? "" : "  ";
            sb.append(indent).append(spec.key()).append(':');
            if (values.isEmpty()) {
                sb.append(" []\n");
                continue;
            }
            sb.append('\n');
            for (Object v : values) {
                sb.append(indent).append("  - ").append(format(v)).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Saves {@code config} to {@code file}: edits the existing file in place, or writes a new one;
     * atomically (a temporary file renamed into place).
     */
    public void save(Path file, BoundaryConfig config) {
        String text;
        try {
            text = Files.isRegularFile(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 0, "cannot read: " + e.getMessage())));
        }
        Trees.writeAtomically(file, text == null ? write(config) : update(text, config));
    }

    /** True when both configurations hold the same entries in every section (files and lines aside). */
    public static boolean sameValues(BoundaryConfig a, BoundaryConfig b) {
        for (SectionSpec<?> spec : specs("data")) {
            if (!spec.values().apply(a).equals(spec.values().apply(b))) {
                return false;
            }
        }
        return true;
    }

    private static List<SectionSpec<?>> specs(String dataKey) {
        List<SectionSpec<?>> out = new ArrayList<>();
        out.add(new SectionSpec<>("units", null, "units", c -> values(c.units()), false));
        out.add(new SectionSpec<>("mod_files", null, "mod_files", c -> values(c.modFiles()), false));
        out.add(new SectionSpec<>("interface_prefix", null, "interface_prefix", c -> values(c.interfacePrefix()), false));
        out.add(new SectionSpec<>("function.interface", "function", "interface", c -> values(c.interfaces()), false));
        out.add(new SectionSpec<>("function.outsider", "function", "outsider", c -> values(c.outsiders()), false));
        out.add(new SectionSpec<>(dataKey + ".extra_public", dataKey, "extra_public", c -> values(c.extraPublic()), false));
        out.add(new SectionSpec<>(dataKey + ".force_private", dataKey, "force_private", c -> values(c.forcePrivate()), false));
        out.add(new SectionSpec<>(dataKey + ".critical", dataKey, "critical", c -> values(c.critical()), false));
        out.add(new SectionSpec<>("sidecar", null, "sidecar", c -> values(c.sidecar()), true));
        return out;
    }

    private static <T> List<T> values(List<Located<T>> list) {
        return list.stream().map(Located::value).toList();
    }

    // ---- one section ----

    /** An entry of a block list: its first line, the line after its last, and its value. */
    private record Item(int start, int end, Object value) {
    }

    private <T> List<String> updateSection(List<String> lines, SectionSpec<T> spec, BoundaryConfig current,
                                           BoundaryConfig wanted) {
        List<T> want = spec.values().apply(wanted);
        if (spec.values().apply(current).equals(want)) {
            return lines;
        }
        int keyLine = findKey(lines, spec.parent(), spec.key());
        if (keyLine < 0) {
            return insertSection(lines, spec, want);
        }
        int keyIndent = indentOf(lines.get(keyLine));
        Matcher m = KEY.matcher(stripEol(lines.get(keyLine)));
        if (!m.matches()) {
            throw new IllegalStateException("not a key line: " + lines.get(keyLine));
        }
        String rest = m.group(3);
        String comment = trailingComment(rest);
        String valuePart = (comment == null ? rest : rest.substring(0, rest.length() - comment.length())).trim();
        List<String> out = new ArrayList<>(lines.subList(0, keyLine));
        String keyText = " ".repeat(keyIndent) + spec.key() + ":";
        String eol = eolOf(lines.get(keyLine));
        int itemIndent = keyIndent + 2;
        if (!valuePart.isEmpty() && !valuePart.equals("null") && !valuePart.equals("~")) {
            // a flow list ("[a, b]" or "[]"): becomes a block list
            List<Object> old = parseFlow(valuePart, spec.sidecar());
            List<Object> keep = new ArrayList<>(old);
            keep.retainAll(want);
            List<Object> all = new ArrayList<>(keep);
            want.stream().filter(v -> !all.contains(v)).forEach(all::add);
            out.add(keyText + (all.isEmpty() ? " []" : "") + (comment == null ? "" : " " + comment.trim()) + eol);
            // comments indented under the key introduce its entries: the entries follow them
            int after = keyLine + 1;
            while (after < lines.size() && lines.get(after).trim().startsWith("#")
                    && indentOf(lines.get(after)) > keyIndent) {
                out.add(lines.get(after++));
            }
            for (Object v : all) {
                out.add(" ".repeat(itemIndent) + "- " + format(v) + eol);
            }
            out.addAll(lines.subList(after, lines.size()));
            return out;
        }
        List<Item> items = blockItems(lines, keyLine, keyIndent, spec.sidecar());
        int end = items.isEmpty() ? keyLine + 1 : items.get(items.size() - 1).end();
        if (!items.isEmpty()) {
            itemIndent = indentOf(lines.get(items.get(0).start()));
        }
        Set<Object> emitted = new LinkedHashSet<>();
        List<String> body = new ArrayList<>();
        int lastKept = -1;
        int i = keyLine + 1;
        int itemIdx = 0;
        while (i < end) {
            if (itemIdx < items.size() && items.get(itemIdx).start() == i) {
                Item it = items.get(itemIdx++);
                if (want.contains(it.value()) && emitted.add(it.value())) {
                    body.addAll(lines.subList(it.start(), it.end()));
                    lastKept = body.size();
                }
                i = it.end();
            } else {
                body.add(lines.get(i++)); // comments and blank lines between entries stay
            }
        }
        List<String> added = new ArrayList<>();
        for (T v : want) {
            if (emitted.add(v)) {
                added.add(" ".repeat(itemIndent) + "- " + format(v) + eol);
            }
        }
        if (lastKept < 0) {
            // no old entry stays: new ones go where the first old one was (after the comments
            // that introduced the list), or right under the key
            lastKept = items.isEmpty() ? 0 : Math.min(items.get(0).start() - keyLine - 1, body.size());
        }
        body.addAll(lastKept, added);
        boolean empty = emitted.isEmpty();
        out.add(keyText + (empty ? " []" : "") + (comment == null ? "" : " " + comment.trim()) + eol);
        out.addAll(body);
        out.addAll(lines.subList(end, lines.size()));
        return out;
    }

    private <T> List<String> insertSection(List<String> lines, SectionSpec<T> spec, List<T> want) {
        if (want.isEmpty()) {
            return lines;
        }
        List<String> out = new ArrayList<>(lines);
        if (!out.isEmpty() && !out.get(out.size() - 1).endsWith("\n")) {
            out.set(out.size() - 1, out.get(out.size() - 1) + "\n");
        }
        if (spec.parent() == null) {
            out.add(spec.key() + ":\n");
            want.forEach(v -> out.add("  - " + format(v) + "\n"));
            return out;
        }
        int parentLine = findKey(lines, null, spec.parent());
        if (parentLine < 0) {
            out.add(spec.parent() + ":\n");
            out.add("  " + spec.key() + ":\n");
            want.forEach(v -> out.add("    - " + format(v) + "\n"));
            return out;
        }
        int end = blockEnd(lines, parentLine, 0);
        int childIndent = 2;
        for (int i = parentLine + 1; i < end; i++) {
            if (!isBlankOrComment(lines.get(i))) {
                childIndent = indentOf(lines.get(i));
                break;
            }
        }
        List<String> section = new ArrayList<>();
        section.add(" ".repeat(childIndent) + spec.key() + ":\n");
        for (T v : want) {
            section.add(" ".repeat(childIndent + 2) + "- " + format(v) + "\n");
        }
        String parentText = stripEol(lines.get(parentLine));
        Matcher m = KEY.matcher(parentText);
        if (m.matches()) {
            String rest = m.group(3);
            String comment = trailingComment(rest);
            String value = (comment == null ? rest : rest.substring(0, rest.length() - comment.length())).trim();
            if (!value.isEmpty()) { // "function: {}" or "function: null"
                out.set(parentLine, spec.parent() + ":" + (comment == null ? "" : " " + comment.trim()) + "\n");
            }
        }
        out.addAll(end, section);
        return out;
    }

    /** The entries of the block list under the key at {@code keyLine}. */
    private List<Item> blockItems(List<String> lines, int keyLine, int keyIndent, boolean sidecar) {
        List<Item> items = new ArrayList<>();
        int i = keyLine + 1;
        while (i < lines.size()) {
            String l = lines.get(i);
            if (isBlankOrComment(l)) {
                i++;
                continue;
            }
            int ind = indentOf(l);
            String t = l.trim();
            if (ind < keyIndent || !(t.startsWith("- ") || t.equals("-")) || (ind == keyIndent && !t.startsWith("-"))) {
                break;
            }
            int start = i;
            int j = i + 1;
            int lastContent = i;
            while (j < lines.size()) {
                String c = lines.get(j);
                if (isBlankOrComment(c)) {
                    j++;
                    continue;
                }
                if (indentOf(c) > ind) {
                    lastContent = j;
                    j++;
                    continue;
                }
                break;
            }
            int end = lastContent + 1;
            items.add(new Item(start, end, parseItem(lines.subList(start, end), ind, sidecar)));
            i = end;
        }
        return items;
    }

    private Object parseItem(List<String> itemLines, int indent, boolean sidecar) {
        StringBuilder sb = new StringBuilder();
        for (String l : itemLines) {
            sb.append(l.length() >= indent ? l.substring(Math.min(indent, indentOf(l))) : l.trim());
            if (!l.endsWith("\n")) {
                sb.append('\n');
            }
        }
        try {
            JsonNode n = YAML.readTree(sb.toString());
            JsonNode v = n != null && n.isArray() && n.size() == 1 ? n.get(0) : null;
            if (v == null) {
                return null;
            }
            if (sidecar) {
                return v.isObject() && v.has("function") && v.has("file")
                        ? new SidecarEntry(v.get("function").asText(), v.get("file").asText()) : null;
            }
            return v.isValueNode() ? v.asText().trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private List<Object> parseFlow(String flow, boolean sidecar) {
        try {
            JsonNode n = YAML.readTree("x: " + flow).get("x");
            List<Object> out = new ArrayList<>();
            if (n != null && n.isArray()) {
                for (JsonNode v : n) {
                    if (sidecar && v.isObject() && v.has("function") && v.has("file")) {
                        out.add(new SidecarEntry(v.get("function").asText(), v.get("file").asText()));
                    } else if (!sidecar && v.isValueNode()) {
                        out.add(v.asText().trim());
                    }
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    // ---- finding keys in the text ----

    /** Line of {@code key} at the top level ({@code parent} null) or as a child of {@code parent}; -1 if absent. */
    private static int findKey(List<String> lines, String parent, String key) {
        if (parent == null) {
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = KEY.matcher(stripEol(lines.get(i)));
                if (m.matches() && m.group(1).isEmpty() && m.group(2).equals(key)) {
                    return i;
                }
            }
            return -1;
        }
        int p = findKey(lines, null, parent);
        if (p < 0) {
            return -1;
        }
        int end = blockEnd(lines, p, 0);
        int childIndent = -1;
        for (int i = p + 1; i < end; i++) {
            String l = lines.get(i);
            if (isBlankOrComment(l)) {
                continue;
            }
            int ind = indentOf(l);
            if (childIndent < 0) {
                childIndent = ind;
            }
            Matcher m = KEY.matcher(stripEol(l));
            if (ind == childIndent && m.matches() && m.group(2).equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The line after the block of the key at {@code keyLine} (whose indentation is {@code indent}). */
    private static int blockEnd(List<String> lines, int keyLine, int indent) {
        int last = keyLine;
        for (int i = keyLine + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (isBlankOrComment(l)) {
                continue;
            }
            if (indentOf(l) <= indent && !(indentOf(l) == indent && l.trim().startsWith("-") && indent > 0)) {
                break;
            }
            last = i;
        }
        return last + 1;
    }

    // ---- text helpers ----

    private static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    private static String stripEol(String l) {
        int n = l.length();
        while (n > 0 && (l.charAt(n - 1) == '\n' || l.charAt(n - 1) == '\r')) {
            n--;
        }
        return l.substring(0, n);
    }

    private static String eolOf(String l) {
        return l.endsWith("\r\n") ? "\r\n" : "\n";
    }

    private static int indentOf(String l) {
        int i = 0;
        while (i < l.length() && l.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static boolean isBlankOrComment(String l) {
        String t = l.trim();
        return t.isEmpty() || t.startsWith("#");
    }

    /** The {@code # comment} ending a line's value (outside quotes), or null. */
    private static String trailingComment(String rest) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(rest.charAt(i - 1)))) {
                int s = i;
                while (s > 0 && Character.isWhitespace(rest.charAt(s - 1))) {
                    s--;
                }
                return rest.substring(s);
            }
        }
        return null;
    }

    /** An entry as YAML: a plain scalar when it reads back as the same string, else quoted. */
    static String format(Object v) {
        if (v instanceof SidecarEntry s) {
            return "{function: " + scalar(s.function()) + ", file: " + scalar(s.file()) + "}";
        }
        return scalar(Objects.toString(v));
    }

    private static String scalar(String s) {
        if (PLAIN.matcher(s).matches() && !YAML_WORDS.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "''") + "'";
    }
}
