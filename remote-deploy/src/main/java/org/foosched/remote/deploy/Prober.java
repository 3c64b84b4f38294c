package org.foosched.remote.deploy;

import org.foosched.remote.ssh.ExecResult;
import org.foosched.remote.ssh.RemoteCommand;
import org.foosched.remote.ssh.SshSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code foosched probe}: one read-only script over SSH that reports the kernel, CPUs, threads,
 * lockdown, loaded live patches and foosched modules, and free space where packages go.
 */
public final class Prober {

    static final String SCRIPT = String.join("\n",
            "echo \"release=$(uname -r)\"",
            "echo \"arch=$(uname -m)\"",
            "echo \"cpus=$(nproc 2>/dev/null || grep -c ^processor /proc/cpuinfo)\"",
            "echo \"threads=$(ls -d /proc/[0-9]*/task/[0-9]* 2>/dev/null | wc -l)\"",
            "[ -r /sys/kernel/security/lockdown ] && echo \"lockdown=$(cat /sys/kernel/security/lockdown)\"",
            "for d in /sys/kernel/livepatch/*; do [ -d \"$d\" ] && echo \"livepatch=${d##*/} $(cat \"$d/enabled\" 2>/dev/null)\"; done",
            "for m in $(cut -d' ' -f1 /proc/modules 2>/dev/null); do case $m in kpatch*) echo \"kpatch=$m\";; esac; done",
            "for d in /sys/kernel/foosched/*; do [ -d \"$d\" ] && echo \"foosched=${d##*/} $(cat \"$d/enable\" 2>/dev/null)\"; done",
            "for p in /var/tmp /lib/modules; do echo \"free=$p $(stat -f -c '%a %S' $p 2>/dev/null)\"; done",
            // by their version banners: busybox has toy dpkg and rpm applets
            "dpkg --version 2>/dev/null | grep -q 'package management program' && echo manager=dpkg",
            "rpm --version 2>/dev/null | grep -q 'RPM version' && echo manager=rpm",
            "exit 0");

    private Prober() {
    }

    public static HostProbe probe(SshSession ssh) {
        ExecResult r = ssh.run(RemoteCommand.of(SCRIPT).labelled("probe"));
        if (!r.ok()) {
            throw new DeployException(DeployException.Reason.HOST_UNSUPPORTED, "probing host " + ssh.host().name()
                    + " failed (exit " + r.exitCode() + "): " + r.lastErrorLine());
        }
        return parse(ssh.host().name(), r.stdout());
    }

    /** Parses the probe script's {@code key=value} lines. */
    static HostProbe parse(String host, String output) {
        String release = null;
        String arch = null;
        int cpus = 0;
        int threads = 0;
        String lockdown = null;
        List<HostProbe.Patch> patches = new ArrayList<>();
        List<String> kpatch = new ArrayList<>();
        List<HostProbe.ModuleFlag> foosched = new ArrayList<>();
        Map<String, Long> free = new LinkedHashMap<>();
        List<String> managers = new ArrayList<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1).strip();
            String[] w = value.split("\\s+");
            switch (key) {
                case "release" -> release = value;
                case "arch" -> arch = value;
                case "cpus" -> cpus = parseInt(value);
                case "threads" -> threads = parseInt(value);
                case "lockdown" -> lockdown = lockdownMode(value);
                case "livepatch" -> patches.add(new HostProbe.Patch(w[0], w.length > 1 && w[1].equals("1")));
                case "kpatch" -> kpatch.add(value);
                case "foosched" -> foosched.add(new HostProbe.ModuleFlag(w[0],
                        w.length > 1 ? (Boolean) w[1].equals("1") : null));
                case "free" -> {
                    if (w.length >= 3) {
                        free.put(w[0], Long.parseLong(w[1]) * Long.parseLong(w[2]));
                    }
                }
                case "manager" -> managers.add(value);
                default -> {
                }
            }
        }
        if (release == null || release.isEmpty()) {
            throw new DeployException(DeployException.Reason.HOST_UNSUPPORTED, "host " + host
                    + " did not report its kernel release (uname -r)");
        }
        return new HostProbe(host, release, arch, cpus, threads, lockdown, patches, kpatch, foosched, free, managers);
    }

    /** {@code [none] integrity confidentiality} → {@code none}. */
    static String lockdownMode(String file) {
        int open = file.indexOf('[');
        int close = file.indexOf(']');
        return open >= 0 && close > open ? file.substring(open + 1, close) : file.strip();
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
