package org.foosched.analysis.vmlinux;

import org.foosched.analysis.elf.SymbolBinding;
import org.foosched.analysis.elf.SymbolType;

/**
 * One symbol of the image.
 *
 * @param id      symbol table index (stable for one file; {@link VmlinuxIndex#symbol(int)})
 * @param name    symbol name
 * @param address {@code st_value}: the virtual address in a linked image (per-cpu variables:
 *                offset in {@code .data..percpu}); the offset in its section in a relocatable object
 * @param size    {@code st_size} in bytes (0 for labels)
 * @param type    FUNC, OBJECT, NOTYPE, ...
 * @param binding LOCAL, GLOBAL, WEAK
 * @param section name of the section that defines it; "" for undefined, "*ABS*" for absolute
 * @param file    for LOCAL symbols the source file named by the preceding {@code STT_FILE}
 *                symbol (a basename such as {@code core.c}); null for global symbols and
 *                for locals that follow no file symbol
 * @param unit    for LOCAL symbols the symbol table index of that {@code STT_FILE} symbol,
 *                which identifies the translation unit (the kernel has 28 {@code core.c}s);
 *                -1 otherwise
 * @param sympos  position among the kallsyms symbols of the same name, as livepatch and
 *                {@code /proc/kallsyms} count them: 0 when the name is unique in kallsyms,
 *                otherwise 1-based in kallsyms order (ascending address); -1 when kallsyms
 *                does not list the symbol at all. See {@link VmlinuxIndex} for the rules.
 */
public record VmlinuxSymbol(int id, String name, long address, long size, SymbolType type,
                            SymbolBinding binding, String section, String file, int unit, int sympos) {

    public boolean isFunction() {
        return type == SymbolType.FUNC;
    }

    public boolean isObject() {
        return type == SymbolType.OBJECT;
    }

    public boolean isLocal() {
        return binding == SymbolBinding.LOCAL;
    }

    /** The name without compiler clone suffixes ({@link CompilerVariants#baseName}). */
    public String baseName() {
        return CompilerVariants.baseName(name);
    }

    /** True when {@code addr} lies inside {@code [address, address + size)}. */
    public boolean contains(long addr) {
        return Long.compareUnsigned(addr - address, size) < 0;
    }

    /** {@code name}, plus {@code [file]} for locals and {@code ,sympos} when not unique. */
    public String displayName() {
        StringBuilder b = new StringBuilder(name);
        if (file != null) {
            b.append(" [").append(file).append(']');
        }
        if (sympos > 0) {
            b.append(",").append(sympos);
        }
        return b.toString();
    }
}
