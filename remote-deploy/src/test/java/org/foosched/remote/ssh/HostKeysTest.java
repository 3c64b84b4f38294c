package org.foosched.remote.ssh;

import org.foosched.remote.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostKeysTest {

    @TempDir
    Path tmp;

    private String[] newKey(String name, String type) throws IOException {
        Path key = tmp.resolve(name);
        Processes.check(null, "ssh-keygen", "-q", "-t", type, "-N", "", "-f", key.toString());
        return Files.readString(Path.of(key + ".pub")).strip().split("\\s+");
    }

    @Test
    void fingerprintsMatchSshKeygen() throws IOException {
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            String[] pub = newKey("k_" + type, type);
            byte[] blob = Base64.getDecoder().decode(pub[1]);
            assertThat(HostKeyFingerprint.sha256(blob)).isEqualTo(Processes.fingerprint(Path.of(tmp + "/k_" + type + ".pub")));
            assertThat(HostKeyFingerprint.keyType(blob)).isEqualTo(pub[0]);
        }
    }

    @Test
    void knownHostsLinesRoundTrip() throws IOException {
        String[] pub = newKey("k", "ed25519");
        String text = "# recorded by foosched\n\n[127.0.0.1]:10022 " + pub[0] + " " + pub[1] + " comment here\n";
        List<KnownHostsLine> lines = KnownHostsLine.parseAll(text, "testbed");
        assertThat(lines).hasSize(1);
        KnownHostsLine l = lines.get(0);
        assertThat(l.hosts()).isEqualTo("[127.0.0.1]:10022");
        assertThat(l.format()).isEqualTo("[127.0.0.1]:10022 " + pub[0] + " " + pub[1]);
        assertThat(KnownHostsLine.parseAll(l.format(), "testbed")).containsExactly(l);
        assertThat(KnownHostsLine.hostField("example.org", 22)).isEqualTo("example.org");
        assertThat(KnownHostsLine.of("10.0.0.1", 2222, Base64.getDecoder().decode(pub[1])).format())
                .isEqualTo("[10.0.0.1]:2222 " + pub[0] + " " + pub[1]);
        assertThat(KnownHostsLine.parseAll(null, "x")).isEmpty();
    }

    @Test
    void malformedAndMarkerLinesAreRejectedNamingTheHost() throws IOException {
        String[] pub = newKey("k", "ed25519");
        assertThatThrownBy(() -> KnownHostsLine.parseAll("@revoked * " + pub[0] + " " + pub[1], "lab"))
                .hasMessageContaining("host lab: known_hosts markers such as @revoked are not supported");
        assertThatThrownBy(() -> KnownHostsLine.parseAll("host ssh-ed25519", "lab"))
                .hasMessageContaining("host lab: known_hosts line 'host ssh-ed25519' needs");
        assertThatThrownBy(() -> KnownHostsLine.parseAll("host ssh-rsa " + pub[1], "lab"))
                .hasMessageContaining("says ssh-rsa but its key is ssh-ed25519");
        assertThatThrownBy(() -> KnownHostsLine.parseAll("host ssh-ed25519 !!!", "lab"))
                .hasMessageContaining("is not base64");
    }

    @Test
    void verdictsOfPresentedKeys() throws IOException {
        String[] a = newKey("a", "ed25519");
        String[] b = newKey("b", "ed25519");
        byte[] blobA = Base64.getDecoder().decode(a[1]);
        byte[] blobB = Base64.getDecoder().decode(b[1]);
        List<KnownHostsLine> recordedA = KnownHostsLine.parseAll("h " + a[0] + " " + a[1], "h");
        assertThat(RecordedHostKeys.judge(List.of(), blobA)).isEqualTo(RecordedHostKeys.Verdict.UNKNOWN);
        assertThat(RecordedHostKeys.judge(recordedA, blobA)).isEqualTo(RecordedHostKeys.Verdict.TRUSTED);
        assertThat(RecordedHostKeys.judge(recordedA, blobB)).isEqualTo(RecordedHostKeys.Verdict.CHANGED);

        RecordedHostKeys repo = new RecordedHostKeys(recordedA, false);
        assertThat(repo.check("[h]:22", blobB)).isEqualTo(com.jcraft.jsch.HostKeyRepository.CHANGED);
        assertThat(repo.presented().fingerprint()).isEqualTo(HostKeyFingerprint.sha256(blobB));
        assertThat(repo.check("[h]:22", blobA)).isEqualTo(com.jcraft.jsch.HostKeyRepository.OK);
        assertThat(new RecordedHostKeys(recordedA, true).check("h", blobA))
                .as("capture-only never lets authentication start").isEqualTo(com.jcraft.jsch.HostKeyRepository.NOT_INCLUDED);
    }
}
