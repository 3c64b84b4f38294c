package org.foosched.remote.deploy;

import org.foosched.remote.ssh.ExecResult;
import org.foosched.remote.ssh.RemoteCommand;
import org.foosched.remote.ssh.SshSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The foosched-relevant state of a host, read in one command: kernel release, installed
 * foosched packages (dpkg and rpm databases), foosched modules loaded and their enable flags.
 *
 * @param release  {@code uname -r}
 * @param packages installed foosched packages
 * @param modules  foosched modules: those the packages name, and any with a sysfs directory
 * @param managers package managers present ({@code dpkg}, {@code rpm})
 */
public record HostState(String release, List<InstalledPackage> packages, List<ModuleState> modules,
                        List<String> managers) {

    /*
     * dpkg-query prints every package; awk keeps those with X-Foosched-Module or providing
     * foosched-module. rpm finds them by the foosched-module capability.
     */
    static final String SCRIPT = String.join("\n",
            "echo \"release=$(uname -r)\"",
            // by their version banners: busybox has toy dpkg and rpm applets
            "if dpkg --version 2>/dev/null | grep -q 'package management program'; then",
            "  echo manager=dpkg",
            "  dpkg-query -W -f='pkg|dpkg|${db:Status-Abbrev}|${Package}|${Version}|${X-Foosched-Module}|"
                    + "${X-Foosched-Release}|${Provides}\\n' 2>/dev/null"
                    + " | awk -F'|' '$6 != \"\" || $8 ~ /foosched-module/'",
            "fi",
            "if rpm --version 2>/dev/null | grep -q 'RPM version'; then",
            "  echo manager=rpm",
            "  rpm -q --whatprovides foosched-module --qf 'pkg|rpm|ii |%{NAME}|%{VERSION}-%{RELEASE}|||[%{PROVIDENAME},]\\n'"
                    + " 2>/dev/null | grep '^pkg|'",
            "fi",
            "for d in /sys/kernel/foosched/*; do [ -d \"$d\" ] && echo \"flag|${d##*/}|$(cat \"$d/enable\" 2>/dev/null)\"; done",
            "cut -d' ' -f1 /proc/modules 2>/dev/null | sed 's/^/mod|/'",
            "exit 0");

    public static HostState read(SshSession ssh) {
        ExecResult r = ssh.run(RemoteCommand.privileged(SCRIPT).labelled("read foosched state"));
        if (!r.ok()) {
            throw new DeployException(DeployException.Reason.HOST_UNSUPPORTED, "reading the state of host "
                    + ssh.host().name() + " failed (exit " + r.exitCode() + "): " + r.lastErrorLine());
        }
        return parse(r.stdout());
    }

    static HostState parse(String output) {
        String release = null;
        List<InstalledPackage> packages = new ArrayList<>();
        Map<String, Boolean> flags = new LinkedHashMap<>();
        Set<String> loaded = new LinkedHashSet<>();
        List<String> managers = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("release=")) {
                release = line.substring(8).strip();
            } else if (line.startsWith("manager=")) {
                managers.add(line.substring(8).strip());
            } else if (line.startsWith("pkg|")) {
                parsePackage(line).ifPresent(packages::add);
            } else if (line.startsWith("flag|")) {
                String[] f = line.split("\\|", -1);
                flags.put(f[1], f.length > 2 && !f[2].isBlank() ? (Boolean) f[2].strip().equals("1") : null);
            } else if (line.startsWith("mod|")) {
                loaded.add(line.substring(4).strip());
            }
        }
        Set<String> names = new LinkedHashSet<>();
        packages.forEach(p -> {
            if (p.module() != null) {
                names.add(p.module());
            }
        });
        names.addAll(flags.keySet());
        List<ModuleState> modules = new ArrayList<>();
        for (String n : names) {
            modules.add(new ModuleState(n, loaded.contains(n), flags.get(n)));
        }
        return new HostState(release, packages, modules, managers);
    }

    /** {@code pkg|manager|status|name|version|module|release|provides}. */
    static Optional<InstalledPackage> parsePackage(String line) {
        String[] f = line.split("\\|", -1);
        if (f.length < 8) {
            return Optional.empty();
        }
        PackageFormat format = PackageFormat.ofManager(f[1]);
        String state = dpkgState(f[2]);
        if (state.equals("not-installed") || state.equals("config-files")) {
            return Optional.empty(); // removed: only its configuration (if any) is left
        }
        String module = blankToNull(f[5]);
        String release = blankToNull(f[6]);
        for (String cap : f[7].split("[,\\s]+")) {
            if (module == null && cap.startsWith("foosched-module(") && cap.endsWith(")")) {
                module = cap.substring("foosched-module(".length(), cap.length() - 1);
            }
            if (release == null && cap.startsWith("foosched-release(") && cap.endsWith(")")) {
                release = cap.substring("foosched-release(".length(), cap.length() - 1);
            }
        }
        return Optional.of(new InstalledPackage(format, f[3], f[4], state, module, release));
    }

    /** dpkg's status abbreviation ({@code ii }, {@code iF }, ...) in words; the second letter decides. */
    static String dpkgState(String abbrev) {
        char s = abbrev.length() > 1 ? abbrev.charAt(1) : 'i';
        return switch (s) {
            case 'i' -> "installed";
            case 'n' -> "not-installed";
            case 'c' -> "config-files";
            case 'U' -> "unpacked";
            case 'F' -> "half-configured";
            case 'H' -> "half-installed";
            case 'W' -> "triggers-awaited";
            case 't' -> "triggers-pending";
            default -> "unknown(" + abbrev.strip() + ")";
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public Optional<InstalledPackage> packageNamed(String name) {
        return packages.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<ModuleState> module(String name) {
        return modules.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
