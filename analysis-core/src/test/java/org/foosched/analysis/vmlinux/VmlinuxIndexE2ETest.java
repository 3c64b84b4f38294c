package org.foosched.analysis.vmlinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.foosched.analysis.elf.ElfFile;
import org.foosched.analysis.elf.ElfRelaTable;
import org.foosched.analysis.elf.ElfSection;
import org.foosched.analysis.elf.SymbolBinding;
import org.foosched.analysis.elf.SymbolType;
import org.foosched.analysis.elf.X86_64Relocations;
import org.foosched.analysis.progress.Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The index over Debian's real {@code -dbg} vmlinux from the kernel kit, checked against
 * binutils (readelf, nm, objdump) and the release's System.map and Module.symvers.
 * The kit is found under {@code ~/.cache/foosched/kits/<release>/root}, or given with
 * {@code -Dfoosched.kit.root=<dir>}.
 */
@Tag("e2e")
class VmlinuxIndexE2ETest {

    private static Path root;
    private static String release;
    private static Path vmlinux;
    private static VmlinuxIndex ix;
    private static long buildMillis;

    @BeforeAll
    static void buildIndex() throws Exception {
        root = kitRoot();
        Path debug = root.resolve("usr/lib/debug/boot");
        try (Stream<Path> s = Files.list(debug)) {
            vmlinux = s.filter(p -> p.getFileName().toString().startsWith("vmlinux-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no vmlinux-* in " + debug));
        }
        release = vmlinux.getFileName().toString().substring("vmlinux-".length());
        long t0 = System.nanoTime();
        ix = VmlinuxIndex.build(vmlinux, symvers(), Progress.NONE);
        buildMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("vmlinux index of %s: %d symbols, %d references, built in %d ms%n", release,
                ix.symbolCount(), ix.referenceCount(), buildMillis);
    }

    private static Path kitRoot() throws IOException {
        String given = System.getProperty("foosched.kit.root");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        Path kits = Path.of(System.getProperty("user.home"), ".cache", "foosched", "kits");
        if (Files.isDirectory(kits)) {
            try (Stream<Path> s = Files.list(kits)) {
                List<Path> found = s.map(k -> k.resolve("root"))
                        .filter(r -> Files.isDirectory(r.resolve("usr/lib/debug/boot"))).sorted().toList();
                if (!found.isEmpty()) {
                    return found.get(found.size() - 1);
                }
            }
        }
        throw new AssertionError("no kernel kit with a -dbg vmlinux under " + kits
                + "; prepare the kit first or pass -Dfoosched.kit.root=<kit>/root");
    }

    private static Path symvers() {
        return root.resolve("usr/src/linux-headers-" + release + "/Module.symvers");
    }

