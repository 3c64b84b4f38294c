package org.foosched.analysis.kit;

import org.foosched.analysis.proc.Exec;
import org.foosched.analysis.progress.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's archive through apt: which kernel release {@code linux-image-amd64} means today,
 * which packages make a kit, and where to download them (URIs, sizes, SHA-256 from the signed
 * package lists). Downloads themselves are done by {@link Downloader}.
 */
public class DebianArchive {

    private static final Pattern PRINT_URI = Pattern.compile("'([^']+)'\\s+(\\S+)\\s+(\\d+)\\s+SHA256:([0-9a-f]{64})");
    private static final Pattern DEPENDS = Pattern.compile("^\\s*\\|?Depends:\\s*(\\S+)");

    private final Progress progress;
    private boolean updated;

    public DebianArchive(Progress progress) {
        this.progress = progress;
    }

    /** Refreshes the package lists once per instance when running as root (CI, the usual case). */
    public void refresh() {
        if (updated) {
            return;
        }
        updated = true;
        if (!"root".equals(System.getProperty("user.name"))) {
            progress.log("not root: using the package lists as they are (run 'apt-get update' as root to refresh)");
            return;
        }
        progress.step("apt-get update", -1);
        Exec.of("apt-get", "update", "-q").onLine(progress::log).cancelledBy(progress).run();
    }

    /** The release {@code linux-image-amd64} depends on now, e.g. {@code 6.1.0-56-amd64}. */
    public String currentRelease(String flavour) {
        refresh();
        for (String dep : depends("linux-image-" + flavour)) {
            if (dep.startsWith("linux-image-") && !dep.equals("linux-image-" + flavour)) {
                return dep.substring("linux-image-".length());
            }
        }
        throw new KitException("cannot tell which kernel linux-image-" + flavour
                + " depends on; is this Debian with an amd64 archive configured?");
    }

    public List<String> depends(String pkg) {
        String out = query("apt-cache", "depends", pkg);
        List<String> deps = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = DEPENDS.matcher(line);
            if (m.find()) {
                deps.add(m.group(1).replaceAll("[<>]", ""));
            }
        }
        return deps;
    }

    /** Versions of a package the archive holds, newest first. */
    public List<String> versions(String pkg) {
        String out = query("apt-cache", "madison", pkg);
        List<String> versions = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] cols = line.split("\\|");
            if (cols.length >= 2 && cols[0].trim().equals(pkg)) {
                String v = cols[1].trim();
                if (!versions.contains(v)) {
                    versions.add(v);
                }
            }
        }
        return versions;
    }

    /** Download location of {@code pkg} at {@code version} (newest when null). */
    public DebianPackage locate(String pkg, String version) {
        refresh();
        String spec = version == null ? pkg : pkg + "=" + version;
        Exec.Result[] result = new Exec.Result[1];
        StringBuilder out = new StringBuilder();
        result[0] = Exec.of("apt-get", "download", "--print-uris", "-q", spec)
                .onLine(l -> out.append(l).append('\n')).runAllowingFailure();
        Matcher m = PRINT_URI.matcher(out);
        if (result[0].exitCode() != 0 || !m.find()) {
            List<String> known = versions(pkg);
            throw new KitException("package " + spec + " is not in the archive"
                    + (known.isEmpty() ? "" : " (it has: " + String.join(", ", known) + ")")
                    + "; Debian removes old kernels when it publishes updates");
        }
        String fileName = m.group(2);
        String v = version;
        if (v == null) {
            String[] parts = fileName.split("_");
            v = parts.length >= 2 ? parts[1].replace("%3a", ":") : "";
        }
        return new DebianPackage(pkg, v, m.group(1), fileName, Long.parseLong(m.group(3)), m.group(4));
    }

    private String query(String... cmd) {
        return Exec.of(cmd).cancelledBy(progress).output();
    }
}
