package org.foosched.remote.ssh;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import org.foosched.analysis.progress.Progress;
import org.foosched.remote.hosts.Host;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An authenticated SSH connection to one host: remote commands with streamed output, exit
 * codes and timeouts, and verified uploads ({@link SftpUploader}). Not thread-safe for
 * concurrent commands; one operation at a time.
 */
public final class SshSession implements AutoCloseable {

    /** Output kept in {@link ExecResult} per stream; listeners still see every line. */
    static final int CAPTURE_LIMIT = 4 << 20;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Host host;
    private final Session session;
    private final SshOptions options;

    SshSession(Host host, Session session, SshOptions options) {
        this.host = host;
        this.session = session;
        this.options = options;
    }

    public Host host() {
        return host;
    }

    public SshOptions options() {
        return options;
    }

    public boolean isConnected() {
        return session.isConnected();
    }

    /** Runs a plain script with the default timeout, capturing its output. */
    public ExecResult run(String script) {
        return run(RemoteCommand.of(script));
    }

    public ExecResult run(RemoteCommand command) {
        return run(command, OutputListener.NONE, options.commandTimeout(), Progress.NONE);
    }

    /**
     * Runs a command and waits for it. Output reaches {@code listener} line by line as it
     * arrives. When {@code timeout} passes or {@code progress} is cancelled, the remote process
     * group is stopped (TERM, then KILL) and an {@link SshException} (TIMEOUT or CANCELLED) says
     * so. A connection that drops meanwhile is reported as CONNECTION_LOST: the command's outcome
     * is then unknown.
     */
    public ExecResult run(RemoteCommand command, OutputListener listener, Duration timeout, Progress progress) {
        long started = System.nanoTime();
        ChannelExec channel = openExec(command);
        AtomicLong remotePid = new AtomicLong(-1);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Thread outPump;
        Thread errPump;
        try {
            InputStream stdout = channel.getInputStream();
            InputStream stderr = channel.getExtInputStream();
            channel.connect(millis(options.connectTimeout()));
            outPump = pump(stdout, line -> {
                append(out, line);
                listener.line(OutputListener.Stream.STDOUT, line);
            });
            errPump = pump(stderr, line -> {
                if (remotePid.get() < 0 && line.startsWith(RemoteCommand.PID_MARKER + " ")) {
                    remotePid.set(parsePid(line));
                    return;
                }
                append(err, line);
                listener.line(OutputListener.Stream.STDERR, line);
            });
        } catch (IOException | JSchException e) {
            channel.disconnect();
            throw failure(command, "starting", e);
        }

        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!channel.isClosed() && session.isConnected()) {
                if (progress.isCancelled()) {
                    String how = stop(channel, remotePid.get(), command.privileged());
                    throw new SshException(SshException.Reason.CANCELLED,
                            "cancelled '" + command.label() + "' on " + SshConnector.describe(host) + "; " + how);
                }
                if (System.nanoTime() - deadline > 0) {
                    String how = stop(channel, remotePid.get(), command.privileged());
                    throw new SshException(SshException.Reason.TIMEOUT, "'" + command.label() + "' on "
                            + SshConnector.describe(host) + " did not finish within " + seconds(timeout) + "; " + how);
                }
                Thread.sleep(20);
            }
            join(outPump);
            join(errPump);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(channel, remotePid.get(), command.privileged());
            throw new SshException(SshException.Reason.CANCELLED, "interrupted while running '" + command.label()
                    + "' on " + SshConnector.describe(host));
        }
        int exit = channel.getExitStatus();
        channel.disconnect();
        if (exit < 0 && !session.isConnected()) {
            throw connectionLost("running '" + command.label() + "'; its outcome on the host is unknown");
        }
        return new ExecResult(exit, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Uploads a file to {@code remotePath}, verified by size and SHA-256 before it takes the
     * final name; see {@link SftpUploader}.
     */
    public SftpUploader.Result upload(java.nio.file.Path local, String remotePath, Progress progress) {
        return new SftpUploader(this).upload(local, remotePath, progress);
    }

    Session jschSession() {
        return session;
    }

    SshException connectionLost(String during) {
        return new SshException(SshException.Reason.CONNECTION_LOST, "the connection to "
                + SshConnector.describe(host) + " dropped while " + during);
    }

    private ChannelExec openExec(RemoteCommand command) {
        try {
            ChannelExec channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command.commandLine(host.user()));
            // no input: the remote side reads end-of-file at once instead of waiting for us
            channel.setInputStream(new ByteArrayInputStream(new byte[0]));
            return channel;
        } catch (JSchException e) {
            throw failure(command, "starting", e);
        }
    }

    private SshException failure(RemoteCommand command, String what, Exception e) {
        if (!session.isConnected()) {
            return connectionLost(what + " '" + command.label() + "'");
        }
        return new SshException(SshException.Reason.CONNECTION_LOST, "cannot run '" + command.label() + "' on "
                + SshConnector.describe(host) + ": " + e.getMessage(), e);
    }

    /** Stops the remote command's process group and closes the channel; says what was done. */
    private String stop(Channel channel, long pid, boolean privileged) {
        try {
            if (pid > 0 && session.isConnected()) {
                try {
                    run(RemoteCommand.killGroup(pid, privileged), OutputListener.NONE, STOP_TIMEOUT, Progress.NONE);
                    return "stopped it (remote process group " + pid + " terminated)";
                } catch (SshException e) {
                    return "could not stop the remote process " + pid + ": " + e.getMessage();
                }
            }
            return "closed the channel (the remote process may still run)";
        } finally {
            channel.disconnect();
        }
    }

    private static Thread pump(InputStream in, Consumer<String> onLine) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // the channel closed under us (session dropped); run() reports that
            }
        }, "ssh-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) throws InterruptedException {
        t.join(5000);
    }

    private static void append(StringBuilder sb, String line) {
        synchronized (sb) {
            if (sb.length() < CAPTURE_LIMIT) {
                sb.append(line).append('\n');
            }
        }
    }

    private static long parsePid(String line) {
        try {
            return Long.parseLong(line.substring(RemoteCommand.PID_MARKER.length()).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    @Override
    public void close() {
        session.disconnect();
    }
}