    private static VmlinuxSymbol one(String name) {
        List<VmlinuxSymbol> l = ix.symbolsNamed(name);
        assertThat(l).as(name).hasSize(1);
        return l.get(0);
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    /** name -> "type size" from nm -S (first occurrence). */
    private static Map<String, String[]> nm(Set<String> names) throws Exception {
        Map<String, String[]> out = new HashMap<>();
        for (String line : run("nm", "-S", "--defined-only", vmlinux.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && names.contains(f[3]) && !out.containsKey(f[3])) {
                out.put(f[3], f);
            }
        }
        return out;
    }

    @Test
    void buildsInSeconds() {
        assertThat(buildMillis).as("index build time").isLessThan(30_000);
        assertThat(ix.referenceCount()).isGreaterThan(500_000);
    }

    @Test
    void schedulerSymbolsMatchNm() throws Exception {
        Map<String, String[]> nm = nm(Set.of("__schedule", "try_to_wake_up", "schedule_tail",
                "finish_task_switch.isra.0", "pick_next_task_fair", "scheduler_tick"));
        VmlinuxSymbol schedule = one("__schedule");
        assertThat(schedule.type()).isEqualTo(SymbolType.FUNC);
        assertThat(schedule.binding()).isEqualTo(SymbolBinding.LOCAL);
        assertThat(schedule.file()).isEqualTo("core.c");
        assertThat(schedule.sympos()).isZero();
        assertThat(schedule.size()).isEqualTo(Long.parseLong(nm.get("__schedule")[1], 16)).isGreaterThan(1000);
        assertThat(schedule.address()).isEqualTo(Long.parseUnsignedLong(nm.get("__schedule")[0], 16));
        System.out.printf("__schedule: %d bytes at 0x%x%n", schedule.size(), schedule.address());
        assertThat(nm.get("__schedule")[2]).isEqualTo("t");
        VmlinuxSymbol ttwu = one("try_to_wake_up");
        assertThat(ttwu.binding()).isEqualTo(SymbolBinding.LOCAL);
        assertThat(nm.get("try_to_wake_up")[2]).isEqualTo("t");
        for (String global : List.of("schedule_tail", "pick_next_task_fair", "scheduler_tick")) {
            assertThat(one(global).binding()).as(global).isEqualTo(SymbolBinding.GLOBAL);
            assertThat(nm.get(global)[2]).isEqualTo("T");
        }
        assertThat(ix.count(SymbolType.FUNC)).isEqualTo(countReadelf(" FUNC "));
    }

    private static int countReadelf(String what) throws Exception {
        int n = 0;
        for (String line : run("readelf", "-sW", vmlinux.toString()).split("\n")) {
            if (line.contains(what)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void finishTaskSwitchExistsOnlyAsIsraClone() {
        VmlinuxSymbol schedule = one("__schedule");
        FunctionLookup l = ix.lookupFunction("finish_task_switch", "kernel/sched/core.c");
        assertThat(l.status()).isEqualTo(FunctionLookup.Status.ONLY_VARIANTS);
        assertThat(l.variants()).extracting(VmlinuxSymbol::name).contains("finish_task_switch.isra.0");
        VmlinuxSymbol clone = one("finish_task_switch.isra.0");
        assertThat(clone.unit()).as("same translation unit as __schedule").isEqualTo(schedule.unit());
        assertThat(ix.symbolsNamed("finish_task_switch")).isEmpty();
        // the switch point: __switch_to_asm, then the clone
        List<Reference> from = ix.referencesFrom(schedule);
        long switchCall = from.stream().filter(r -> r.to() != null && r.to().name().equals("__switch_to_asm"))
                .mapToLong(Reference::place).findFirst().orElseThrow();
        long finishCall = from.stream().filter(r -> r.to() != null && r.to().equals(clone))
                .mapToLong(Reference::place).findFirst().orElseThrow();
        assertThat(finishCall).isGreaterThan(switchCall);
        System.out.printf("__schedule switch point: call __switch_to_asm at +0x%x, call %s at +0x%x%n",
                switchCall - 1 - schedule.address(), clone.name(), finishCall - 1 - schedule.address());
    }

    @Test
    void wakeUpProcessIsReferencedFromOutsideTheScheduler() throws Exception {
        VmlinuxSymbol w = one("wake_up_process");
        List<Reference> refs = ix.referencesTo(w);
        // relocations naming the symbol, per objdump, in the sections where it is named
        String objdump = run("objdump", "-r", "-j", ".text", "-j", ".init.text", "-j", "__ksymtab", vmlinux.toString());
        Matcher m = Pattern.compile("(?m)\\swake_up_process(?:[+-]0x[0-9a-f]+)?$").matcher(objdump);
        int named = 0;
        while (m.find()) {
            named++;
        }
        long ours = refs.stream().filter(r -> Set.of(".text", ".init.text", "__ksymtab").contains(r.section())).count();
        assertThat(ours).isEqualTo(named).isGreaterThan(50);
        Set<Integer> schedUnits = new HashSet<>();
        schedUnits.add(one("__schedule").unit());
        assertThat(ix.unitsOfFile("kernel/sched/core.c")).hasSizeGreaterThan(10).contains(one("__schedule").unit());
        for (String file : List.of("fair.c", "build_policy.c", "build_utility.c")) {
            schedUnits.addAll(ix.unitsOfFile(file));
        }
        Set<String> outsideFiles = new HashSet<>();
        for (Reference r : refs) {
            if (r.from() != null && r.from().isLocal() && !schedUnits.contains(r.from().unit())) {
                outsideFiles.add(r.from().file());
            }
        }
        System.out.printf("wake_up_process: %d references; local referrers outside kernel/sched in %d files%n",
                refs.size(), outsideFiles.size());
        assertThat(outsideFiles).hasSizeGreaterThan(10).contains("cpu.c");
        assertThat(ix.export("wake_up_process")).hasValueSatisfying(e -> {
            assertThat(e.gpl()).isFalse();
            assertThat(e.inImage()).isTrue();
            assertThat(e.crc()).isNotNull();
        });
    }

    @Test
    void enqueueTaskFairIsReferencedFromFairSchedClass() {
        VmlinuxSymbol fairClass = one("fair_sched_class");
        assertThat(fairClass.type()).isEqualTo(SymbolType.OBJECT);
        List<Reference> refs = ix.referencesTo(one("enqueue_task_fair"));
        assertThat(refs).anySatisfy(r -> {
            assertThat(r.from()).isEqualTo(fairClass);
            assertThat(r.type()).isEqualTo(X86_64Relocations.R_X86_64_64);
        });
        // every function pointer in the class points at the start of a function
        for (Reference r : ix.referencesFrom(fairClass)) {
            assertThat(r.to()).as("%s", r).isNotNull();
            assertThat(r.offsetInTo()).as("%s", r).isZero();
        }
    }

    @Test
    void fentryCallsAgreeWithTheCode() throws Exception {
        VmlinuxSymbol pick = one("pick_next_task_fair");
        VmlinuxSymbol schedule = one("__schedule");
        assertThat(ix.hasFentryCall(pick)).isTrue();
        assertThat(ix.hasFentryCall(schedule)).isFalse();
        assertThat(ix.functionBytes(pick)[0] & 0xff).isEqualTo(0xe8);
        for (VmlinuxSymbol f : List.of(pick, schedule)) {
            String dis = run("objdump", "-d", "--start-address=0x" + Long.toHexString(f.address()),
                    "--stop-address=0x" + Long.toHexString(f.address() + 16), vmlinux.toString());
            assertThat(dis.contains("<__fentry__>")).as(f.name()).isEqualTo(ix.hasFentryCall(f));
            assertThat(hexBytes(dis)).isEqualTo(ix.bytes(f, 0, hexBytes(dis).length));
        }
        byte[] code = ix.functionBytes(schedule);
        assertThat(code).hasSize((int) schedule.size());
        assertThat(code[0] & 0xff).as("push %rbp").isEqualTo(0x55);
    }

    private static byte[] hexBytes(String objdump) {
        Matcher m = Pattern.compile("(?m)^\\s*[0-9a-f]+:\\t((?:[0-9a-f]{2} )+)").matcher(objdump);
        List<Byte> out = new ArrayList<>();
        while (m.find()) {
            for (String h : m.group(1).trim().split(" ")) {
                out.add((byte) Integer.parseInt(h, 16));
            }
        }
        byte[] b = new byte[out.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = out.get(i);
        }
        return b;
    }

    @Test
    void exportsAgreeWithModuleSymvers() throws Exception {
        Map<String, Boolean> symvers = new HashMap<>();
        for (Export e : ModuleSymvers.read(symvers())) {
            if (e.module().equals("vmlinux")) {
                symvers.put(e.name(), e.gpl());
            }
        }
        Map<String, Boolean> image = new HashMap<>();
        for (Export e : ix.exports()) {
            if (e.inImage()) {
                image.put(e.name(), e.gpl());
            }
        }
        assertThat(image).hasSizeGreaterThan(5000);
        assertThat(image).isEqualTo(symvers);
    }

    /**
     * sympos order equals the order of same-name entries in {@code nm -n} after the kernel's
     * System.map filter (types a, N, U, w and names starting with $, .L, __crc_, __kstrtab_,
     * __kstrtabns_ dropped; kallsyms also drops global absolutes and its own tables). Debian's linux-image ships
     * only a stub System.map, so nm over the -dbg vmlinux stands in for it.
     */
    private static final Set<String> KALLSYMS_TABLES = Set.of("kallsyms_addresses", "kallsyms_offsets",
            "kallsyms_relative_base", "kallsyms_num_syms", "kallsyms_names", "kallsyms_markers",
            "kallsyms_token_table", "kallsyms_token_index", "kallsyms_seqs_of_names");

    @Test
    void symposMatchesNmOrder() throws Exception {
        Map<String, List<Long>> byName = new LinkedHashMap<>();
        Process p = new ProcessBuilder("nm", "-n", vmlinux.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(" ");
                if (f.length != 3 || "aANUw".contains(f[1]) || f[2].startsWith("$") || f[2].startsWith(".L")
                        || f[2].startsWith("__crc_") || f[2].startsWith("__kstrtab_") || f[2].startsWith("__kstrtabns_")
                        || KALLSYMS_TABLES.contains(f[2])) {
                    continue;
                }
                byName.computeIfAbsent(f[2], k -> new ArrayList<>()).add(Long.parseUnsignedLong(f[0], 16));
            }
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        int duplicates = 0;
        for (Map.Entry<String, List<Long>> e : byName.entrySet()) {
            TreeMap<Integer, Long> ours = new TreeMap<>();
            for (VmlinuxSymbol s : ix.symbolsNamed(e.getKey())) {
                if (s.sympos() >= 0) {
                    ours.put(s.sympos(), s.address());
                }
            }
            if (e.getValue().size() == 1) {
                assertThat(ours).as(e.getKey()).containsOnlyKeys(0);
            } else {
                duplicates++;
                assertThat(ours.firstKey()).as(e.getKey()).isEqualTo(1);
                assertThat(new ArrayList<>(ours.values())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        System.out.printf("sympos: %d kallsyms names checked against nm -n, %d of them duplicated%n",
                byName.size(), duplicates);
        assertThat(byName.size()).isGreaterThan(50_000);
        assertThat(duplicates).isGreaterThan(100);
        long listed = 0;
        for (int id = 0; id < ix.symbolCount(); id++) {
            if (ix.symbol(id).sympos() >= 0) {
                listed++;
            }
        }
        assertThat(listed).as("symbols kallsyms lists").isEqualTo(byName.values().stream().mapToLong(List::size).sum());
    }

    /** Every relocation of an allocated section except R_X86_64_NONE (padding left by the linker). */
    @Test
    void referenceCountCoversEveryAllocatedRelocation() throws Exception {
        long expected = 0;
        try (ElfFile f = ElfFile.open(vmlinux)) {
            for (ElfSection rela : f.relaSections()) {
                if (f.section(rela.info()).isAllocated()) {
                    ElfRelaTable t = f.relocations(rela);
                    for (int i = 0; i < t.count(); i++) {
                        if (t.type(i) != X86_64Relocations.R_X86_64_NONE) {
                            expected++;
                        }
                    }
                }
            }
        }
        assertThat(ix.referenceCount()).isEqualTo(expected);
    }

    /** Every PC-relative relocation in code designates what objdump's disassembler shows. */
    @Test
    void pcRelativeTargetsMatchObjdumpAcrossTheKernel() throws Exception {
        Process p = new ProcessBuilder("objdump", "-dr", "--no-show-raw-insn", "-j", ".text", "-j", ".init.text",
                "-j", ".altinstr_replacement", "-j", ".exit.text", vmlinux.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<Long, Long> objdump;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            objdump = ObjdumpTargets.parse(r);
        }
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        Map<Long, Long> ours = new HashMap<>(objdump.size() * 2);
        for (int id = 0; id < ix.symbolCount(); id++) {
            VmlinuxSymbol s = ix.symbol(id);
            if (s.type() == SymbolType.FUNC || s.type() == SymbolType.NOTYPE) {
                for (Reference ref : ix.referencesFrom(s)) {
                    if (X86_64Relocations.isPcRelative32(ref.type())) {
                        ours.put(ref.place(), ref.targetAddress());
                    }
                }
            }
        }
        int compared = 0;
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Long, Long> e : objdump.entrySet()) {
            Long t = ours.get(e.getKey());
            if (t != null) {
                compared++;
                if (!t.equals(e.getValue())) {
                    wrong.add(Long.toHexString(e.getKey()) + ": ours " + Long.toHexString(t) + ", objdump "
                            + Long.toHexString(e.getValue()));
                }
            }
        }
        System.out.printf("PC-relative code targets compared with objdump: %d, different: %d%n", compared, wrong.size());
        assertThat(compared).isGreaterThan(200_000);
        assertThat(wrong).isEmpty();
    }
}
