package org.foosched.remote.vm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tails a VM's {@code console.log} on a daemon thread and reports kernel failures
 * ({@link ConsoleScanner}) and lines to a listener. When the console goes quiet, an event
 * still collecting its after-lines is reported anyway (a panicked guest prints nothing more).
 * A replaced file (a new run) is read from its start. {@link #close()} stops the thread.
 */
public final class ConsoleWatcher implements AutoCloseable {

    private static final long POLL_MS = 100;
    private static final long QUIET_FLUSH_MS = 1000;

    private final Path file;
    private final ConsoleListener listener;
    private final List<ConsoleEvent> events = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long linesRead;

    private ConsoleWatcher(Path file, ConsoleListener listener, String name) {
        this.file = file;
        this.listener = Objects.requireNonNull(listener);
        this.thread = new Thread(this::run, "console-watcher-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts watching {@code file} from its beginning (earlier failures are reported too). */
    public static ConsoleWatcher start(Path file, ConsoleListener listener) {
        ConsoleWatcher w = new ConsoleWatcher(file, listener, String.valueOf(file.getParent().getFileName()));
        w.thread.start();
        return w;
    }

    /** The events reported so far. */
    public List<ConsoleEvent> events() {
        return List.copyOf(events);
    }

    public long linesRead() {
        return linesRead;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Object fileKey = null;
        long offset = 0;
        long lastData = System.currentTimeMillis();
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        ConsoleScanner scanner = newScanner();
        byte[] buf = new byte[64 * 1024];
        while (running) {
            try {
                BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
                if (fileKey != null && (!fileKey.equals(attrs.fileKey()) || attrs.size() < offset)) {
                    scanner.flush();
                    scanner = newScanner();
                    offset = 0;
                    partial.reset();
                }
                fileKey = attrs.fileKey();
                if (attrs.size() > offset) {
                    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                        raf.seek(offset);
                        int n;
                        while ((n = raf.read(buf)) > 0) {
                            offset += n;
                            for (int i = 0; i < n; i++) {
                                if (buf[i] == '\n') {
                                    String line = partial.toString(StandardCharsets.ISO_8859_1);
                                    partial.reset();
                                    deliver(scanner, line);
                                } else {
                                    partial.write(buf[i]);
                                }
                            }
                        }
                    }
                    lastData = System.currentTimeMillis();
                } else if (scanner.hasPending() && System.currentTimeMillis() - lastData > QUIET_FLUSH_MS) {
                    scanner.flush();
                }
            } catch (NoSuchFileException e) {
                // not created yet, or between runs
            } catch (IOException e) {
                // transient (the file is being replaced); try again on the next poll
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    private void deliver(ConsoleScanner scanner, String line) {
        linesRead++;
        listener.onLine(ConsoleScanner.stripCarriageReturns(line));
        scanner.accept(line);
    }

    private ConsoleScanner newScanner() {
        return new ConsoleScanner(e -> {
            events.add(e);
            listener.onEvent(e);
        });
    }
}
