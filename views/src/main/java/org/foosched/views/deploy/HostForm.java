package org.foosched.views.deploy;

import org.foosched.remote.hosts.Host;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The "Add host" fields, checked before anything is saved: each problem names the field and
 * what to give instead. The key file is only checked for being readable when the host is
 * saved (on a worker), since that touches the disk.
 */
final class HostForm {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Either a host to save or what is wrong with the fields. */
    record Checked(Host host, String problem) {
        static Checked problem(String problem) {
            return new Checked(null, problem);
        }
    }

    private HostForm() {
    }

    /**
     * @param port         empty: 22
     * @param user         empty: root
     * @param identityFile the private key file; ignored with {@code useAgent}
     */
    static Checked check(String name, String address, String port, String user, String identityFile, boolean useAgent) {
        String n = name == null ? "" : name.strip();
        if (!HOST_NAME.matcher(n).matches()) {
            return Checked.problem("name: give 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (address == null || address.isBlank()) {
            return Checked.problem("address: give the host name or IP address sshd listens on");
        }
        int p;
        try {
            p = Integer.parseInt(port == null || port.isBlank() ? "22" : port.strip());
        } catch (NumberFormatException e) {
            return Checked.problem("port: '" + port + "' is not a number");
        }
        if (p < 1 || p > 65535) {
            return Checked.problem("port: " + p + " is not a TCP port (1–65535)");
        }
        String identity = useAgent ? null : identityFile == null ? "" : identityFile.strip();
        if (!useAgent && identity.isEmpty()) {
            return Checked.problem("identity file: choose the private key (without a passphrase), or use the SSH agent");
        }
        return new Checked(new Host(n, address.strip(), p, user == null || user.isBlank() ? "root" : user.strip(),
                identity, null, List.of()), null);
    }
}
