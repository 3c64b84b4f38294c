package org.foosched.analysis.vmlinux;

import java.util.Set;

import org.foosched.analysis.elf.ElfSection;
import org.foosched.analysis.elf.ElfSymbolTable;
import org.foosched.analysis.elf.SymbolType;

/**
 * Which symbol-table entries the kernel's kallsyms lists (and so {@code /proc/kallsyms} and
 * livepatch's {@code sympos} count), for Linux 6.1 on x86-64. The kernel build runs
 * {@code nm -n} over the image, drops some names and types (scripts/mksysmap), then drops
 * absolute symbols and its own table names (scripts/kallsyms). In ELF terms a symbol is listed
 * when it is defined in an allocated section, is not a section or file symbol, and its name is
 * not one of those dropped.
 */
final class KallsymsRules {

    /** Tables the kallsyms generator adds between link passes and leaves out of its own list. */
    private static final Set<String> GENERATED = Set.of("kallsyms_addresses", "kallsyms_offsets",
            "kallsyms_relative_base", "kallsyms_num_syms", "kallsyms_names", "kallsyms_markers",
            "kallsyms_token_table", "kallsyms_token_index", "kallsyms_seqs_of_names");

    private KallsymsRules() {
    }

    static boolean listed(ElfSymbolTable t, int i, ElfSection section) {
        if (!t.isInSection(i) || section == null || !section.isAllocated()) {
            return false;
        }
        SymbolType type = t.type(i);
        if (type == SymbolType.SECTION || type == SymbolType.FILE) {
            return false;
        }
        return listedName(t.name(i));
    }

    static boolean listedName(String name) {
        if (name.isEmpty() || name.startsWith("$") || name.startsWith(".L") || name.startsWith("__crc_")
                || name.startsWith("__kstrtab_") || name.startsWith("__kstrtabns_") || name.equals("L0")) {
            return false;
        }
        return !GENERATED.contains(name);
    }
}
