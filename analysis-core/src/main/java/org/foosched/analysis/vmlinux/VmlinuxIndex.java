package org.foosched.analysis.vmlinux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.foosched.analysis.elf.ElfSection;
import org.foosched.analysis.elf.SymbolBinding;
import org.foosched.analysis.elf.SymbolType;
import org.foosched.analysis.elf.X86_64Relocations;
import org.foosched.analysis.progress.Progress;

/**
 * Symbols, exports and references of a kernel image ({@code vmlinux} from Debian's
 * {@code -dbg} package, linked with {@code --emit-relocs}), as an immutable, thread-safe query
 * object. Build it with {@link #build}; it keeps no file open.
 *
 * <h2>References</h2>
 * Every relocation in a RELA section whose target section is allocated ({@code .text},
 * {@code .init.text}, {@code .data}, {@code .rodata}, {@code .data..percpu}, {@code __ksymtab},
 * metadata tables; not {@code .debug_*}) becomes a {@link Reference}: the symbol containing the
 * relocated place refers to the relocation's symbol, or, for relocations against section
 * symbols (how the assembler writes references to static functions and variables), to the
 * symbol containing {@code section + addend} (adjusted for PC-relative fields, see
 * {@link Reference#targetAddress()}). Lookups are per section, so per-cpu addresses (which start
 * at 0) never clash with others.
 *
 * <p><b>Not every reference has a relocation:</b> the assembler resolves PC-relative calls and
 * jumps between functions of the same object file and section itself, so a static function
 * called only from its own translation unit (and the same section) shows no references. Calls
 * from other object files, references from data and from other sections always appear.
 *
 * <h2>sympos</h2>
 * {@link VmlinuxSymbol#sympos()} follows livepatch: among the symbols kallsyms lists (defined
 * in an allocated section, not a section/file symbol, name not dropped by the kernel's
 * mksysmap/kallsyms filters), those with the same name are ordered by address, as kallsyms
 * sorts them and {@code /proc/kallsyms} prints them; sympos is the 1-based position in that
 * order, or 0 when the name is unique. A target-side resolver reads {@code /proc/kallsyms},
 * keeps the vmlinux entries (no {@code [module]} suffix) with the name, and takes the
 * sympos-th (or requires exactly one for 0). Meaningful for linked images only.
 *
 * <h2>Compiler variants</h2>
 * {@link #variantsOf} maps a base name to its {@code .isra.N}, {@code .constprop.N},
 * {@code .part.N}, {@code .cold} ... symbols; {@link CompilerVariants#baseName} maps back;
 * {@link #lookupFunction} tells whether a function exists, exists only as clones, or was
 * inlined away.
 */
public final class VmlinuxIndex {

    private static final SymbolType[] TYPES = SymbolType.values();
    private static final SymbolBinding[] BINDINGS = SymbolBinding.values();

    final Path path;
    final long fileSize;
    final long fileMtime;
    final boolean relocatable;
    final List<ElfSection> sections;
    final String[] names;
    final long[] addresses;
    final long[] sizes;
    final byte[] types;
    final byte[] bindings;
    final int[] sectionOf;
    final int[] units;
    final int[] sympos;
    final SymbolRanges[] ranges;
    final int[] refFrom;
    final int[] refTo;
    final long[] refPlace;
    final long[] refTarget;
    final short[] refType;
    final int[] refSection;
    final int[] toStart;
    final int[] toOrder;
    final int[] fromStart;
    final int[] fromOrder;
    final Map<String, int[]> byName;
    final Map<String, int[]> byBaseName;
    final Map<String, Export> exports;

