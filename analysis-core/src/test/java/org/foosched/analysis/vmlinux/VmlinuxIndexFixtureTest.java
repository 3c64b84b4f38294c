package org.foosched.analysis.vmlinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.foosched.analysis.elf.ElfFormatException;
import org.foosched.analysis.elf.SymbolBinding;
import org.foosched.analysis.elf.SymbolType;
import org.foosched.analysis.elf.X86_64Relocations;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.testing.ElfFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The index over the gcc-built fixture (src/test/resources/elf-fixture), both as an
 * executable linked with --emit-relocs and as an {@code ld -r} object.
 */
class VmlinuxIndexFixtureTest {

    @TempDir
    Path tmp;

    private static VmlinuxIndex index(boolean linked) throws Exception {
        return VmlinuxIndex.build(linked ? ElfFixture.linked() : ElfFixture.relocatable(), null, Progress.NONE);
    }

    private static VmlinuxSymbol sym(VmlinuxIndex ix, String name, String file) {
        List<VmlinuxSymbol> l = ix.symbolsNamed(name, file);
        assertThat(l).as("symbols named %s in %s", name, file).hasSize(1);
        return l.get(0);
    }

    private static List<String> targetNames(List<Reference> refs) {
        List<String> out = new ArrayList<>();
        for (Reference r : refs) {
            out.add(r.to() == null ? "?" : r.to().name() + (r.to().file() == null ? "" : "@" + r.to().file()));
        }
        return out;
    }

    @ParameterizedTest(name = "linked={0}")
    @ValueSource(booleans = {true, false})
    void symbolsCarryTypeBindingSectionAndFile(boolean linked) throws Exception {
        VmlinuxIndex ix = index(linked);
        assertThat(ix.symbolsNamed("helper")).extracting(VmlinuxSymbol::file).containsExactlyInAnyOrder("a.c", "b.c");
        VmlinuxSymbol helperA = sym(ix, "helper", "a.c");
        assertThat(helperA.type()).isEqualTo(SymbolType.FUNC);
        assertThat(helperA.binding()).isEqualTo(SymbolBinding.LOCAL);
        assertThat(helperA.size()).isEqualTo(10);
        VmlinuxSymbol globalA = sym(ix, "global_a", null);
        assertThat(globalA.binding()).isEqualTo(SymbolBinding.GLOBAL);
        assertThat(globalA.file()).isNull();
        assertThat(globalA.unit()).isEqualTo(-1);
        VmlinuxSymbol once = sym(ix, "once_a2", "a.c");
        assertThat(once.type()).isEqualTo(SymbolType.OBJECT);
        assertThat(once.section()).isEqualTo(".bss");
        assertThat(sym(ix, "pcpu_local", "c.c").section()).isEqualTo(".data..percpu");
        assertThat(sym(ix, "tiny_1", "d.c").size()).isEqualTo(1);
        // the file filter accepts paths and never drops globals
        assertThat(ix.symbolsNamed("helper", "kernel/sched/b.c")).extracting(VmlinuxSymbol::file).containsExactly("b.c");
        assertThat(ix.symbolsNamed("global_a", "zzz.c")).hasSize(1);
        assertThat(ix.symbolsNamed("a.c")).as("file symbols are not looked up by name").isEmpty();
        assertThat(ix.unitsOfFile("src/a.c")).containsExactly(helperA.unit());
        assertThat(ix.unitsOfFile("zzz.c")).isEmpty();
        assertThat(ix.symbolsInUnit(helperA.unit())).extracting(VmlinuxSymbol::name)
                .contains("helper", "helper2", "state_a", "once_a1").doesNotContain("state_b", "global_a");
        assertThat(ix.count(SymbolType.FUNC)).isEqualTo(countNm(linked, "[tT]"));
    }

    /** Number of symbols of the given nm type class (FUNC and NOTYPE text both show as t/T, so compare FUNC+text). */
    private static int countNm(boolean linked, String types) throws Exception {
        Path f = linked ? ElfFixture.linked() : ElfFixture.relocatable();
        String out = ElfFixture.run(f.getParent(), "readelf", "-sW", f.toString());
        int n = 0;
        for (String line : out.split("\n")) {
            if (line.matches("\\s*\\d+: [0-9a-f]+\\s+\\d+ FUNC .*")) {
                n++;
            }
        }
        return n;
    }

