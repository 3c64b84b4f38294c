package org.foosched.remote.hosts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host inventory, a YAML file (default {@code ~/.config/foosched/hosts.yaml}):
 * <pre>
 * hosts:
 *   testbed:
 *     address: 127.0.0.1
 *     port: 10022
 *     user: root
 *     identity_file: /root/.cache/foosched/testbed/id_ed25519
 *     known_hosts: "[127.0.0.1]:10022 ssh-ed25519 AAAA..."
 *     groups: [vm]
 * </pre>
 * Saved atomically (temporary file, then rename), so a crash never leaves half a file.
 */
public final class HostInventory {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final Path file;
    private final Map<String, Host> hosts;

    private HostInventory(Path file, Map<String, Host> hosts) {
        this.file = file;
        this.hosts = hosts;
    }

    public static Path defaultFile() {
        String override = System.getenv("FOOSCHED_HOSTS");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return Path.of(System.getProperty("user.home"), ".config", "foosched", "hosts.yaml");
    }

    /** Loads the inventory; a missing file is an empty inventory. */
    public static HostInventory load(Path file) {
        Map<String, Host> hosts = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try {
                FileModel model = YAML.readValue(file.toFile(), FileModel.class);
                if (model != null && model.hosts != null) {
                    model.hosts.forEach((name, e) -> hosts.put(name, e.toHost(name)));
                }
            } catch (JsonProcessingException e) {
                throw new InventoryException(file + ": " + e.getOriginalMessage()
                        + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")
                        + "; fix or remove the file");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (IllegalArgumentException e) {
                throw new InventoryException(file + ": " + e.getMessage());
            }
        }
        return new HostInventory(file, hosts);
    }

    public Path file() {
        return file;
    }

    public List<Host> hosts() {
        return List.copyOf(hosts.values());
    }

    public Optional<Host> find(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    /** The host of that name, or an error that lists the known names. */
    public Host require(String name) {
        Host h = hosts.get(name);
        if (h == null) {
            throw new InventoryException("no host named '" + name + "' in " + file
                    + (hosts.isEmpty() ? " (the inventory is empty; 'foosched vm start' adds 'testbed')"
                    : " (known: " + String.join(", ", hosts.keySet()) + ")"));
        }
        return h;
    }

    public void put(Host host) {
        hosts.put(host.name(), host);
    }

    public boolean remove(String name) {
        return hosts.remove(name) != null;
    }

    public void save() {
        FileModel model = new FileModel();
        model.hosts = new LinkedHashMap<>();
        hosts.forEach((name, h) -> model.hosts.put(name, Entry.of(h)));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".hosts", ".yaml.tmp");
            try {
                YAML.writeValue(tmp.toFile(), model);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the host inventory " + file, e);
        }
    }

    /** A malformed inventory or an unknown host; the message says what to do. */
    public static final class InventoryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InventoryException(String message) {
            super(message);
        }
    }

    static final class FileModel {
        public Map<String, Entry> hosts;
    }

    static final class Entry {
        public String address;
        public Integer port;
        public String user;
        public String identity_file;
        public String known_hosts;
        public List<String> groups;

        static Entry of(Host h) {
            Entry e = new Entry();
            e.address = h.address();
            e.port = h.port();
            e.user = h.user();
            e.identity_file = h.identityFile();
            e.known_hosts = h.knownHosts();
            e.groups = h.groups().isEmpty() ? null : new ArrayList<>(h.groups());
            return e;
        }

        Host toHost(String name) {
            return new Host(name, address, port == null ? 22 : port, user, identity_file, known_hosts, groups);
        }
    }
}