    VmlinuxIndex(Path path, long fileSize, long fileMtime, boolean relocatable, List<ElfSection> sections,
                 String[] names, long[] addresses, long[] sizes, byte[] types, byte[] bindings, int[] sectionOf,
                 int[] units, int[] sympos, SymbolRanges[] ranges, int[] refFrom, int[] refTo, long[] refPlace,
                 long[] refTarget, short[] refType, int[] refSection, Map<String, int[]> byName,
                 Map<String, int[]> byBaseName, Map<String, Export> exports) {
        this.path = path;
        this.fileSize = fileSize;
        this.fileMtime = fileMtime;
        this.relocatable = relocatable;
        this.sections = sections;
        this.names = names;
        this.addresses = addresses;
        this.sizes = sizes;
        this.types = types;
        this.bindings = bindings;
        this.sectionOf = sectionOf;
        this.units = units;
        this.sympos = sympos;
        this.ranges = ranges;
        this.refFrom = refFrom;
        this.refTo = refTo;
        this.refPlace = refPlace;
        this.refTarget = refTarget;
        this.refType = refType;
        this.refSection = refSection;
        this.byName = byName;
        this.byBaseName = byBaseName;
        this.exports = exports;
        int n = names.length;
        this.toStart = new int[n + 1];
        this.toOrder = new int[refTo.length];
        csr(refTo, toStart, toOrder);
        this.fromStart = new int[n + 1];
        this.fromOrder = new int[refFrom.length];
        csr(refFrom, fromStart, fromOrder);
    }

    /** Counting sort of reference indexes by symbol (-1 entries are left out). */
    private static void csr(int[] key, int[] start, int[] order) {
        for (int k : key) {
            if (k >= 0) {
                start[k + 1]++;
            }
        }
        for (int i = 1; i < start.length; i++) {
            start[i] += start[i - 1];
        }
        int[] fill = start.clone();
        for (int r = 0; r < key.length; r++) {
            if (key[r] >= 0) {
                order[fill[key[r]]++] = r;
            }
        }
    }

    /**
     * Reads a kernel image (or any x86-64 ELF64 executable or relocatable object) and builds
     * the index.
     *
     * @param vmlinux        the image, e.g. {@code usr/lib/debug/boot/vmlinux-<release>}
     * @param moduleSymvers  the release's {@code Module.symvers}, or null; adds CRCs and
     *                       namespaces to {@link #exports()}
     * @param progress       steps and cancellation
     * @throws org.foosched.analysis.elf.ElfFormatException when the file is not a usable ELF64 x86-64 file
     */
    public static VmlinuxIndex build(Path vmlinux, Path moduleSymvers, Progress progress) throws IOException {
        return VmlinuxIndexBuilder.build(vmlinux, moduleSymvers, progress);
    }

    /** The image this index was built from. */
    public Path path() {
        return path;
    }

    /** True when built from a relocatable object (addresses are section offsets). */
    public boolean isRelocatableObject() {
        return relocatable;
    }

    /** The image's section headers. */
    public List<ElfSection> sections() {
        return sections;
    }

    /** Number of symbol table entries (ids run from 0 to this, exclusive). */
    public int symbolCount() {
        return names.length;
    }

    /** The symbol with table index {@code id}. */
    public VmlinuxSymbol symbol(int id) {
        int sec = sectionOf[id];
        String secName;
        if (sec == 0) {
            secName = "";
        } else if (sec == 0xfff1) {
            secName = "*ABS*";
        } else if (sec == 0xfff2) {
            secName = "*COM*";
        } else {
            secName = sec < sections.size() ? sections.get(sec).name() : "";
        }
        int unit = units[id];
        return new VmlinuxSymbol(id, names[id], addresses[id], sizes[id], TYPES[types[id]],
                BINDINGS[bindings[id]], secName, unit >= 0 ? names[unit] : null, unit, sympos[id]);
    }

    /** How many symbols have the given type (e.g. FUNC). */
    public int count(SymbolType type) {
        int c = 0;
        byte t = (byte) type.ordinal();
        for (byte b : types) {
            if (b == t) {
                c++;
            }
        }
        return c;
    }

    /** Defined symbols (not section or file symbols) with exactly this name, in symbol table order. */
    public List<VmlinuxSymbol> symbolsNamed(String name) {
        return list(byName.get(name));
    }