    @Test
    void symposFollowsAddressOrderLikeNm() throws Exception {
        VmlinuxIndex ix = index(true);
        String nm = ElfFixture.run(ElfFixture.directory(), "nm", "-n", ElfFixture.linked().toString());
        List<Long> helpers = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^([0-9a-f]+) t helper$").matcher(nm);
        while (m.find()) {
            helpers.add(Long.parseUnsignedLong(m.group(1), 16));
        }
        assertThat(helpers).hasSize(2);
        for (VmlinuxSymbol h : ix.symbolsNamed("helper")) {
            assertThat(h.sympos()).isEqualTo(helpers.indexOf(h.address()) + 1);
        }
        assertThat(sym(ix, "helper", "a.c").displayName()).isEqualTo("helper [a.c],1");
        assertThat(sym(ix, "global_a", null).sympos()).isZero();
        assertThat(sym(ix, "tweak.isra.0", "d.c").sympos()).isZero();
        assertThat(sym(ix, "__ksymtab_global_a", "d.c").sympos()).as("kallsyms lists __ksymtab_ labels").isZero();
    }

    @ParameterizedTest(name = "linked={0}")
    @ValueSource(booleans = {true, false})
    void referencesFromCodeResolveSectionSymbolsAndImmediates(boolean linked) throws Exception {
        VmlinuxIndex ix = index(linked);
        VmlinuxSymbol globalA = sym(ix, "global_a", null);
        List<Reference> from = ix.referencesFrom(globalA);
        // call helper; call helper2; movl $imm32; cmpb $imm8; movb $imm8; testb $imm8; movw $imm16; btl $imm8; lock xadd
        assertThat(targetNames(from)).containsExactly("helper@a.c", "helper2@a.c", "state_a@a.c", "once_a3@a.c",
                "once_a2@a.c", "once_a1@a.c", "word_a@a.c", "state_a@a.c", "state_a@a.c");
        for (Reference r : from) {
            assertThat(r.from()).isEqualTo(globalA);
            assertThat(r.offsetInTo()).as("%s", r).isZero();
            assertThat(r.type()).isEqualTo(X86_64Relocations.R_X86_64_PC32);
            assertThat(r.section()).isEqualTo(".text");
        }
        VmlinuxSymbol helperB = sym(ix, "helper", "b.c");
        assertThat(ix.referencesTo(helperB)).extracting(r -> r.from().name()).containsExactly("global_b");
        assertThat(targetNames(ix.referencesFrom(sym(ix, "global_b", null))))
                .containsExactly("state_b@b.c", "helper@b.c", "counter_a");
    }

    @ParameterizedTest(name = "linked={0}")
    @ValueSource(booleans = {true, false})
    void referencesFromDataObjects(boolean linked) throws Exception {
        VmlinuxIndex ix = index(linked);
        VmlinuxSymbol helperA = sym(ix, "helper", "a.c");
        VmlinuxSymbol helper2 = sym(ix, "helper2", "a.c");
        VmlinuxSymbol globalA = sym(ix, "global_a", null);
        List<Reference> toHelper = ix.referencesTo(helperA);
        assertThat(toHelper).extracting(r -> r.from().name()).containsExactlyInAnyOrder("global_a", "ops_rw");
        Reference data = toHelper.stream().filter(r -> r.from().name().equals("ops_rw")).findFirst().orElseThrow();
        assertThat(data.type()).isEqualTo(X86_64Relocations.R_X86_64_64);
        assertThat(data.section()).isEqualTo(".data");
        assertThat(data.offsetInFrom()).isZero();
        assertThat(ix.referencesTo(helper2)).extracting(r -> r.from().name() + "+" + r.offsetInFrom() + " " + r.section())
                .containsExactlyInAnyOrder("global_a+11 .text", "ops_a+0 .rodata");
        List<Reference> toGlobalA = ix.referencesTo(globalA);
        assertThat(toGlobalA).extracting(Reference::section).containsExactlyInAnyOrder(".rodata", "__ksymtab");
        Reference ksym = toGlobalA.stream().filter(r -> r.section().equals("__ksymtab")).findFirst().orElseThrow();
        assertThat(ksym.from()).as("the place is in no sized symbol").isNull();
        assertThat(ksym.type()).isEqualTo(X86_64Relocations.R_X86_64_PC32);
        assertThat(ksym.targetAddress()).isEqualTo(globalA.address());
        Reference ops = toGlobalA.stream().filter(r -> r.section().equals(".rodata")).findFirst().orElseThrow();
        assertThat(ops.from().name()).isEqualTo("ops_a");
        assertThat(ops.offsetInFrom()).isEqualTo(8);
    }

