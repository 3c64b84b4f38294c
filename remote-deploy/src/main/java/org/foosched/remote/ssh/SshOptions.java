package org.foosched.remote.ssh;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Connection settings that are not part of a host's inventory entry.
 *
 * @param connectTimeout    TCP connect plus SSH handshake and authentication
 * @param commandTimeout    default limit for one remote command
 * @param keepAliveInterval how often to probe an idle connection (OpenSSH's ServerAliveInterval)
 * @param keepAliveCountMax unanswered probes before the connection counts as dropped
 * @param agentSocket       the SSH agent's socket for hosts without an identity file; {@code null}
 *                          means none available
 */
public record SshOptions(Duration connectTimeout, Duration commandTimeout, Duration keepAliveInterval,
                         int keepAliveCountMax, Path agentSocket) {

    public SshOptions {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("command timeout must be positive");
        }
        if (keepAliveCountMax < 1) {
            throw new IllegalArgumentException("keep-alive count must be at least 1");
        }
    }

    /** 15 s to connect, 120 s per command, keep-alive every 10 s (3 misses = dropped), agent from SSH_AUTH_SOCK. */
    public static SshOptions defaults() {
        String sock = System.getenv("SSH_AUTH_SOCK");
        return new SshOptions(Duration.ofSeconds(15), Duration.ofSeconds(120), Duration.ofSeconds(10), 3,
                sock == null || sock.isBlank() ? null : Path.of(sock));
    }

    public SshOptions withConnectTimeout(Duration d) {
        return new SshOptions(d, commandTimeout, keepAliveInterval, keepAliveCountMax, agentSocket);
    }

    public SshOptions withCommandTimeout(Duration d) {
        return new SshOptions(connectTimeout, d, keepAliveInterval, keepAliveCountMax, agentSocket);
    }

    public SshOptions withKeepAlive(Duration interval, int countMax) {
        return new SshOptions(connectTimeout, commandTimeout, interval, countMax, agentSocket);
    }

    public SshOptions withAgentSocket(Path socket) {
        return new SshOptions(connectTimeout, commandTimeout, keepAliveInterval, keepAliveCountMax, socket);
    }
}
