package org.foosched.views.deploy;

import org.foosched.remote.deploy.HostStatus;
import org.foosched.remote.deploy.ModuleState;
import org.foosched.remote.ssh.SshException;
import org.foosched.views.workbench.UserMessages;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the host list shows beside a host: the state its last status read found (or why it could
 * not be read), in a word, with the whole story as the detail.
 *
 * @param kind   the badge
 * @param label  a few words ("enabled: scheduler", "key not trusted", …)
 * @param detail the sentence(s) behind it: the status's problems, or the failure's message
 */
public record HostBadge(Kind kind, String label, String detail) {

    public enum Kind {
        /** not checked yet, or an operation's outcome left it unknown */
        UNKNOWN,
        /** reachable, no foosched module loaded */
        REACHABLE,
        /** a foosched module is loaded and reports enabled */
        ENABLED,
        /** a foosched module is loaded but does not report enabled */
        LOADED_DISABLED,
        /** the status could not be read (unreachable, key refused, …) or it is inconsistent */
        ERROR
    }

    public static HostBadge unknown() {
        return new HostBadge(Kind.UNKNOWN, "unknown", "not checked yet: Refresh status reads it");
    }

    /** The badge of a status that was read. */
    public static HostBadge of(HostStatus s) {
        String problems = s.problems().isEmpty() ? "" : " Problems: " + String.join("; ", s.problems());
        List<ModuleState> loaded = s.modules().stream().filter(m -> m.loaded() || m.enabled() != null).toList();
        List<String> enabled = loaded.stream().filter(m -> m.loaded() && Boolean.TRUE.equals(m.enabled()))
                .map(ModuleState::name).toList();
        List<String> disabled = loaded.stream().filter(m -> !(m.loaded() && Boolean.TRUE.equals(m.enabled())))
                .map(ModuleState::name).toList();
        String pkgs = s.packages().isEmpty() ? "no foosched package"
                : s.packages().stream().map(p -> p.name() + " " + p.version() + " (" + p.state() + ")")
                .collect(Collectors.joining(", "));
        String base = "Linux " + s.release() + "; " + pkgs + ".";
        if (!disabled.isEmpty()) {
            return new HostBadge(Kind.LOADED_DISABLED, "loaded, not enabled: " + String.join(", ", disabled),
                    base + problems);
        }
        if (!enabled.isEmpty()) {
            return new HostBadge(Kind.ENABLED, "enabled: " + String.join(", ", enabled), base + problems);
        }
        if (!s.problems().isEmpty()) {
            return new HostBadge(Kind.ERROR, "inconsistent", base + problems);
        }
        return new HostBadge(Kind.REACHABLE, "reachable", base);
    }

    /** The badge of a host whose status could not be read. */
    public static HostBadge of(Throwable failure) {
        String label = "error";
        if (failure instanceof SshException e) {
            label = switch (e.reason()) {
                case UNREACHABLE -> "unreachable";
                case HOST_KEY_UNKNOWN -> "key not trusted";
                case HOST_KEY_CHANGED -> "key changed: refused";
                case AUTH_FAILED -> "login refused";
                case CONNECTION_LOST -> "connection lost";
                case TIMEOUT -> "timed out";
                case CONFIGURATION -> "key setup unusable";
                default -> "error";
            };
        }
        return new HostBadge(Kind.ERROR, label, UserMessages.of(failure));
    }
}