    @ParameterizedTest(name = "linked={0}")
    @ValueSource(booleans = {true, false})
    void pcRelativeDataEntriesAreNotAdjustedLikeInstructions(boolean linked) throws Exception {
        VmlinuxIndex ix = index(linked);
        VmlinuxSymbol tiny1 = sym(ix, "tiny_1", "d.c");
        assertThat(ix.referencesTo(tiny1)).extracting(r -> r.section() + ":" + (r.from() == null ? "-" : r.from().name()))
                .containsExactlyInAnyOrder(".fake_orc_ip:-", ".text:both");
        for (Reference r : ix.referencesTo(tiny1)) {
            assertThat(r.targetAddress()).isEqualTo(tiny1.address());
        }
        assertThat(ix.referencesTo(sym(ix, "tiny_2", "d.c"))).extracting(Reference::section).containsExactly(".fake_orc_ip");
        assertThat(ix.referencesTo(sym(ix, "tiny_5", "d.c"))).isEmpty();
        assertThat(ix.referencesTo(sym(ix, "tiny_6", "d.c"))).isEmpty();
        assertThat(ix.referencesTo(sym(ix, "both.cold", "d.c"))).extracting(r -> r.from().name()).containsExactly("both");
    }

    @ParameterizedTest(name = "linked={0}")
    @ValueSource(booleans = {true, false})
    void perCpuReferences(boolean linked) throws Exception {
        VmlinuxIndex ix = index(linked);
        List<Reference> from = ix.referencesFrom(sym(ix, "read_pcpu", null));
        assertThat(from).extracting(r -> r.to().name() + " " + r.typeName()).containsExactly(
                "pcpu_local R_X86_64_32S", "pcpu_local R_X86_64_PC32", "pcpu_global R_X86_64_PC32");
        assertThat(targetNames(ix.referencesFrom(sym(ix, "traced", null)))).containsExactly("__fentry__", "pcpu_pad@c.c");
        if (linked) {
            assertThat(ix.symbolContaining(".data..percpu", 4)).map(VmlinuxSymbol::name).hasValue("pcpu_pad");
        }
    }

    @ParameterizedTest(name = "linked={0}")
    @ValueSource(booleans = {true, false})
    void fentryCalls(boolean linked) throws Exception {
        VmlinuxIndex ix = index(linked);
        assertThat(ix.hasFentryCall(sym(ix, "traced", null))).isTrue();
        assertThat(ix.hasFentryCall(sym(ix, "untraced", null))).isFalse();
        assertThat(ix.hasFentryCall(sym(ix, "read_pcpu", null))).isFalse();
        assertThat(ix.hasFentryCall(sym(ix, "global_a", null))).isFalse();
        Reference call = ix.referencesFrom(sym(ix, "traced", null)).get(0);
        assertThat(call.offsetInFrom()).isEqualTo(1);
        assertThat(call.type()).isEqualTo(X86_64Relocations.R_X86_64_PLT32);
    }

    @ParameterizedTest(name = "linked={0}")
    @ValueSource(booleans = {true, false})
    void compilerVariants(boolean linked) throws Exception {
        VmlinuxIndex ix = index(linked);
        assertThat(ix.variantsOf("tweak")).extracting(VmlinuxSymbol::name)
                .containsExactlyInAnyOrder("tweak.isra.0", "tweak.constprop.0.isra.0");
        assertThat(ix.lookupFunction("tweak", "d.c").status()).isEqualTo(FunctionLookup.Status.ONLY_VARIANTS);
        assertThat(ix.lookupFunction("tweak", "a.c").status()).isEqualTo(FunctionLookup.Status.ABSENT);
        FunctionLookup both = ix.lookupFunction("both", null);
        assertThat(both.status()).isEqualTo(FunctionLookup.Status.PRESENT);
        assertThat(both.variants()).extracting(VmlinuxSymbol::name).containsExactly("both.cold");
        assertThat(ix.lookupFunction("inlined_everywhere", null).status()).isEqualTo(FunctionLookup.Status.ABSENT);
        assertThat(ix.symbolsNamed("__warned.3")).hasSize(1);
        assertThat(ix.variantsOf("__warned")).isEmpty();
        assertThat(sym(ix, "tweak.constprop.0.isra.0", "d.c").baseName()).isEqualTo("tweak");
    }

    @ParameterizedTest(name = "linked={0}")
    @ValueSource(booleans = {true, false})
    void exportsFromKsymtab(boolean linked) throws Exception {
        VmlinuxIndex ix = index(linked);
        assertThat(ix.exports()).extracting(e -> e.name() + (e.gpl() ? " GPL" : ""))
                .containsExactly("global_a", "global_b GPL");
        assertThat(ix.export("global_a").orElseThrow().inImage()).isTrue();
        assertThat(ix.export("helper")).isEmpty();
    }

