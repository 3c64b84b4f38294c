package org.foosched.analysis.build;

import java.util.EnumSet;
import java.util.Set;

/**
 * One line of the generated redirect table ({@code foosched_redirects.h}, format in
 * {@code module-runtime-c/include/foosched/table.h}).
 *
 * @param idx        position in the table
 * @param vmlinuxName the vmlinux symbol ({@code pick_next_task_fair}, {@code finish_task_switch.isra.0})
 * @param sympos     0 when the name is unique in kallsyms, else its 1-based position
 * @param moduleAlias the global alias the build gives the module's replacement
 * @param moduleFunction the module's function (its C name in the extracted code)
 * @param definedIn  the workspace file (under kernel/sched/mod) that defines the module function
 * @param size       st_size of the vmlinux symbol
 * @param patchOffset 5 after an fentry site, else 0
 * @param flags      what overlaps the patch range
 * @param expected   the 5 bytes of vmlinux's file at the patch offset
 * @param coldName   the {@code .cold} part, or null
 * @param coldSympos its sympos
 * @param coldSize   its size
 */
public record RedirectEntry(int idx, String vmlinuxName, int sympos, String moduleAlias, String moduleFunction,
                            String definedIn, long size, int patchOffset, Set<Flag> flags, byte[] expected,
                            String coldName, int coldSympos, long coldSize) {

    public RedirectEntry {
        flags = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        expected = expected.clone();
    }

    /** The runtime's FOOSCHED_F_* flags. */
    public enum Flag {
        FENTRY("FOOSCHED_F_FENTRY"),
        JUMP_LABEL("FOOSCHED_F_JUMP_LABEL"),
        STATIC_CALL("FOOSCHED_F_STATIC_CALL"),
        BOOT_PATCHED("FOOSCHED_F_BOOT_PATCHED");

        private final String macro;

        Flag(String macro) {
            this.macro = macro;
        }

        public String macro() {
            return macro;
        }
    }

    /** The {@code FOOSCHED_REDIRECT(...)} line (and {@code FOOSCHED_COLD} when there is a cold part). */
    public String line() {
        StringBuilder sb = new StringBuilder("FOOSCHED_REDIRECT(").append(idx).append(", \"").append(vmlinuxName)
                .append("\", ").append(sympos).append(", ").append(moduleAlias).append(", ").append(size)
                .append(", ").append(patchOffset).append(", ");
        sb.append(flags.isEmpty() ? "0" : String.join(" | ", flags.stream().map(Flag::macro).toList()));
        for (byte b : expected) {
            sb.append(", 0x").append(String.format("%02x", b & 0xff));
        }
        sb.append(')');
        if (coldName != null) {
            sb.append("\nFOOSCHED_COLD(").append(idx).append(", \"").append(coldName).append("\", ")
                    .append(coldSympos).append(", ").append(coldSize).append(')');
        }
        return sb.toString();
    }
}
