package org.foosched.analysis.vmlinux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.foosched.analysis.elf.ElfFile;
import org.foosched.analysis.elf.ElfFormatException;
import org.foosched.analysis.elf.ElfHeader;
import org.foosched.analysis.elf.ElfRelaTable;
import org.foosched.analysis.elf.ElfSection;
import org.foosched.analysis.elf.ElfSymbolTable;
import org.foosched.analysis.elf.SymbolBinding;
import org.foosched.analysis.elf.SymbolType;
import org.foosched.analysis.elf.X86_64Relocations;
import org.foosched.analysis.progress.Progress;

/** Reads an image once and fills a {@link VmlinuxIndex}. */
final class VmlinuxIndexBuilder {

    private VmlinuxIndexBuilder() {
    }

    static VmlinuxIndex build(Path vmlinux, Path moduleSymvers, Progress progress) throws IOException {
        long size = Files.size(vmlinux);
        long mtime = Files.getLastModifiedTime(vmlinux).toMillis();
        try (ElfFile elf = ElfFile.open(vmlinux)) {
            ElfHeader h = elf.header();
            if (h.machine() != ElfHeader.EM_X86_64) {
                throw new ElfFormatException(vmlinux + ": machine " + h.machine()
                        + " is not x86-64 (62); Foosched reads x86-64 kernels only");
            }
            progress.step("Reading symbols of " + vmlinux.getFileName(), 0.0);
            ElfSymbolTable t = elf.symbolTable();
            progress.checkCancelled();
            List<ElfSection> sections = elf.sections();
            Symbols syms = readSymbols(t, sections, h.isRelocatable());
            progress.log("vmlinux index: " + t.count() + " symbols");
            progress.step("Reading relocations of " + vmlinux.getFileName(), 0.2);
            Refs refs = readReferences(elf, t, syms, h.isRelocatable(), progress);
            progress.log("vmlinux index: " + refs.n + " references from allocated sections");
            Map<String, Export> exports = exports(t, sections, moduleSymvers);
            progress.step("Indexed " + vmlinux.getFileName(), 1.0);
            return new VmlinuxIndex(vmlinux, size, mtime, h.isRelocatable(), sections, syms.names,
                    syms.addresses, syms.sizes, syms.types, syms.bindings, syms.sectionOf, syms.units,
                    syms.sympos, syms.ranges, Arrays.copyOf(refs.from, refs.n), Arrays.copyOf(refs.to, refs.n),
                    Arrays.copyOf(refs.place, refs.n), Arrays.copyOf(refs.target, refs.n),
                    Arrays.copyOf(refs.type, refs.n), Arrays.copyOf(refs.section, refs.n),
                    syms.byName, syms.byBaseName, exports);
        }
    }

    /** The symbol table in the index's own arrays, plus lookups. */
    private static final class Symbols {
        String[] names;
        long[] addresses;
        long[] sizes;
        byte[] types;
        byte[] bindings;
        int[] sectionOf;
        int[] units;
        int[] sympos;
        SymbolRanges[] ranges;
        Map<String, int[]> byName;
        Map<String, int[]> byBaseName;
    }

