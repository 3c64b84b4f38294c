package org.foosched.remote.hosts;

import java.util.List;

/**
 * A test host as the inventory names it.
 *
 * @param name          the inventory name ({@code testbed} for the default VM)
 * @param address       host name or IP address
 * @param port          SSH port
 * @param user          login user; when not root, privileged commands run with {@code sudo}
 * @param identityFile  private key file, or {@code null} to use the SSH agent
 * @param knownHosts    the {@code known_hosts} line(s) trusted for this host, or {@code null}
 *                      when no key has been trusted yet ({@code foosched hosts trust NAME})
 * @param groups        fleet groups the host belongs to
 */
public record Host(String name, String address, int port, String user, String identityFile,
                   String knownHosts, List<String> groups) {

    public Host {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a host needs a name");
        }
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("host " + name + " needs an address");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("host " + name + ": port " + port + " is not a TCP port");
        }
        user = user == null || user.isBlank() ? "root" : user;
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public boolean usesAgent() {
        return identityFile == null;
    }

    public Host withKnownHosts(String line) {
        return new Host(name, address, port, user, identityFile, line, groups);
    }
}
