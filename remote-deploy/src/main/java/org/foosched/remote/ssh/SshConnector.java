package org.foosched.remote.ssh;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Logger;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UnixDomainSocketFactory;
import org.foosched.remote.hosts.Host;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens SSH sessions to inventory hosts with JSch. The host key must match the key recorded in
 * the inventory ({@link Host#knownHosts()}); anything else is refused with its fingerprint.
 * Authentication is by public key only: the host's identity file, or else the SSH agent.
 * Passwords and passphrases are never asked for nor stored.
 */
public final class SshConnector {

    static {
        if (System.getenv("FOOSCHED_SSH_DEBUG") != null) {
            JSch.setLogger(new Logger() {
                @Override
                public boolean isEnabled(int level) {
                    return true;
                }

                @Override
                public void log(int level, String message) {
                    System.err.println("jsch: " + message);
                }
            });
        }
    }

    private final SshOptions options;

    public SshConnector(SshOptions options) {
        this.options = options;
    }

    public SshOptions options() {
        return options;
    }

    /** Connects and authenticates; throws {@link SshException} with a message naming the host. */
    public SshSession connect(Host host) {
        List<KnownHostsLine> recorded = recordedKeys(host);
        JSch jsch = new JSch();
        configureIdentities(jsch, host);
        RecordedHostKeys keys = new RecordedHostKeys(recorded, false);
        Session session = newSession(jsch, host, keys);
        try {
            session.connect(millis(options.connectTimeout().toMillis()));
        } catch (JSchException e) {
            session.disconnect();
            throw translate(host, keys, e);
        }
        return new SshSession(host, session, options);
    }

    /**
     * Runs the SSH handshake only, to learn the key the host presents; no authentication
     * follows, so nothing about our keys is revealed to an unverified host.
     */
    public PresentedHostKey fetchHostKey(Host host) {
        RecordedHostKeys keys = new RecordedHostKeys(recordedKeysLenient(host), true);
        Session session = newSession(new JSch(), host, keys);
        try {
            session.connect(millis(options.connectTimeout().toMillis()));
            session.disconnect();
            throw new IllegalStateException("the handshake with " + host.name() + " accepted an unverified key");
        } catch (JSchException e) {
            session.disconnect();
            if (keys.presented() != null) {
                return keys.presented();
            }
            throw translate(host, keys, e);
        }
    }

    /** The keys recorded for the host; a malformed entry is a configuration error. */
    static List<KnownHostsLine> recordedKeys(Host host) {
        try {
            return KnownHostsLine.parseAll(host.knownHosts(), host.name());
        } catch (IllegalArgumentException e) {
            throw new SshException(SshException.Reason.CONFIGURATION, e.getMessage());
        }
    }

    private static List<KnownHostsLine> recordedKeysLenient(Host host) {
        try {
            return KnownHostsLine.parseAll(host.knownHosts(), host.name());
        } catch (IllegalArgumentException e) {
            return List.of(); // trust --replace repairs a malformed entry
        }
    }

    private Session newSession(JSch jsch, Host host, RecordedHostKeys keys) {
        try {
            Session s = jsch.getSession(host.user(), host.address(), host.port());
            s.setHostKeyRepository(keys);
            s.setConfig("StrictHostKeyChecking", "yes");
            s.setConfig("PreferredAuthentications", "publickey");
            s.setConfig("prefer_known_host_key_types", "yes");
            s.setServerAliveInterval(millis(options.keepAliveInterval().toMillis()));
            s.setServerAliveCountMax(options.keepAliveCountMax());
            s.setDaemonThread(true);
            return s;
        } catch (JSchException e) {
            throw new SshException(SshException.Reason.CONFIGURATION,
                    "host " + host.name() + ": " + e.getMessage(), e);
        }
    }

    private void configureIdentities(JSch jsch, Host host) {
        if (!host.usesAgent()) {
            Path file = expandHome(host.identityFile());
            if (!Files.isReadable(file)) {
                throw new SshException(SshException.Reason.CONFIGURATION, "identity file " + file + " of host "
                        + host.name() + " does not exist or is not readable; fix identity_file in the host inventory");
            }
            try {
                KeyPair pair = KeyPair.load(jsch, file.toString());
                boolean encrypted = pair.isEncrypted();
                pair.dispose();
                if (encrypted) {
                    throw new SshException(SshException.Reason.CONFIGURATION, "identity file " + file
                            + " of host " + host.name() + " is protected by a passphrase; foosched never asks for "
                            + "passphrases: load it into ssh-agent (ssh-add " + file + ") and remove identity_file "
                            + "from host " + host.name() + " to use the agent");
                }
                jsch.addIdentity(file.toString());
            } catch (JSchException e) {
                throw new SshException(SshException.Reason.CONFIGURATION, "identity file " + file + " of host "
                        + host.name() + " is not a usable private key: " + e.getMessage(), e);
            }
            return;
        }
        Path socket = options.agentSocket();
        if (socket == null) {
            throw new SshException(SshException.Reason.CONFIGURATION, "host " + host.name()
                    + " has no identity_file and no SSH agent is available (SSH_AUTH_SOCK is not set): "
                    + "set identity_file in the host inventory, or start ssh-agent and ssh-add your key");
        }
        if (!Files.exists(socket)) {
            throw new SshException(SshException.Reason.CONFIGURATION, "the SSH agent socket " + socket
                    + " does not exist (stale SSH_AUTH_SOCK?); start ssh-agent and ssh-add your key");
        }
        try {
            AgentIdentityRepository agent =
                    new AgentIdentityRepository(new SSHAgentConnector(new UnixDomainSocketFactory(), socket));
            if (agent.getIdentities().isEmpty()) {
                throw new SshException(SshException.Reason.CONFIGURATION, "the SSH agent at " + socket
                        + " holds no keys; ssh-add the key host " + host.name() + " accepts");
            }
            jsch.setIdentityRepository(agent);
        } catch (AgentProxyException e) {
            throw new SshException(SshException.Reason.CONFIGURATION,
                    "cannot use the SSH agent at " + socket + ": " + e.getMessage(), e);
        }
    }

    private SshException translate(Host host, RecordedHostKeys keys, JSchException e) {
        String who = describe(host);
        PresentedHostKey presented = keys.presented();
        if (e instanceof JSchChangedHostKeyException && presented != null) {
            String was = String.join(", ", keys.recorded().stream().map(KnownHostsLine::fingerprint).toList());
            return new SshException(SshException.Reason.HOST_KEY_CHANGED, "host key of " + who + " changed: "
                    + presented.fingerprint() + " (" + presented.type() + "; recorded " + was + ") — refusing; "
                    + "if this is expected run foosched hosts trust " + host.name() + " --replace", e);
        }
        if (e instanceof JSchUnknownHostKeyException && presented != null) {
            return new SshException(SshException.Reason.HOST_KEY_UNKNOWN, "host key of " + who
                    + " is not trusted yet: " + presented.fingerprint() + " (" + presented.type() + ") — refusing; "
                    + "if this is the host you expect run foosched hosts trust " + host.name(), e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            String how = host.usesAgent() ? "every key the SSH agent offered" : "the key " + expandHome(host.identityFile());
            return new SshException(SshException.Reason.AUTH_FAILED, who + " refused " + how + " for user "
                    + host.user() + " — is the public key in ~" + host.user() + "/.ssh/authorized_keys there?", e);
        }
        Throwable cause = rootCause(e);
        String hint = unreachableHint(host);
        if (cause instanceof ConnectException) {
            return new SshException(SshException.Reason.UNREACHABLE, who + " is unreachable: connection refused"
                    + hint, e);
        }
        if (cause instanceof NoRouteToHostException) {
            return new SshException(SshException.Reason.UNREACHABLE, who + " is unreachable: no route to host"
                    + hint, e);
        }
        if (cause instanceof UnknownHostException) {
            return new SshException(SshException.Reason.UNREACHABLE, who + " is unreachable: the address "
                    + host.address() + " cannot be resolved; fix address in the host inventory", e);
        }
        if (cause instanceof SocketTimeoutException || message.contains("timeout")) {
            return new SshException(SshException.Reason.UNREACHABLE, who + " is unreachable: no answer within "
                    + options.connectTimeout().toSeconds() + " s" + hint, e);
        }
        if (message.contains("closed by foreign host") || message.contains("End of IO Stream")
                || message.contains("Connection reset") || message.contains("Broken pipe")) {
            return new SshException(SshException.Reason.UNREACHABLE, who + " closed the connection during the "
                    + "SSH handshake — is sshd running there? (a VM that is still booting does this)", e);
        }
        return new SshException(SshException.Reason.UNREACHABLE, "cannot connect to " + who + ": " + message + hint, e);
    }

    /** {@code host testbed (127.0.0.1:10022)}. */
    public static String describe(Host host) {
        return "host " + host.name() + " (" + host.address() + ":" + host.port() + ")";
    }

    private static String unreachableHint(Host host) {
        if ("testbed".equals(host.name()) || host.groups().contains("vm")) {
            return " — is the VM running? (foosched vm start)";
        }
        return " — is the host up and sshd listening on port " + host.port() + "?";
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    static Path expandHome(String file) {
        if (file.equals("~") || file.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + file.substring(1));
        }
        return Path.of(file);
    }

    private static int millis(long ms) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, ms));
    }
}
