package org.foosched.analysis.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code boundary.yaml}. Every problem is reported with its line, all at
 * once, so the user fixes the file in one pass: malformed YAML, unknown keys, wrong shapes,
 * names that cannot be C identifiers, duplicates and contradictions. Whether the names exist
 * in a particular kernel is checked later against the collected facts
 * ({@link ConfigChecker}).
 *
 * <pre>
 * units:            [kernel/sched/core.c, ...]     # what the collector compiles
 * mod_files:        [kernel/sched/core.c, ...]     # the scheduler module's sources
 * interface_prefix: [__x64_sys_, ...]
 * function:
 *   interface:      [try_to_wake_up, ...]
 *   outsider:       [__cond_resched, ...]      # stay vmlinux's even if called or pointed to
 * data:                                           # the seed calls this global_var
 *   extra_public:   [...]
 *   force_private:  [...]
 *   critical:       [...]
 * sidecar:
 *   - {function: cpuacct_charge, file: kernel/sched/cpuacct.c}
 * </pre>
 */
public final class BoundaryConfigLoader {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SOURCE_PATH = Pattern.compile("[A-Za-z0-9_.+-]+(/[A-Za-z0-9_.+-]+)*\\.[ch]");
    private static final Set<String> TOP_KEYS =
            Set.of("units", "mod_files", "interface_prefix", "function", "data", "global_var", "sidecar");
    private static final Set<String> FUNCTION_KEYS = Set.of("interface", "outsider");
    private static final Set<String> DATA_KEYS = Set.of("extra_public", "force_private", "critical");
    private static final Set<String> SIDECAR_KEYS = Set.of("function", "file");

    private final YAMLFactory yaml = new YAMLFactory();

