package org.foosched.remote.deploy;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.OutputListener;
import org.foosched.remote.ssh.SshConnector;
import org.foosched.remote.ssh.SshException;
import org.foosched.remote.ssh.SshSession;

/**
 * The session of one deploy or rollback, replaced by a fresh one when the connection drops
 * while a detached operation runs on the host.
 */
final class ConnectionHolder implements AutoCloseable {

    private final SshConnector connector;
    private final Host host;
    private final DeploySettings settings;
    private final Progress progress;
    private SshSession session;

    ConnectionHolder(SshConnector connector, Host host, DeploySettings settings, Progress progress) {
        this.connector = connector;
        this.host = host;
        this.settings = settings;
        this.progress = progress;
        this.session = connector.connect(host);
    }

    SshSession session() {
        return session;
    }

    /**
     * Waits for a detached operation; when the connection drops, reconnects (up to the
     * configured attempts) and goes on waiting: the operation itself never stopped.
     */
    RemoteOperation.Outcome await(String id, String what) {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        OutputListener echo = (stream, line) -> {
            if (stream == OutputListener.Stream.STDOUT) {
                seen.add(line);
            }
            progress.log(host.name() + "| " + line);
        };
        SshException lastDrop = null;
        int attempt = 0;
        while (true) {
            if (session != null && session.isConnected()) {
                try {
                    // after a reconnect, only the lines not seen yet
                    RemoteOperation.Outcome done = RemoteOperation.await(session, id, settings.operationTimeout(), echo,
                            progress, seen.size());
                    return new RemoteOperation.Outcome(done.exitCode(), java.util.List.copyOf(seen));
                } catch (SshException e) {
                    if (e.reason() == SshException.Reason.TIMEOUT) {
                        throw new DeployException(DeployException.Reason.OUTCOME_UNKNOWN, "'" + what + "' on host "
                                + host.name() + " did not finish within " + settings.operationTimeout().toSeconds()
                                + " s; it goes on running there — foosched status --host " + host.name()
                                + " shows how it ends", e);
                    }
                    if (e.reason() != SshException.Reason.CONNECTION_LOST) {
                        throw e;
                    }
                    lastDrop = e;
                }
            }
            if (++attempt > settings.reconnectAttempts()) {
                throw new DeployException(DeployException.Reason.OUTCOME_UNKNOWN, "the connection to "
                        + SshConnector.describe(host) + " dropped during '" + what + "' and could not be re-established ("
                        + settings.reconnectAttempts() + " attempts; last: " + (lastDrop == null ? "?" : lastDrop.getMessage())
                        + "); the operation goes on on the host and records its outcome — run foosched status --host "
                        + host.name() + " to learn it; re-running is safe", lastDrop);
            }
            progress.log("the connection to " + host.name() + " dropped during '" + what + "'; reconnecting (attempt "
                    + attempt + " of " + settings.reconnectAttempts() + ")");
            sleep();
            try {
                if (session != null) {
                    session.close();
                }
                session = connector.connect(host);
            } catch (SshException e) {
                if (e.reason() == SshException.Reason.HOST_KEY_CHANGED || e.reason() == SshException.Reason.HOST_KEY_UNKNOWN) {
                    throw e;
                }
                lastDrop = e;
                session = null;
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(settings.reconnectDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SshException(SshException.Reason.CANCELLED, "interrupted while reconnecting to " + host.name());
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }
}
