package org.foosched.remote.vm;

import org.foosched.remote.hosts.Host;
import org.foosched.remote.hosts.HostInventory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class HostRegistrationTest {

    @TempDir
    Path tmp;

    @Test
    void aStartedVmBecomesAnInventoryHostAndAStopRemovesIt() {
        Path inv = tmp.resolve("conf/hosts.yaml");
        HostRegistration r = new HostRegistration(inv);
        String kh = "[127.0.0.1]:43613 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPrq";
        r.register(HostRegistration.hostFor("testbed", 43613, Path.of("/img/id_ed25519"), kh));

        Host h = HostInventory.load(inv).require("testbed");
        assertThat(h.address()).isEqualTo("127.0.0.1");
        assertThat(h.port()).isEqualTo(43613);
        assertThat(h.user()).isEqualTo("root");
        assertThat(h.identityFile()).isEqualTo("/img/id_ed25519");
        assertThat(h.knownHosts()).isEqualTo(kh);
        assertThat(h.groups()).containsExactly("vm");

        r.unregister("testbed", 9999); // another port: not our entry any more
        assertThat(HostInventory.load(inv).find("testbed")).isPresent();
        r.unregister("testbed", 43613);
        assertThat(HostInventory.load(inv).find("testbed")).isEmpty();
    }

    @Test
    void aHandWrittenHostOfTheSameNameIsNotRemoved() {
        Path inv = tmp.resolve("hosts.yaml");
        HostInventory i = HostInventory.load(inv);
        i.put(new Host("lab", "192.0.2.7", 22, "root", null, null, List.of()));
        i.save();
        new HostRegistration(inv).unregister("lab", 22);
        assertThat(HostInventory.load(inv).find("lab")).isPresent();
    }

    @Test
    void concurrentRegistrationsKeepEveryEntry() throws Exception {
        Path inv = tmp.resolve("hosts.yaml");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int n = 0; n < 12; n++) {
                int port = 20000 + n;
                fs.add(pool.submit(() -> new HostRegistration(inv).register(
                        HostRegistration.hostFor("vm" + port, port, Path.of("/k"), "[127.0.0.1]:" + port + " ssh-ed25519 A"))));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(HostInventory.load(inv).hosts()).hasSize(12);
    }
}
