package org.foosched.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.foosched.app.Main;
import org.foosched.remote.testing.KernelKit;
import org.foosched.remote.testing.QemuGuest;
import org.foosched.remote.testing.TestPackages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI round trip a user types, against Debian's stock kernel in the QEMU test guest. */
@Tag("e2e")
class CliGuestE2ETest {

    @TempDir
    static Path tmp;
    static QemuGuest guest;
    static Path deb;
    static KernelKit kit;
    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void boot() {
        kit = KernelKit.locate();
        Path ko = kit.buildTestModule(tmp.resolve("module"));
        deb = TestPackages.buildDeb(ko, kit.release(), "1.0-1", tmp.resolve("pkgs"));
        guest = QemuGuest.boot(kit, tmp.resolve("guest"));
    }

    @AfterAll
    static void stop() {
        if (guest != null) {
            guest.close();
        }
    }

    static Run foosched(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--inventory", tmp.resolve("hosts.yaml").toString()));
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(all.toArray(String[]::new));
        System.out.println("$ foosched " + String.join(" ", args) + "  # exit " + code + "\n" + out);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void addTrustProbeDeployStatusDmesgRollback() throws Exception {
        String history = tmp.resolve("deployments.jsonl").toString();
        assertThat(foosched("hosts", "add", "guest", "--address", "127.0.0.1", "--port", Integer.toString(guest.port()),
                "--identity", guest.clientKey().toString(), "--group", "vm").code()).isZero();
        Run untrusted = foosched("probe", "guest");
        assertThat(untrusted.code()).isEqualTo(ExitCodes.HOST_KEY_REFUSED);
        assertThat(foosched("hosts", "trust", "guest", "--yes").code()).isZero();

        Run probe = foosched("probe", "guest");
        assertThat(probe.code()).isZero();
        assertThat(probe.out()).containsPattern("kernel\\s+" + kit.release().replace(".", "\\.") + " \\(x86_64\\)")
                .containsPattern("cpus\\s+2").containsPattern("lockdown\\s+none");

        long t0 = System.nanoTime();
        Run deploy = foosched("deploy", deb.toString(), "--host", "guest", "--history", history);
        long deployMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(deploy.code()).as(deploy.err()).isZero();
        assertThat(deploy.out()).startsWith("deployed foosched-fs-testmod 1.0-1 on guest (Linux " + kit.release()
                + "); module fs_testmod enabled;")
                .containsPattern("stop machine \\(downtime\\)\\s+[\\d,]+ ns \\(\\d+\\.\\d{3} ms\\)")
                .containsPattern("cpus\\s+2");
        assertThat(deploy.err()).contains("guest| Setting up foosched-fs-testmod (1.0-1)");

        Run status = foosched("status", "--host", "guest");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("foosched-fs-testmod 1.0-1 (dpkg, installed, module fs_testmod, for " + kit.release() + ")")
                .contains("fs_testmod: loaded, enabled").containsPattern("problems\\s+none")
                .contains("install foosched-fs-testmod 1.0-1: finished, exit code 0");
        JsonNode js = JSON.readTree(foosched("status", "--host", "guest", "--json").out());
        assertThat(js.get("modules").get(0).get("enabled").asBoolean()).isTrue();
        assertThat(js.get("lastLoad").get("cpus").asInt()).isEqualTo(2);

        JsonNode metrics = JSON.readTree(foosched("dmesg", "--host", "guest", "--metrics", "--json").out());
        assertThat(metrics).anyMatch(m -> m.get("source").asText().equals("fs_testmod") && m.get("phase").asText().equals("LOAD"));

        Run again = foosched("deploy", deb.toString(), "--host", "guest", "--history", history);
        assertThat(again.code()).isZero();
        assertThat(again.out()).startsWith("already installed (nothing changed): foosched-fs-testmod 1.0-1 on guest");

        Run rollback = foosched("rollback", "--host", "guest", "--history", history);
        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(rollback.out()).startsWith("rolled back guest: removed foosched-fs-testmod 1.0-1; module fs_testmod gone;")
                .contains("fs_testmod unload");
        Run after = foosched("status", "--host", "guest");
        assertThat(after.code()).isZero();
        assertThat(after.out()).containsPattern("package\\s+none").containsPattern("module\\s+none loaded");
        System.out.println("[e2e timing] CLI deploy round trip (in-process, connect to enabled): " + deployMs + " ms");
    }
}
