package org.foosched.views.deploy;

import org.foosched.remote.ssh.HostTrust;
import org.foosched.remote.ssh.SshConnector;

/**
 * The question the panel asks before it records a host key: the key the host presented just
 * now, with its SHA-256 fingerprint, and — when a different key is recorded — that one's. No key
 * is recorded unless the user answers yes to exactly this.
 *
 * @param examination what {@link HostTrust#examine} found
 */
public record TrustPrompt(HostTrust.Examination examination) {

    public String host() {
        return examination.host().name();
    }

    public String fingerprint() {
        return examination.presented().fingerprint();
    }

    public String keyType() {
        return examination.presented().type();
    }

    public HostTrust.Status status() {
        return examination.status();
    }

    /** A different key is recorded: trusting replaces it. */
    public boolean changed() {
        return examination.status() == HostTrust.Status.CHANGED;
    }

    /** Nothing to decide: the presented key is the recorded one. */
    public boolean alreadyTrusted() {
        return examination.status() == HostTrust.Status.ALREADY_TRUSTED;
    }

    /** The question, in words. */
    public String question() {
        String who = SshConnector.describe(examination.host());
        return switch (examination.status()) {
            case NEW -> who + " presents the " + keyType() + " key " + fingerprint() + ". No key is recorded for it yet, "
                    + "so connections are refused. Compare the fingerprint with the host's own (ssh-keygen -lf "
                    + "/etc/ssh/ssh_host_ed25519_key.pub there); trust it only if they are the same.";
            case CHANGED -> who + " presents the " + keyType() + " key " + fingerprint() + ", but "
                    + examination.recordedFingerprints() + " is recorded: the key CHANGED, so connections are refused. "
                    + "This happens when the host was reinstalled — or when someone is in between. Replace the recorded "
                    + "key only if you know why it changed.";
            case ALREADY_TRUSTED -> who + " presents the " + keyType() + " key " + fingerprint()
                    + ", which is trusted already; nothing to do.";
        };
    }
}
