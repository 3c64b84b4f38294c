package org.foosched.analysis.build;

import org.foosched.analysis.elf.ElfFile;
import org.foosched.analysis.elf.ElfRelaTable;
import org.foosched.analysis.elf.ElfSection;
import org.foosched.analysis.elf.ElfSymbolTable;
import org.foosched.analysis.proc.Exec;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.testing.ElfFixture;
import org.foosched.analysis.vmlinux.VmlinuxIndex;
import org.foosched.analysis.vmlinux.VmlinuxSymbol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Build-time resolution on a module-like object compiled by gcc against the ELF fixture (the
 * "vmlinux": two local {@code helper}s, the global {@code global_a}, the per-cpu
 * {@code pcpu_local}, the "exported" function {@code traced}). The check plays the kernel's
 * loader: every relocation must come to the same value after the rewrite as before it with the
 * symbol resolved directly, wherever KASLR puts the image.
 */
class BuildTimeResolverTest {

    @TempDir
    static Path tmp;

    static VmlinuxIndex vmlinux;

    @BeforeAll
    static void index() throws Exception {
        Path symvers = Files.writeString(tmp.resolve("Module.symvers"), "0x1234abcd\ttraced\tvmlinux\tEXPORT_SYMBOL\t\n");
        vmlinux = VmlinuxIndex.build(ElfFixture.linked(), symvers, Progress.NONE);
    }

    static Path module(String name, String source) throws Exception {
        Path c = Files.writeString(tmp.resolve(name + ".c"), source);
        Path o = tmp.resolve(name + ".o");
        Exec.of("gcc", "-c", "-O1", "-fno-pic", "-mcmodel=kernel", "-fno-asynchronous-unwind-tables", "-o", o.toString(),
                c.toString()).run();
        return o;
    }

    static final String MODULE = """
            extern int traced(int);
            extern char helper_2[] __asm__("foosched.vmlinux.2.helper");
            extern int pcpu __asm__("foosched.vmlinux.0.pcpu_local");
            extern int global_a;
            void *refs[] = { helper_2, helper_2 + 3, &global_a, &pcpu };
            int use(void) { return traced(1) + global_a + ((int (*)(void))helper_2)(); }
            """;

    /** What the loader computes for a relocation: the symbol's value (undefined ones as {@code resolve} says) plus the addend. */
    record Applied(String section, long offset, int type, long value) {
    }

    static List<Applied> apply(Path ko, java.util.function.ToLongFunction<String> undefined) throws Exception {
        List<Applied> out = new ArrayList<>();
        try (ElfFile elf = ElfFile.open(ko)) {
            ElfSymbolTable t = elf.symbolTable();
            for (ElfSection rela : elf.relaSections()) {
                if (!elf.section(rela.info()).isAllocated()) {
                    continue;
                }
                ElfRelaTable r = elf.relocations(rela);
                for (int j = 0; j < r.count(); j++) {
                    int s = r.symbol(j);
                    long value = switch (t.sectionIndex(s)) {
                        case ElfSymbolTable.SHN_UNDEF -> undefined.applyAsLong(t.name(s));
                        case ElfSymbolTable.SHN_ABS -> t.value(s);
                        default -> 0x10_0000L * t.sectionIndex(s) + t.value(s); // the module's own: any fixed layout
                    };
                    out.add(new Applied(rela.name(), r.offset(j), r.type(j), value + r.addend(j)));
                }
            }
        }
        return out;
    }

    static long address(String name, int sympos) {
        return vmlinux.symbolsNamed(name).stream().filter(s -> s.sympos() == sympos).findFirst()
                .map(VmlinuxSymbol::address).orElseThrow();
    }

    @Test
    void everyReferenceLandsWhereTheResolverOnTheTargetWouldPutItForAnyKaslrOffset() throws Exception {
        Path ko = module("mod", MODULE);
        Path out = tmp.resolve("resolved/mod.o");
        BuildTimeResolver.Result r = BuildTimeResolver.resolve(ko, vmlinux, Set.of("global_a"), out);

        assertThat(r.anchor()).isEqualTo("traced");
        assertThat(r.symbols()).isEqualTo(3);
        assertThat(r.perCpu()).isEqualTo(1);
        assertThat(r.relocations()).isGreaterThanOrEqualTo(5);
        try (ElfFile elf = ElfFile.open(out)) {
            ElfSymbolTable t = elf.symbolTable();
            List<String> undefined = new ArrayList<>();
            for (int i = 1; i < t.count(); i++) {
                if (t.sectionIndex(i) == ElfSymbolTable.SHN_UNDEF) {
                    undefined.add(t.name(i));
                }
            }
            assertThat(undefined).as("only the export is left to the loader").containsExactly("traced");
        }

        long pcpu = address("pcpu_local", 0);
        for (long kaslr : new long[] {0, 0x2e00_0000L, 0x1_3a40_0000L}) {
            // before: the target's resolver puts each symbol at its address in this boot (per-cpu: not moved)
            List<Applied> direct = apply(ko, name -> switch (name) {
                case "traced" -> address("traced", 0) + kaslr;
                case "foosched.vmlinux.2.helper" -> address("helper", 2) + kaslr;
                case "global_a" -> address("global_a", 0) + kaslr;
                case "foosched.vmlinux.0.pcpu_local" -> pcpu;
                default -> throw new AssertionError("unexpected undefined symbol " + name);
            });
            // after: the loader resolves only the export
            List<Applied> anchored = apply(out, name -> {
                assertThat(name).isEqualTo("traced");
                return address("traced", 0) + kaslr;
            });
            assertThat(anchored).as("KASLR offset %x", kaslr).isEqualTo(direct);
        }
        assertThat(address("helper", 2)).isNotEqualTo(address("helper", 1));
    }

    @Test
    void whatCannotBeResolvedIsNamedAndNothingIsWritten() throws Exception {
        Path ko = module("bad", """
                extern int traced(int);
                extern char h[] __asm__("foosched.vmlinux.0.helper");
                extern char n[] __asm__("foosched.vmlinux.0.no_such_symbol");
                extern char p[] __asm__("foosched.vmlinux.3.helper");
                void *refs[] = { h, n, p };
                int use(void) { return traced(1); }
                """);
        Path out = tmp.resolve("bad-out.o");
        assertThatThrownBy(() -> BuildTimeResolver.resolve(ko, vmlinux, Set.of(), out))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("helper: ambiguous in vmlinux (2 symbols of that name)")
                .hasMessageContaining("no_such_symbol: not in vmlinux's kallsyms")
                .hasMessageContaining("helper,3: vmlinux has only 2 symbols of that name");
        assertThat(out).doesNotExist();
    }

    @Test
    void aModuleThatImportsNoExportedFunctionHasNoAnchor() throws Exception {
        Path ko = module("lonely", """
                extern char h[] __asm__("foosched.vmlinux.1.helper");
                void *refs[] = { h };
                """);
        assertThatThrownBy(() -> BuildTimeResolver.resolve(ko, vmlinux, Set.of(), tmp.resolve("lonely-out.o")))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("imports no exported vmlinux function");
    }
}