    public BoundaryConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 0, "no such file")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 0, "cannot read: " + e.getMessage())));
        }
        return parse(file, text);
    }

    public BoundaryConfig parse(Path file, String text) {
        List<ConfigProblem> problems = new ArrayList<>();
        Node root;
        try (JsonParser p = yaml.createParser(text)) {
            JsonToken first = p.nextToken();
            root = first == null ? null : readNode(p);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(List.of(new ConfigProblem(file, line,
                    "malformed YAML: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 0, "cannot read: " + e.getMessage())));
        }
        if (!(root instanceof MapNode top)) {
            throw new ConfigException(List.of(new ConfigProblem(file, root == null ? 1 : root.line(),
                    "expected a mapping with the keys " + String.join(", ", sorted(TOP_KEYS)))));
        }
        Reader r = new Reader(file, problems);
        r.checkKeys(top, TOP_KEYS, "");
        List<Located<String>> units = r.paths(top, "units", true);
        List<Located<String>> modFiles = r.paths(top, "mod_files", false);
        List<Located<String>> prefixes = r.strings(top.get("interface_prefix"), "interface_prefix", false);
        List<Located<String>> interfaces = List.of();
        List<Located<String>> outsiders = List.of();
        Node fn = top.get("function");
        if (fn != null) {
            if (fn instanceof MapNode m) {
                r.checkKeys(m, FUNCTION_KEYS, "function.");
                interfaces = r.strings(m.get("interface"), "function.interface", true);
                outsiders = r.strings(m.get("outsider"), "function.outsider", true);
            } else if (!(fn instanceof NullNode)) {
                r.problem(fn.line(), "'function' must be a mapping with the keys 'interface' and 'outsider'");
            }
        }
        for (Located<String> o : outsiders) {
            interfaces.stream().filter(i -> i.value().equals(o.value())).findFirst().ifPresent(i ->
                    r.problem(o.line(), "function '" + o.value() + "' is both an interface (line " + i.line()
                            + ") and an outsider; keep one"));
        }
        if (top.get("data") != null && top.get("global_var") != null) {
            r.problem(top.line("global_var"), "'global_var' and 'data' are the same section; keep one");
        }
        String dataKey = top.get("data") != null ? "data" : "global_var";
        List<Located<String>> extraPublic = List.of();
        List<Located<String>> forcePrivate = List.of();
        List<Located<String>> critical = List.of();
        Node data = top.get(dataKey);
        if (data instanceof MapNode m) {
            r.checkKeys(m, DATA_KEYS, dataKey + ".");
            extraPublic = r.strings(m.get("extra_public"), dataKey + ".extra_public", true);
            forcePrivate = r.strings(m.get("force_private"), dataKey + ".force_private", true);
            critical = r.strings(m.get("critical"), dataKey + ".critical", true);
        } else if (data != null && !(data instanceof NullNode)) {
            r.problem(data.line(), "'" + dataKey + "' must be a mapping with the keys " + String.join(", ", sorted(DATA_KEYS)));
        }
        for (Located<String> v : extraPublic) {
            forcePrivate.stream().filter(o -> o.value().equals(v.value())).findFirst().ifPresent(o ->
                    r.problem(o.line(), "variable '" + v.value() + "' is both extra_public (line " + v.line()
                            + ") and force_private; keep one"));
        }
        List<Located<SidecarEntry>> sidecar = r.sidecar(top.get("sidecar"));
        for (Located<String> u : modFiles) {
            if (u.value().endsWith(".c") && !u.value().startsWith("kernel/")) {
                r.problem(u.line(), "mod_files entry '" + u.value() + "' is outside kernel/");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new BoundaryConfig(file, units, modFiles, prefixes, interfaces, outsiders, extraPublic, forcePrivate,
                critical, sidecar);
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    // ---- a tiny YAML tree that remembers lines ----

    private sealed interface Node permits MapNode, ListNode, ScalarNode, NullNode {
        int line();
    }

    private record MapNode(int line, Map<String, Node> entries, Map<String, Integer> keyLines) implements Node {
        Node get(String key) {
            return entries.get(key);
        }

        int line(String key) {
            return keyLines.getOrDefault(key, line);
        }
    }

    private record ListNode(int line, List<Node> items) implements Node {
    }

    private record ScalarNode(int line, String text) implements Node {
    }

    private record NullNode(int line) implements Node {
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    private static Node readNode(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        int line = line(p);
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Integer> lines = new HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    p.nextToken();
                    Node value = readNode(p);
                    if (entries.containsKey(key)) {
                        throw new DuplicateKey(key, keyLine, lines.get(key));
                    }
                    entries.put(key, value);
                    lines.put(key, keyLine);
                }
                return new MapNode(line, entries, lines);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readNode(p));
                }
                return new ListNode(line, items);
            }
            case VALUE_NULL -> {
                return new NullNode(line);
            }
            default -> {
                return new ScalarNode(line, p.getText());
            }
        }
    }

    /** Thrown while reading; turned into a problem by {@link #parse}. */
    private static final class DuplicateKey extends JsonProcessingException {
        private static final long serialVersionUID = 1L;

        DuplicateKey(String key, int line, int first) {
            super("key '" + key + "' appears twice (first at line " + first + ")",
                    new com.fasterxml.jackson.core.JsonLocation(
                    com.fasterxml.jackson.core.io.ContentReference.unknown(), -1L, line, 1));
        }
    }

    /** Reads sections of the tree, collecting problems rather than stopping at the first. */
    private static final class Reader {
        private final Path file;
        private final List<ConfigProblem> problems;

        Reader(Path file, List<ConfigProblem> problems) {
            this.file = file;
            this.problems = problems;
        }

        void problem(int line, String message) {
            problems.add(new ConfigProblem(file, line, message));
        }

        void checkKeys(MapNode map, Set<String> known, String prefix) {
            for (String key : map.entries().keySet()) {
                if (!known.contains(key)) {
                    problem(map.line(key), "unknown key '" + prefix + key + "' (known: "
                            + String.join(", ", sorted(known)) + ")");
                }
            }
        }

        List<Located<String>> strings(Node node, String what, boolean identifiers) {
            List<Located<String>> out = new ArrayList<>();
            if (node == null || node instanceof NullNode) {
                return out;
            }
            if (!(node instanceof ListNode list)) {
                problem(node.line(), "'" + what + "' must be a list");
                return out;
            }
            Map<String, Integer> seen = new HashMap<>();
            for (Node item : list.items()) {
                if (!(item instanceof ScalarNode s)) {
                    problem(item.line(), "'" + what + "' entries must be plain names");
                    continue;
                }
                String v = s.text().trim();
                if (identifiers && !IDENTIFIER.matcher(v).matches()) {
                    problem(s.line(), "'" + v + "' in " + what + " is not a C identifier");
                    continue;
                }
                Integer first = seen.putIfAbsent(v, s.line());
                if (first != null) {
                    problem(s.line(), "'" + v + "' is listed twice in " + what + " (first at line " + first + ")");
                    continue;
                }
                out.add(new Located<>(v, s.line()));
            }
            return out;
        }

        List<Located<String>> paths(MapNode top, String key, boolean sourcesOnly) {
            Node node = top.get(key);
            if (node == null) {
                problem(top.line(), "missing key '" + key + "'");
                return List.of();
            }
            List<Located<String>> out = strings(node, key, false);
            out.removeIf(l -> {
                if (!SOURCE_PATH.matcher(l.value()).matches() || l.value().contains("..")
                        || (sourcesOnly && !l.value().endsWith(".c"))) {
                    problem(l.line(), "'" + l.value() + "' in " + key + " is not a kernel source path like "
                            + (sourcesOnly ? "kernel/sched/core.c" : "kernel/sched/core.c or kernel/sched/sched.h"));
                    return true;
                }
                return false;
            });
            return out;
        }

        List<Located<SidecarEntry>> sidecar(Node node) {
            List<Located<SidecarEntry>> out = new ArrayList<>();
            if (node == null || node instanceof NullNode) {
                return out;
            }
            if (!(node instanceof ListNode list)) {
                problem(node.line(), "'sidecar' must be a list of {function: NAME, file: PATH}");
                return out;
            }
            for (Node item : list.items()) {
                if (!(item instanceof MapNode m)) {
                    problem(item.line(), "a sidecar entry must be {function: NAME, file: PATH}");
                    continue;
                }
                checkKeys(m, SIDECAR_KEYS, "sidecar.");
                String fn = m.get("function") instanceof ScalarNode s ? s.text() : null;
                String f = m.get("file") instanceof ScalarNode s ? s.text() : null;
                if (fn == null || !IDENTIFIER.matcher(fn).matches()) {
                    problem(m.line(), "a sidecar entry needs 'function' (a C identifier)");
                } else if (f == null || !SOURCE_PATH.matcher(f).matches() || !f.endsWith(".c")) {
                    problem(m.line(), "sidecar '" + fn + "' needs 'file' (a .c path like kernel/sched/cpuacct.c)");
                } else {
                    out.add(new Located<>(new SidecarEntry(fn, f), m.line()));
                }
            }
            return out;
        }
    }
}
