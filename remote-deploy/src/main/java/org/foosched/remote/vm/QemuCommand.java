package org.foosched.remote.vm;

import java.util.ArrayList;
import java.util.List;

/**
 * The QEMU command line of a test host VM: direct kernel boot of the image's kernel and
 * initramfs, the per-VM qcow2 overlay as a virtio disk, user-mode networking with the guest's
 * port 22 forwarded to {@code 127.0.0.1:sshPort}, a virtio RNG (so sshd need not wait for
 * entropy), the serial console into {@code console.log}, daemonized with a pid file.
 * {@code -display none} stands in for {@code -nographic}, which QEMU refuses with
 * {@code -daemonize}. A guest panic reboots after 1 s and {@code -no-reboot} turns that into
 * QEMU exiting, so a crashed guest never spins a host core.
 */
public final class QemuCommand {

    public static final String QEMU = "qemu-system-x86_64";

    private QemuCommand() {
    }

    public static List<String> build(VmSpec spec, TestbedImage image, VmStateDir state, int sshPort, Accel accel) {
        List<String> c = new ArrayList<>();
        c.add(QEMU);
        c.add("-name");
        c.add("foosched-" + spec.name() + ",process=foosched-" + spec.name());
        c.add("-accel");
        c.add(accel.qemuName());
        c.add("-cpu");
        c.add(accel == Accel.KVM ? "host" : "qemu64");
        c.add("-smp");
        c.add(Integer.toString(spec.cpus()));
        c.add("-m");
        c.add(Integer.toString(spec.memMB()));
        c.add("-nodefaults");
        c.add("-display");
        c.add("none");
        c.add("-no-reboot");
        c.add("-kernel");
        c.add(image.kernel().toString());
        c.add("-initrd");
        c.add(image.initrd().toString());
        c.add("-append");
        c.add(kernelCommandLine(spec));
        c.add("-drive");
        c.add("file=" + escape(state.overlay().toString()) + ",if=virtio,format=qcow2,cache=unsafe");
        c.add("-netdev");
        c.add("user,id=net0,hostfwd=tcp:127.0.0.1:" + sshPort + "-:22");
        c.add("-device");
        c.add("virtio-net-pci,netdev=net0");
        c.add("-device");
        c.add("virtio-rng-pci");
        c.add("-serial");
        c.add("file:" + state.consoleLog());
        c.add("-monitor");
        c.add("none");
        c.add("-pidfile");
        c.add(state.pidFile().toString());
        c.add("-daemonize");
        return c;
    }

    /** The guest kernel's command line; {@code foosched.name} becomes the guest's host name. */
    public static String kernelCommandLine(VmSpec spec) {
        return "root=/dev/vda rw console=ttyS0 panic=1 foosched.name=" + spec.name();
    }

    /** QEMU's option syntax doubles commas inside values. */
    static String escape(String value) {
        return value.replace(",", ",,");
    }
}
