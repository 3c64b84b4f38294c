package org.foosched.analysis.boundary;

/**
 * A vmlinux symbol as the analysis needs it.
 *
 * @param name     symbol name as in kallsyms (may carry a compiler suffix like {@code .isra.0})
 * @param sympos   position among symbols of that name in kallsyms order (0 when unique)
 * @param address  link-time address
 * @param size     size in bytes
 * @param local    LOCAL binding
 * @param section  section name, e.g. {@code .text}, {@code .init.text}
 * @param fentry   the function starts with a {@code call __fentry__} (ftrace site)
 */
public record VmSymbol(String name, int sympos, long address, long size, boolean local, String section,
                       boolean fentry) {

    public boolean inInitSection() {
        return section != null && (section.startsWith(".init") || section.startsWith(".exit")
                || section.startsWith(".meminit") || section.startsWith(".ref.text"));
    }

    /** {@code name} or {@code name,sympos} as livepatch and our sysfs write it. */
    public String display() {
        return sympos > 0 ? name + "," + sympos : name;
    }
}
