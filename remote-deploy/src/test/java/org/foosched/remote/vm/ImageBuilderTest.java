package org.foosched.remote.vm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The build script's input checks (fast, no root needed) and where Java finds it. */
class ImageBuilderTest {

    @TempDir
    Path tmp;

    private record Run(int rc, String out) {
    }

    private static Run script(Path kits, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", ImageBuilder.locateScript().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("FOOSCHED_KITS", kits.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void theScriptIsFoundInTheSourceTree() {
        Path s = ImageBuilder.locateScript();
        assertThat(s).isRegularFile().endsWith(Path.of("testbed", "build-image.sh"));
    }

    @Test
    void usageWithoutArguments() throws Exception {
        Run r = script(tmp);
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.out()).contains("usage:").contains("RELEASE OUTDIR");
    }

    @Test
    void aMissingKitNamesTheFetchCommandAndWritesNothing() throws Exception {
        Path out = tmp.resolve("out/6.1.0-56-amd64");
        Run r = script(tmp.resolve("kits"), "6.1.0-56-amd64", out.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).contains("no kernel kit for 6.1.0-56-amd64").contains("foosched kit fetch --release 6.1.0-56-amd64");
        assertThat(out.getParent()).doesNotExist();
    }

    @Test
    void aKitWithoutTheKernelPackageIsRefused() throws Exception {
        Path kit = tmp.resolve("kits/6.1.0-56-amd64");
        Files.createDirectories(kit.resolve("debs"));
        Run r = script(tmp.resolve("kits"), "6.1.0-56-amd64", tmp.resolve("out/x").toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).contains("linux-image-6.1.0-56-amd64_*.deb").contains("foosched kit fetch --release");
    }

    @Test
    void aReleaseNameThatIsAPathIsRefused() throws Exception {
        Run r = script(tmp, "../etc", tmp.resolve("o").toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).contains("is not a kernel release name");
    }
}