    /**
     * Defined symbols with this name from source file {@code file} (a basename such as
     * {@code core.c}, or a path whose basename is compared). Global symbols carry no file in the
     * symbol table and are returned whatever {@code file} says.
     */
    public List<VmlinuxSymbol> symbolsNamed(String name, String file) {
        return filterFile(symbolsNamed(name), file);
    }

    /** All LOCAL symbols of one translation unit ({@link VmlinuxSymbol#unit()}), in table order. */
    public List<VmlinuxSymbol> symbolsInUnit(int unit) {
        List<VmlinuxSymbol> out = new ArrayList<>();
        if (unit < 0 || unit >= names.length || types[unit] != SymbolType.FILE.ordinal()) {
            return out;
        }
        for (int i = unit + 1; i < names.length && units[i] == unit; i++) {
            out.add(symbol(i));
        }
        return out;
    }

    /**
     * The translation units (file symbol indexes, see {@link VmlinuxSymbol#unit()}) whose source
     * file has this basename (or the basename of this path), in link order. Several units may
     * share a name ({@code core.c}); pick one by the locals it must contain.
     */
    public List<Integer> unitsOfFile(String file) {
        String base = file.substring(file.lastIndexOf('/') + 1);
        List<Integer> out = new ArrayList<>();
        byte fileType = (byte) SymbolType.FILE.ordinal();
        for (int i = 0; i < names.length; i++) {
            if (types[i] == fileType && names[i].equals(base)) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * Symbols whose name is {@code baseName} plus compiler suffixes ({@code .isra.0},
     * {@code .constprop.0}, {@code .part.0}, {@code .cold}, combinations), excluding the plain name.
     */
    public List<VmlinuxSymbol> variantsOf(String baseName) {
        return list(byBaseName.get(baseName));
    }

    /**
     * The FUNC symbols for a source function: exact name and clones, restricted to
     * {@code file} for local symbols when {@code file} is not null.
     */
    public FunctionLookup lookupFunction(String name, String file) {
        List<VmlinuxSymbol> exact = new ArrayList<>();
        for (VmlinuxSymbol s : filterFile(symbolsNamed(name), file)) {
            if (s.isFunction()) {
                exact.add(s);
            }
        }
        List<VmlinuxSymbol> variants = new ArrayList<>();
        for (VmlinuxSymbol s : filterFile(variantsOf(name), file)) {
            if (s.isFunction()) {
                variants.add(s);
            }
        }
        return new FunctionLookup(name, List.copyOf(exact), List.copyOf(variants));
    }

    /**
     * The innermost sized symbol containing {@code address} in any allocated section. In a
     * relocatable object all sections start at 0: use {@link #symbolContaining(String, long)}.
     */
    public Optional<VmlinuxSymbol> symbolContaining(long address) {
        for (ElfSection s : sections) {
            if (s.isAllocated() && s.containsAddress(address) && ranges[s.index()] != null) {
                int id = ranges[s.index()].containing(address);
                if (id >= 0) {
                    return Optional.of(symbol(id));
                }
            }
        }
        return Optional.empty();
    }

    /** The innermost sized symbol containing {@code address} in the named section. */
    public Optional<VmlinuxSymbol> symbolContaining(String section, long address) {
        for (ElfSection s : sections) {
            if (s.name().equals(section) && ranges[s.index()] != null) {
                int id = ranges[s.index()].containing(address);
                return id >= 0 ? Optional.of(symbol(id)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Total number of references (relocations in allocated sections). */
    public int referenceCount() {
        return refFrom.length;
    }

    /** References whose target is {@code symbol}, in relocation order. */
    public List<Reference> referencesTo(VmlinuxSymbol symbol) {
        return references(toStart, toOrder, symbol.id());
    }

    /** References whose place lies inside {@code symbol}, in relocation order. */
    public List<Reference> referencesFrom(VmlinuxSymbol symbol) {
        return references(fromStart, fromOrder, symbol.id());
    }

    private List<Reference> references(int[] start, int[] order, int id) {
        List<Reference> out = new ArrayList<>(start[id + 1] - start[id]);
        for (int k = start[id]; k < start[id + 1]; k++) {
            out.add(reference(order[k]));
        }
        return out;
    }

    private Reference reference(int r) {
        int f = refFrom[r];
        int t = refTo[r];
        return new Reference(f >= 0 ? symbol(f) : null, t >= 0 ? symbol(t) : null,
                sections.get(refSection[r]).name(), refPlace[r], refTarget[r], refType[r]);
    }

    /**
     * True when the function begins with {@code call __fentry__} (ftrace's entry hook, compiled
     * with {@code -pg -mfentry}): a PLT32/PC32 relocation to {@code __fentry__} at offset 1 (or
     * at 5 after a 4-byte {@code endbr64}). {@code notrace} functions such as
     * {@code __schedule} have none.
     */
    public boolean hasFentryCall(VmlinuxSymbol function) {
        int id = function.id();
        for (int k = fromStart[id]; k < fromStart[id + 1]; k++) {
            int r = fromOrder[k];
            long off = refPlace[r] - addresses[id];
            int type = refType[r];
            if ((off == 1 || off == 5) && (type == X86_64Relocations.R_X86_64_PLT32
                    || type == X86_64Relocations.R_X86_64_PC32)
                    && refTo[r] >= 0 && names[refTo[r]].equals("__fentry__")) {
                return true;
            }
        }
        return false;
    }

    /** Exports, sorted by name (vmlinux's own; module exports of {@code Module.symvers} are left out). */
    public List<Export> exports() {
        return List.copyOf(exports.values());
    }

    /** The export of {@code name}, if vmlinux exports it. */
    public Optional<Export> export(String name) {
        return Optional.ofNullable(exports.get(name));
    }

    /** A function's whole code (its {@code size} bytes), read from the file. */
    public byte[] functionBytes(VmlinuxSymbol function) throws IOException {
        if (function.size() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(function.name() + " is too large to read at once");
        }
        return bytes(function, 0, (int) function.size());
    }

    /**
     * {@code length} bytes at {@code offset} inside a symbol's section contents, read from the
     * file (e.g. the first 16 bytes of a function).
     *
     * @throws IllegalStateException    when the file changed since the index was built
     * @throws IllegalArgumentException when the range is outside the section or the section has no file bytes
     */
    public byte[] bytes(VmlinuxSymbol symbol, long offset, int length) throws IOException {
        int sec = sectionOf[symbol.id()];
        if (sec <= 0 || sec >= sections.size()) {
            throw new IllegalArgumentException(symbol.name() + " is not defined in a section of " + path);
        }
        ElfSection s = sections.get(sec);
        long inSection = (relocatable ? symbol.address() : symbol.address() - s.address()) + offset;
        if (s.isNoBits()) {
            throw new IllegalArgumentException(symbol.name() + " is in section " + s.name()
                    + ", which has no file contents (NOBITS)");
        }
        if (inSection < 0 || inSection + length > s.size()) {
            throw new IllegalArgumentException(length + " bytes at " + symbol.name() + "+" + offset
                    + " are outside the file contents of section " + s.name());
        }
        if (Files.size(path) != fileSize || Files.getLastModifiedTime(path).toMillis() != fileMtime) {
            throw new IllegalStateException(path + " changed since its index was built; build the index again");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(length);
            long pos = s.offset() + inSection;
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    throw new IOException(path + ": unexpected end of file at " + (pos + buf.position()));
                }
            }
            return buf.array();
        }
    }

    private List<VmlinuxSymbol> list(int[] ids) {
        if (ids == null) {
            return List.of();
        }
        List<VmlinuxSymbol> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(symbol(id));
        }
        return Collections.unmodifiableList(out);
    }

    private static List<VmlinuxSymbol> filterFile(List<VmlinuxSymbol> in, String file) {
        if (file == null) {
            return in;
        }
        String base = file.substring(file.lastIndexOf('/') + 1);
        List<VmlinuxSymbol> out = new ArrayList<>();
        for (VmlinuxSymbol s : in) {
            if (!s.isLocal() || base.equals(s.file())) {
                out.add(s);
            }
        }
        return out;
    }
}
