package org.foosched.analysis.kit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Debian kernel release string such as {@code 6.1.0-56-amd64}: kernel line {@code 6.1},
 * ABI {@code 56}, flavour {@code amd64}.
 */
public record KernelRelease(String value, String line, String flavour) {

    private static final Pattern DEBIAN = Pattern.compile("(\\d+\\.\\d+)\\.\\d+-[0-9]+(?:\\+[a-z0-9.]+)?-([a-z0-9-]+)");
    private static final Pattern ANY = Pattern.compile("(\\d+\\.\\d+)[.\\-].*");

    public static KernelRelease parse(String release) {
        String r = release.trim();
        Matcher m = DEBIAN.matcher(r);
        if (m.matches()) {
            return new KernelRelease(r, m.group(1), m.group(2));
        }
        Matcher a = ANY.matcher(r);
        if (a.matches()) {
            return new KernelRelease(r, a.group(1), "");
        }
        throw new IllegalArgumentException("'" + release + "' is not a kernel release like 6.1.0-56-amd64");
    }

    public boolean isDebian() {
        return DEBIAN.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
