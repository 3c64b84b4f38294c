package org.foosched.remote.vm;

/**
 * What {@code vm start} records about a started VM in {@code vm.json} of its state directory.
 *
 * @param name         VM name
 * @param release      kernel release it boots
 * @param cpus         vCPUs
 * @param memMB        memory in MiB
 * @param accel        {@code tcg} or {@code kvm}
 * @param pid          the QEMU process
 * @param sshPort      host port forwarded to the guest's port 22 on 127.0.0.1
 * @param imageDir     the image it was started from
 * @param startedAtMs  when QEMU was started (epoch milliseconds)
 * @param bootMs       from QEMU start until SSH answered with the recorded host key, or
 *                     {@code null} while booting
 */
public record VmState(String name, String release, int cpus, int memMB, String accel, long pid, int sshPort,
                      String imageDir, long startedAtMs, Long bootMs) {

    public VmSpec spec() {
        return new VmSpec(name, release, cpus, memMB);
    }

    public VmState withBootMs(long ms) {
        return new VmState(name, release, cpus, memMB, accel, pid, sshPort, imageDir, startedAtMs, ms);
    }
}