    private static Symbols readSymbols(ElfSymbolTable t, List<ElfSection> sections, boolean relocatable) {
        int n = t.count();
        Symbols s = new Symbols();
        s.names = new String[n];
        s.addresses = new long[n];
        s.sizes = new long[n];
        s.types = new byte[n];
        s.bindings = new byte[n];
        s.sectionOf = new int[n];
        s.units = new int[n];
        s.sympos = new int[n];
        SymbolRanges.Builder[] rb = new SymbolRanges.Builder[sections.size()];
        Map<String, List<Integer>> named = new HashMap<>(n * 2);
        Map<String, List<Integer>> variants = new HashMap<>();
        int unit = -1;
        for (int i = 0; i < n; i++) {
            String name = t.name(i);
            SymbolType type = t.type(i);
            SymbolBinding bind = t.binding(i);
            int sec = t.sectionIndex(i);
            ElfSection section = t.isInSection(i) && sec < sections.size() ? sections.get(sec) : null;
            s.names[i] = name;
            s.addresses[i] = relocatable && section != null ? section.address() + t.value(i) : t.value(i);
            s.sizes[i] = t.size(i);
            s.types[i] = (byte) type.ordinal();
            s.bindings[i] = (byte) bind.ordinal();
            s.sectionOf[i] = sec;
            if (type == SymbolType.FILE) {
                unit = i;
                s.units[i] = -1;
            } else if (bind == SymbolBinding.LOCAL && type != SymbolType.SECTION && i < t.firstNonLocal()) {
                s.units[i] = unit;
            } else {
                s.units[i] = -1;
            }
            s.sympos[i] = section != null && section.isAllocated() && KallsymsRules.listed(t, i, section) ? 0 : -1;
            if (type == SymbolType.SECTION || type == SymbolType.FILE || section == null && sec == 0 || name.isEmpty()) {
                continue;
            }
            named.computeIfAbsent(name, k -> new ArrayList<>(1)).add(i);
            String base = CompilerVariants.baseName(name);
            if (!base.equals(name)) {
                variants.computeIfAbsent(base, k -> new ArrayList<>(2)).add(i);
            }
            if (section != null && section.isAllocated() && isOwner(type)) {
                if (rb[sec] == null) {
                    rb[sec] = new SymbolRanges.Builder();
                }
                rb[sec].add(i, s.addresses[i], s.sizes[i], rank(type, bind));
            }
        }
        s.ranges = new SymbolRanges[sections.size()];
        for (int k = 0; k < rb.length; k++) {
            if (rb[k] != null) {
                s.ranges[k] = rb[k].build();
            }
        }
        s.byName = toArrays(named);
        s.byBaseName = toArrays(variants);
        assignSympos(s);
        return s;
    }

    /** Symbols that can contain a relocated place or a referenced address. */
    private static boolean isOwner(SymbolType type) {
        return type == SymbolType.FUNC || type == SymbolType.OBJECT || type == SymbolType.NOTYPE
                || type == SymbolType.TLS || type == SymbolType.GNU_IFUNC || type == SymbolType.COMMON;
    }

    /** Preference among symbols with identical ranges: typed before untyped, global before local. */
    private static int rank(SymbolType type, SymbolBinding bind) {
        int r = type == SymbolType.FUNC || type == SymbolType.OBJECT ? 0 : 4;
        return r + switch (bind) {
            case GLOBAL -> 0;
            case WEAK -> 1;
            case LOCAL -> 2;
            default -> 3;
        };
    }

    private static Map<String, int[]> toArrays(Map<String, List<Integer>> m) {
        Map<String, int[]> out = new HashMap<>(m.size() * 2);
        for (Map.Entry<String, List<Integer>> e : m.entrySet()) {
            List<Integer> l = e.getValue();
            int[] a = new int[l.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = l.get(i);
            }
            out.put(e.getKey(), a);
        }
        return out;
    }

    /** 1-based kallsyms position among listed symbols of the same name; 0 when unique. */
    private static void assignSympos(Symbols s) {
        for (int[] ids : s.byName.values()) {
            int listed = 0;
            for (int id : ids) {
                if (s.sympos[id] >= 0) {
                    listed++;
                }
            }
            if (listed < 2) {
                continue;
            }
            Integer[] order = new Integer[listed];
            int k = 0;
            for (int id : ids) {
                if (s.sympos[id] >= 0) {
                    order[k++] = id;
                }
            }
            Arrays.sort(order, (a, b) -> {
                int c = Long.compareUnsigned(s.addresses[a], s.addresses[b]);
                return c != 0 ? c : Integer.compare(a, b);
            });
            for (int p = 0; p < order.length; p++) {
                s.sympos[order[p]] = p + 1;
            }
        }
    }

    /** Growable parallel arrays of references. */
    private static final class Refs {
        int n;
        int[] from = new int[1 << 16];
        int[] to = new int[1 << 16];
        long[] place = new long[1 << 16];
        long[] target = new long[1 << 16];
        short[] type = new short[1 << 16];
        int[] section = new int[1 << 16];

        void ensure(int extra) {
            if (n + extra <= from.length) {
                return;
            }
            int c = Math.max(from.length * 2, n + extra);
            from = Arrays.copyOf(from, c);
            to = Arrays.copyOf(to, c);
            place = Arrays.copyOf(place, c);
            target = Arrays.copyOf(target, c);
            type = Arrays.copyOf(type, c);
            section = Arrays.copyOf(section, c);
        }
    }

