package org.foosched.remote.vm;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QemuCommandTest {

    private final TestbedImage image = new TestbedImage("6.1.0-56-amd64", Path.of("/c/testbed/6.1.0-56-amd64"));
    private final VmStateDir state = new VmStateDir(Path.of("/c/vms/lab1"));
    private final VmSpec spec = new VmSpec("lab1", "6.1.0-56-amd64", 2, 1024);

    /** The value that follows {@code option} (the first occurrence). */
    private static String after(List<String> cmd, String option) {
        int i = cmd.indexOf(option);
        assertThat(i).as(option).isNotNegative();
        return cmd.get(i + 1);
    }

    private static List<String> valuesOf(List<String> cmd, String option) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < cmd.size() - 1; i++) {
            if (cmd.get(i).equals(option)) {
                out.add(cmd.get(i + 1));
            }
        }
        return out;
    }

    @Test
    void tcgCommandLine() {
        List<String> c = QemuCommand.build(spec, image, state, 43613, Accel.TCG);

        assertThat(c.get(0)).isEqualTo("qemu-system-x86_64");
        assertThat(after(c, "-accel")).isEqualTo("tcg");
        assertThat(after(c, "-cpu")).isEqualTo("qemu64");
        assertThat(after(c, "-smp")).isEqualTo("2");
        assertThat(after(c, "-m")).isEqualTo("1024");
        assertThat(after(c, "-kernel")).isEqualTo("/c/testbed/6.1.0-56-amd64/vmlinuz");
        assertThat(after(c, "-initrd")).isEqualTo("/c/testbed/6.1.0-56-amd64/initrd.img");
        assertThat(after(c, "-append")).isEqualTo("root=/dev/vda rw console=ttyS0 panic=1 foosched.name=lab1");
        assertThat(after(c, "-drive")).isEqualTo("file=/c/vms/lab1/overlay.qcow2,if=virtio,format=qcow2,cache=unsafe");
        assertThat(after(c, "-netdev")).isEqualTo("user,id=net0,hostfwd=tcp:127.0.0.1:43613-:22");
        assertThat(valuesOf(c, "-device")).containsExactly("virtio-net-pci,netdev=net0", "virtio-rng-pci");
        assertThat(after(c, "-serial")).isEqualTo("file:/c/vms/lab1/console.log");
        assertThat(after(c, "-pidfile")).isEqualTo("/c/vms/lab1/qemu.pid");
        assertThat(after(c, "-display")).isEqualTo("none");
        assertThat(c).contains("-nodefaults", "-no-reboot", "-daemonize").doesNotContain("-nographic", "-enable-kvm");
        // the base disk is never handed to QEMU directly: only the overlay
        assertThat(String.join(" ", c)).doesNotContain("base.ext4");
        // the identity marker for stop is on the command line
        assertThat(c).contains(VmManager.marker(state));
    }

    @Test
    void kvmUsesTheHostCpu() {
        List<String> c = QemuCommand.build(new VmSpec("b", "r1", 1, 512), image, state, 2222, Accel.KVM);
        assertThat(after(c, "-accel")).isEqualTo("kvm");
        assertThat(after(c, "-cpu")).isEqualTo("host");
        assertThat(after(c, "-smp")).isEqualTo("1");
        assertThat(after(c, "-m")).isEqualTo("512");
    }

    @Test
    void commasInPathsAreEscapedForQemuOptions() {
        VmStateDir odd = new VmStateDir(Path.of("/c/a,b/vms/x"));
        List<String> c = QemuCommand.build(spec, image, odd, 1, Accel.TCG);
        assertThat(after(c, "-drive")).startsWith("file=/c/a,,b/vms/x/overlay.qcow2,if=virtio");
    }

    @Test
    void autoMustBeResolvedFirst() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QemuCommand.build(spec, image, state, 1, Accel.AUTO))
                .isInstanceOf(IllegalStateException.class);
    }
}
