package org.foosched.remote.ssh;

import org.foosched.remote.hosts.Host;

import java.util.List;

/**
 * Trusting a host's key on purpose ({@code foosched hosts trust NAME}): learn the key the host
 * presents, compare it with what the inventory recorded, and record it. A changed key is only
 * replaced when the caller says so.
 */
public final class HostTrust {

    /** How the presented key relates to the recorded ones. */
    public enum Status {
        /** nothing recorded yet */
        NEW,
        /** the presented key is recorded already */
        ALREADY_TRUSTED,
        /** a different key is recorded */
        CHANGED
    }

    /**
     * @param host      the host as the inventory has it
     * @param presented the key it presented just now
     * @param recorded  the keys recorded for it
     * @param status    how they relate
     */
    public record Examination(Host host, PresentedHostKey presented, List<KnownHostsLine> recorded, Status status) {

        public String recordedFingerprints() {
            return String.join(", ", recorded.stream().map(KnownHostsLine::fingerprint).toList());
        }
    }

    private final SshConnector connector;

    public HostTrust(SshConnector connector) {
        this.connector = connector;
    }

    /** Connects (handshake only) and compares the presented key with the recorded ones. */
    public Examination examine(Host host) {
        PresentedHostKey presented = connector.fetchHostKey(host);
        List<KnownHostsLine> recorded;
        try {
            recorded = KnownHostsLine.parseAll(host.knownHosts(), host.name());
        } catch (IllegalArgumentException e) {
            recorded = List.of();
        }
        return new Examination(host, presented, recorded, status(recorded, presented.blob()));
    }

    static Status status(List<KnownHostsLine> recorded, byte[] blob) {
        return switch (RecordedHostKeys.judge(recorded, blob)) {
            case TRUSTED -> Status.ALREADY_TRUSTED;
            case UNKNOWN -> Status.NEW;
            case CHANGED -> Status.CHANGED;
        };
    }

    /**
     * The host with the presented key recorded (replacing what was there). Refuses to replace a
     * changed key unless {@code replace}.
     */
    public static Host record(Examination ex, boolean replace) {
        Host host = ex.host();
        if (ex.status() == Status.CHANGED && !replace) {
            throw new SshException(SshException.Reason.HOST_KEY_CHANGED, "host key of " + SshConnector.describe(host)
                    + " changed: " + ex.presented().fingerprint() + " (recorded " + ex.recordedFingerprints()
                    + ") — refusing to overwrite it; if this is expected run foosched hosts trust " + host.name()
                    + " --replace");
        }
        if (ex.status() == Status.ALREADY_TRUSTED) {
            return host;
        }
        KnownHostsLine line = KnownHostsLine.of(host.address(), host.port(), ex.presented().blob());
        return host.withKnownHosts(line.format());
    }
}