    private static Refs readReferences(ElfFile elf, ElfSymbolTable t, Symbols syms, boolean relocatable,
                                       Progress progress) throws IOException {
        List<ElfSection> sections = elf.sections();
        List<ElfRelaTable> tables = new ArrayList<>();
        long total = 0;
        for (ElfSection rela : elf.relaSections()) {
            if (rela.info() <= 0 || rela.info() >= sections.size() || !sections.get(rela.info()).isAllocated()) {
                continue;
            }
            if (sections.get(rela.link()).type() != ElfSection.SHT_SYMTAB) {
                progress.log("vmlinux index: skipping " + rela.name() + ": it refers to another symbol table");
                continue;
            }
            ElfRelaTable table = elf.relocations(rela);
            tables.add(table);
            total += table.count();
        }
        Refs refs = new Refs();
        refs.ensure((int) Math.min(total, Integer.MAX_VALUE - 16));
        long done = 0;
        int symCount = t.count();
        for (ElfRelaTable table : tables) {
            progress.checkCancelled();
            ElfSection target = sections.get(table.targetSectionIndex());
            SymbolRanges placeRanges = syms.ranges[target.index()];
            boolean code = target.isExecutable() && !target.isNoBits();
            ByteBuffer bytes = code ? elf.contents(target) : null;
            int count = table.count();
            for (int i = 0; i < count; i++) {
                int type = table.type(i);
                if (type == X86_64Relocations.R_X86_64_NONE) {
                    continue;
                }
                int sym = table.symbol(i);
                if (sym < 0 || sym >= symCount) {
                    throw new ElfFormatException(elf.path() + ": relocation " + i + " of " + table.section().name()
                            + " names symbol " + sym + " but the symbol table has " + symCount);
                }
                long place = relocatable ? target.address() + table.offset(i) : table.offset(i);
                long s = sym == 0 ? 0 : syms.addresses[sym];
                long value = s + table.addend(i);
                if (X86_64Relocations.isPcRelative32(type) && code) {
                    long field = place - target.address();
                    if (field >= 0 && field + 4 <= bytes.limit()) {
                        value += X86PcRelative.bytesToInstructionEnd(bytes, (int) field);
                    } else {
                        value += 4;
                    }
                }
                int to;
                if (sym != 0 && syms.types[sym] == SymbolType.SECTION.ordinal()) {
                    to = resolve(syms, syms.sectionOf[sym], value);
                } else {
                    to = sym == 0 ? -1 : sym;
                }
                int k = refs.n++;
                refs.from[k] = placeRanges == null ? -1 : placeRanges.containing(place);
                refs.to[k] = to;
                refs.place[k] = place;
                refs.target[k] = value;
                refs.type[k] = (short) type;
                refs.section[k] = target.index();
            }
            done += count;
            progress.step("Reading relocations (" + table.section().name() + ")",
                    0.2 + 0.8 * done / Math.max(1, total));
        }
        return refs;
    }

    private static int resolve(Symbols syms, int section, long address) {
        if (section <= 0 || section >= syms.ranges.length || syms.ranges[section] == null) {
            return -1;
        }
        int id = syms.ranges[section].containing(address);
        return id >= 0 ? id : syms.ranges[section].startingAt(address);
    }

    private static Map<String, Export> exports(ElfSymbolTable t, List<ElfSection> sections, Path moduleSymvers)
            throws IOException {
        Map<String, Export> out = new TreeMap<>();
        for (int i = 1; i < t.count(); i++) {
            String name = t.name(i);
            if (!name.startsWith("__ksymtab_") || !t.isInSection(i) || t.sectionIndex(i) >= sections.size()) {
                continue;
            }
            String sec = sections.get(t.sectionIndex(i)).name();
            boolean plain = sec.equals("__ksymtab") || sec.startsWith("___ksymtab+");
            boolean gpl = sec.equals("__ksymtab_gpl") || sec.startsWith("___ksymtab_gpl+");
            if (!plain && !gpl) {
                continue;
            }
            String exported = name.substring("__ksymtab_".length());
            out.put(exported, new Export(exported, gpl, "vmlinux", "", null, true));
        }
        if (moduleSymvers != null) {
            for (Export e : ModuleSymvers.read(moduleSymvers)) {
                if (!e.module().equals("vmlinux")) {
                    continue;
                }
                Export own = out.get(e.name());
                boolean gpl = own != null ? own.gpl() : e.gpl();
                out.put(e.name(), new Export(e.name(), gpl, "vmlinux", e.namespace(), e.crc(), own != null));
            }
        }
        return out;
    }
}
