package org.foosched.remote.vm;

import java.nio.file.Path;
import java.util.List;

/**
 * A VM as {@code vm status} reports it.
 *
 * @param name       VM name
 * @param state      running, exited (QEMU gone, state not yet cleaned: a crash or a guest
 *                   poweroff) or stopped (nothing recorded)
 * @param vm         what was started ({@code null} when stopped)
 * @param consoleLog the console log (of the last run when stopped)
 * @param findings   kernel failures in that console log
 */
public record VmStatus(String name, State state, VmState vm, Path consoleLog, List<ConsoleEvent> findings) {

    public VmStatus {
        findings = List.copyOf(findings);
    }

    public enum State { RUNNING, EXITED, STOPPED }

    public boolean running() {
        return state == State.RUNNING;
    }

    /** One line per VM plus one per finding. */
    public String summary() {
        StringBuilder sb = new StringBuilder(name).append(": ").append(state.name().toLowerCase(java.util.Locale.ROOT));
        if (vm != null) {
            sb.append(", kernel ").append(vm.release()).append(", ").append(vm.cpus()).append(" vCPUs, ")
                    .append(vm.memMB()).append(" MiB, ").append(vm.accel()).append(", pid ").append(vm.pid())
                    .append(", ssh 127.0.0.1:").append(vm.sshPort());
            if (vm.bootMs() != null) {
                sb.append(String.format(java.util.Locale.ROOT, ", booted to SSH in %.1f s", vm.bootMs() / 1000.0));
            }
        }
        sb.append("\n  console: ").append(consoleLog);
        if (findings.isEmpty()) {
            sb.append("\n  console findings: none");
        } else {
            sb.append("\n  console findings: ").append(findings.size());
            for (ConsoleEvent e : findings) {
                sb.append("\n  ").append(e.describe().replace("\n", "\n  "));
            }
        }
        return sb.toString();
    }
}
