package org.foosched.remote.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process TCP proxy in front of an SSH server that a test can break on purpose: cut every
 * connection now, cut once a number of bytes went upstream, or freeze (stop forwarding while
 * keeping the sockets open, like a host that vanished without a reset).
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong upstream = new AtomicLong();
    private final AtomicLong cutAfterUpstream = new AtomicLong(Long.MAX_VALUE);
    private final AtomicBoolean frozen = new AtomicBoolean();
    private final AtomicLong cuts = new AtomicLong();
    private final AtomicBoolean refusing = new AtomicBoolean();

    public CuttableProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Thread t = new Thread(this::acceptLoop, "proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Bytes sent from clients to the server so far, over all connections. */
    public long upstreamBytes() {
        return upstream.get();
    }

    /** Cuts all connections once the upstream byte count passes {@code bytes} (counted from now). */
    public void cutAfterUpstreamBytes(long bytes) {
        cutAfterUpstream.set(upstream.get() + bytes);
    }

    /** Stops cutting: forwards normally again for new connections. */
    public void heal() {
        cutAfterUpstream.set(Long.MAX_VALUE);
        frozen.set(false);
        refusing.set(false);
    }

    /** Accepts new connections only to close them at once, like a forwarded port with nobody behind it. */
    public void refuseNew() {
        refusing.set(true);
    }

    public void freeze() {
        frozen.set(true);
    }

    public long cuts() {
        return cuts.get();
    }

    /** Resets every connection now (RST, as when a host or link dies). */
    public void cutAll() {
        cuts.incrementAndGet();
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
        open.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refusing.get()) {
                    closeQuietly(client);
                    continue;
                }
                Socket target = new Socket();
                target.connect(new InetSocketAddress(targetHost, targetPort), 5000);
                open.add(client);
                open.add(target);
                forward(client, target, true);
                forward(target, client, false);
            } catch (IOException e) {
                // server closed, or the target refused: the client sees its socket closed
            }
        }
    }

    private void forward(Socket from, Socket to, boolean isUpstream) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    while (frozen.get() && !from.isClosed()) {
                        SshdFixture.sleep(50);
                    }
                    if (isUpstream && upstream.addAndGet(n) > cutAfterUpstream.get()) {
                        cutAll();
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-forward");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // ignore
        }
    }

    @Override
    public void close() {
        cutAll();
        try {
            server.close();
        } catch (IOException e) {
            // ignore
        }
    }
}
