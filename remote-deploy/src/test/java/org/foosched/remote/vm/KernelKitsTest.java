package org.foosched.remote.vm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelKitsTest {

    @TempDir
    Path kits;

    private void kit(String release) throws Exception {
        Files.createDirectories(kits.resolve(release).resolve("root/boot"));
        Files.createDirectories(kits.resolve(release).resolve("debs"));
        Files.writeString(kits.resolve(release).resolve("root/boot/vmlinuz-" + release), "k");
    }

    @Test
    void releasesSortLikeVersions() {
        List<String> r = new ArrayList<>(List.of("6.12.9+bpo-amd64", "6.1.0-56-amd64", "6.1.0-9-amd64",
                "6.1.0-100-amd64", "5.10.0-30-amd64"));
        r.sort(KernelKits.RELEASE_ORDER);
        assertThat(r).containsExactly("5.10.0-30-amd64", "6.1.0-9-amd64", "6.1.0-56-amd64", "6.1.0-100-amd64",
                "6.12.9+bpo-amd64");
    }

    @Test
    void theNewestCompleteKitIsTheDefault() throws Exception {
        kit("6.1.0-9-amd64");
        kit("6.1.0-56-amd64");
        Files.createDirectories(kits.resolve("6.1.0-99-amd64/debs")); // incomplete: no kernel
        Files.createDirectories(kits.resolve(".6.1.0-77-amd64.tmp-123/root/boot")); // a fetch in progress
        KernelKits k = new KernelKits(kits);
        assertThat(k.releases()).containsExactly("6.1.0-9-amd64", "6.1.0-56-amd64");
        assertThat(k.resolve(null)).isEqualTo("6.1.0-56-amd64");
        assertThat(k.resolve("6.1.0-9-amd64")).isEqualTo("6.1.0-9-amd64");
    }

    @Test
    void aMissingKitNamesTheFetchCommand() throws Exception {
        KernelKits k = new KernelKits(kits);
        assertThatThrownBy(() -> k.resolve(null)).isInstanceOf(VmException.class)
                .hasMessageContaining("no kernel kit in " + kits).hasMessageContaining("foosched kit fetch --release");
        kit("6.1.0-56-amd64");
        assertThatThrownBy(() -> k.resolve("6.1.0-57-amd64")).isInstanceOf(VmException.class)
                .hasMessageContaining("foosched kit fetch --release 6.1.0-57-amd64");
        assertThat(new KernelKits(kits.resolve("absent")).releases()).isEmpty();
    }
}
