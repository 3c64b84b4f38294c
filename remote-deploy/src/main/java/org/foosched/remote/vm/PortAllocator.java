package org.foosched.remote.vm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Picks a free TCP port on 127.0.0.1 for a VM's SSH forward. The kernel chooses an ephemeral
 * port (bind to port 0); ports other VMs have recorded are skipped even when momentarily free
 * (a stopped-but-not-cleaned VM). QEMU may still lose a race for the port; the caller retries
 * with a new one when QEMU cannot set up the forward.
 */
public final class PortAllocator {

    private static final int ATTEMPTS = 50;

    private final PortSource source;

    /** Where candidate ports come from; the real one binds port 0 on 127.0.0.1. */
    @FunctionalInterface
    public interface PortSource {
        int nextCandidate() throws IOException;
    }

    public PortAllocator() {
        this(PortAllocator::ephemeralPort);
    }

    public PortAllocator(PortSource source) {
        this.source = source;
    }

    /** A port that is bindable now and not in {@code reserved}. */
    public int allocate(Set<Integer> reserved) {
        return allocate(reserved, PortAllocator::isFree);
    }

    int allocate(Set<Integer> reserved, IntPredicate isFree) {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port;
            try {
                port = source.nextCandidate();
            } catch (IOException e) {
                throw new VmException("cannot find a free TCP port on 127.0.0.1: " + e.getMessage(), e);
            }
            if (port > 0 && port <= 65535 && !reserved.contains(port) && isFree.test(port)) {
                return port;
            }
        }
        throw new VmException("no free TCP port on 127.0.0.1 after " + ATTEMPTS + " tries (reserved: " + reserved + ")");
    }

    /** True when a listening socket could be bound to 127.0.0.1:port right now. */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int ephemeralPort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }
}
