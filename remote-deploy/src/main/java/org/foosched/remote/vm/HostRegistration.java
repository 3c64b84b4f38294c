package org.foosched.remote.vm;

import org.foosched.remote.hosts.Host;
import org.foosched.remote.hosts.HostInventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Enters started VMs into the host inventory and takes stopped ones out. Each change is a
 * load-modify-save under a lock (a file lock beside the inventory for other processes, and a
 * JVM lock for threads), so VMs started at the same time do not lose each other's entries.
 */
public final class HostRegistration {

    /** The inventory group of test VMs. */
    public static final String GROUP = "vm";

    private static final ReentrantLock JVM_LOCK = new ReentrantLock();

    private final Path inventoryFile;

    public HostRegistration(Path inventoryFile) {
        this.inventoryFile = inventoryFile;
    }

    public Path inventoryFile() {
        return inventoryFile;
    }

    /** The inventory entry of a VM reached on 127.0.0.1:port. */
    public static Host hostFor(String name, int port, Path identity, String knownHostsLine) {
        return new Host(name, "127.0.0.1", port, "root", identity.toString(), knownHostsLine, List.of(GROUP));
    }

    public void register(Host host) {
        update(inv -> inv.put(host));
    }

    /** Removes {@code name} if it is still the VM entry on {@code port} (a hand-edited entry stays). */
    public void unregister(String name, int port) {
        update(inv -> inv.find(name)
                .filter(h -> h.port() == port && "127.0.0.1".equals(h.address()) && h.groups().contains(GROUP))
                .ifPresent(h -> inv.remove(name)));
    }

    private void update(Consumer<HostInventory> change) {
        JVM_LOCK.lock();
        try {
            Path lock = inventoryFile.toAbsolutePath().resolveSibling("." + inventoryFile.getFileName() + ".lock");
            Files.createDirectories(lock.getParent());
            try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                HostInventory inv = HostInventory.load(inventoryFile);
                change.accept(inv);
                inv.save();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the host inventory " + inventoryFile, e);
        } finally {
            JVM_LOCK.unlock();
        }
    }
}