    @Test
    void exportsMergeModuleSymvers() throws Exception {
        Path symvers = Files.writeString(tmp.resolve("Module.symvers"),
                "0x12345678\tglobal_a\tvmlinux\tEXPORT_SYMBOL\t\n"
                        + "0x0000abcd\tglobal_b\tvmlinux\tEXPORT_SYMBOL_GPL\tMY_NS\n"
                        + "0x00000001\tonly_in_symvers\tvmlinux\tEXPORT_SYMBOL_GPL\t\n"
                        + "0x00000002\tmod_func\tdrivers/foo/foo\tEXPORT_SYMBOL\t\n");
        VmlinuxIndex ix = VmlinuxIndex.build(ElfFixture.linked(), symvers, Progress.NONE);
        assertThat(ix.export("global_a").orElseThrow().crc()).isEqualTo(0x12345678L);
        assertThat(ix.export("global_b").orElseThrow().namespace()).isEqualTo("MY_NS");
        assertThat(ix.export("global_b").orElseThrow().gpl()).isTrue();
        Export only = ix.export("only_in_symvers").orElseThrow();
        assertThat(only.inImage()).isFalse();
        assertThat(only.gpl()).isTrue();
        assertThat(ix.export("mod_func")).as("module exports are not vmlinux's").isEmpty();
    }

    @Test
    void addressLookupAndBytes() throws Exception {
        VmlinuxIndex ix = index(true);
        VmlinuxSymbol once2 = sym(ix, "once_a2", "a.c");
        assertThat(ix.symbolContaining(once2.address())).hasValue(once2);
        VmlinuxSymbol globalA = sym(ix, "global_a", null);
        assertThat(ix.symbolContaining(globalA.address() + 5)).hasValue(globalA);
        assertThat(ix.symbolContaining(0x10L)).isEmpty();
        VmlinuxSymbol traced = sym(ix, "traced", null);
        byte[] code = ix.functionBytes(traced);
        assertThat(code).hasSize((int) traced.size());
        assertThat(code[0] & 0xff).isEqualTo(0xe8);
        assertThat(ix.bytes(traced, 0, 5)).containsExactly(java.util.Arrays.copyOf(code, 5));
        VmlinuxIndex rel = index(false);
        VmlinuxSymbol relTraced = sym(rel, "traced", null);
        assertThat(rel.functionBytes(relTraced)[0] & 0xff).isEqualTo(0xe8);
        assertThatThrownBy(() -> ix.bytes(once2, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no file contents").hasMessageContaining(".bss");
    }

    @Test
    void bytesRefuseAChangedFile() throws Exception {
        Path copy = tmp.resolve("fixture.elf");
        Files.copy(ElfFixture.linked(), copy);
        VmlinuxIndex ix = VmlinuxIndex.build(copy, null, Progress.NONE);
        VmlinuxSymbol traced = sym(ix, "traced", null);
        Files.setLastModifiedTime(copy, FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() + 5000));
        assertThatThrownBy(() -> ix.functionBytes(traced)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("changed since");
    }

    @Test
    void refusesOtherMachines() throws Exception {
        byte[] b = Files.readAllBytes(ElfFixture.linked());
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(18, (short) 183);
        Path p = Files.write(tmp.resolve("aarch64.elf"), b);
        assertThatThrownBy(() -> VmlinuxIndex.build(p, null, Progress.NONE)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("not x86-64");
    }

    @Test
    void cancellationStopsTheBuild() throws Exception {
        Progress cancelled = Progress.silent(() -> true);
        assertThatThrownBy(() -> VmlinuxIndex.build(ElfFixture.linked(), null, cancelled))
                .isInstanceOf(Progress.CancelledException.class);
    }

    /**
     * Every PC-relative relocation inside code must designate the address objdump's
     * disassembler computes for that instruction (call target or the "# addr" comment).
     */
    @Test
    void everyPcRelativeCodeTargetMatchesObjdump() throws Exception {
        VmlinuxIndex ix = index(true);
        Map<Long, Long> ours = new HashMap<>();
        for (int id = 0; id < ix.symbolCount(); id++) {
            VmlinuxSymbol s = ix.symbol(id);
            if (s.isFunction()) {
                for (Reference r : ix.referencesFrom(s)) {
                    if (X86_64Relocations.isPcRelative32(r.type())) {
                        ours.put(r.place(), r.targetAddress());
                    }
                }
            }
        }
        Map<Long, Long> objdump = ObjdumpTargets.parse(
                ElfFixture.run(ElfFixture.directory(), "objdump", "-dr", ElfFixture.linked().toString()));
        assertThat(objdump).hasSizeGreaterThanOrEqualTo(15);
        assertThat(ours).containsAllEntriesOf(objdump);
    }
}
