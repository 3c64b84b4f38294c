package org.foosched.remote.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * JSch's view of the keys recorded for one inventory host. It never writes: trusting a key is
 * an explicit act ({@code foosched hosts trust}), not a side effect of connecting. It remembers
 * the key the server presented so a refusal can name its fingerprint.
 */
final class RecordedHostKeys implements HostKeyRepository {

    /** What the presented key is, compared with the recorded ones. */
    enum Verdict { TRUSTED, UNKNOWN, CHANGED }

    private final List<KnownHostsLine> recorded;
    private final boolean captureOnly;
    private volatile PresentedHostKey presented;

    /**
     * @param captureOnly refuse every key (so no authentication follows), only capturing it; used
     *                    to learn a host's key for {@code trust}
     */
    RecordedHostKeys(List<KnownHostsLine> recorded, boolean captureOnly) {
        this.recorded = List.copyOf(recorded);
        this.captureOnly = captureOnly;
    }

    static Verdict judge(List<KnownHostsLine> recorded, byte[] blob) {
        if (recorded.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        for (KnownHostsLine line : recorded) {
            if (line.sameKey(blob)) {
                return Verdict.TRUSTED;
            }
        }
        // A key of another type when one is recorded is treated as changed, as the recorded
        // type is what we asked the server for first.
        return Verdict.CHANGED;
    }

    PresentedHostKey presented() {
        return presented;
    }

    List<KnownHostsLine> recorded() {
        return recorded;
    }

    @Override
    public int check(String host, byte[] key) {
        presented = PresentedHostKey.of(key);
        if (captureOnly) {
            return NOT_INCLUDED;
        }
        return switch (judge(recorded, key)) {
            case TRUSTED -> OK;
            case UNKNOWN -> NOT_INCLUDED;
            case CHANGED -> CHANGED;
        };
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // never learn keys implicitly
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return "foosched host inventory";
    }

    @Override
    public HostKey[] getHostKey() {
        return hostKeys();
    }

    /** Lets JSch ask the server for the recorded key types first (prefer_known_host_key_types). */
    @Override
    public HostKey[] getHostKey(String host, String type) {
        return hostKeys();
    }

    private HostKey[] hostKeys() {
        List<HostKey> keys = new ArrayList<>();
        for (KnownHostsLine line : recorded) {
            try {
                keys.add(new HostKey(line.hosts(), line.keyBlob()));
            } catch (JSchException e) {
                // a key type JSch does not know cannot be preferred; it still counts in judge()
            }
        }
        return keys.toArray(new HostKey[0]);
    }
}
