package org.foosched.analysis.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.foosched.analysis.testing.ElfFixture;
import org.junit.jupiter.api.Test;

/** The reader against readelf's view of the fixture objects. */
class ElfFileTest {

    @Test
    void headerAndSectionsMatchReadelf() throws Exception {
        Path elf = ElfFixture.linked();
        String readelf = ElfFixture.run(elf.getParent(), "readelf", "-SW", elf.toString());
        try (ElfFile f = ElfFile.open(elf)) {
            assertThat(f.header().type()).isEqualTo(ElfHeader.ET_EXEC);
            assertThat(f.header().machine()).isEqualTo(ElfHeader.EM_X86_64);
            Matcher m = Pattern.compile("There are (\\d+) section headers").matcher(readelf);
            assertThat(m.find()).isTrue();
            assertThat(f.sections()).hasSize(Integer.parseInt(m.group(1)));
            Pattern row = Pattern.compile("\\[\\s*(\\d+)]\\s+(\\S+)\\s+(\\S+)\\s+([0-9a-f]{16})\\s+([0-9a-f]+)\\s+([0-9a-f]+)");
            Matcher r = row.matcher(readelf);
            int rows = 0;
            while (r.find()) {
                ElfSection s = f.section(Integer.parseInt(r.group(1)));
                assertThat(s.name()).isEqualTo(r.group(2));
                assertThat(s.address()).isEqualTo(Long.parseUnsignedLong(r.group(4), 16));
                assertThat(s.offset()).isEqualTo(Long.parseLong(r.group(5), 16));
                assertThat(s.size()).isEqualTo(Long.parseLong(r.group(6), 16));
                rows++;
            }
            assertThat(rows).isEqualTo(f.sections().size() - 1);
            ElfSection text = f.section(".text").orElseThrow();
            assertThat(text.isAllocated()).isTrue();
            assertThat(text.isExecutable()).isTrue();
            ElfSection percpu = f.section(".data..percpu").orElseThrow();
            assertThat(percpu.address()).isZero();
            assertThat(f.section(".symtab").orElseThrow().isAllocated()).isFalse();
        }
    }

    @Test
    void symbolTableMatchesReadelf() throws Exception {
        for (Path elf : new Path[] {ElfFixture.linked(), ElfFixture.relocatable()}) {
            String readelf = ElfFixture.run(elf.getParent(), "readelf", "-sW", elf.toString());
            try (ElfFile f = ElfFile.open(elf)) {
                ElfSymbolTable t = f.symbolTable();
                Matcher m = Pattern.compile("contains (\\d+) entries").matcher(readelf);
                assertThat(m.find()).isTrue();
                assertThat(t.count()).isEqualTo(Integer.parseInt(m.group(1)));
                Pattern row = Pattern.compile("(?m)^\\s*(\\d+): ([0-9a-f]{16})\\s+(\\d+) (\\w+)\\s+(\\w+)\\s+\\w+\\s+(\\S+) ?(\\S*)$");
                Matcher r = row.matcher(readelf);
                int rows = 0;
                while (r.find()) {
                    int i = Integer.parseInt(r.group(1));
                    assertThat(t.value(i)).as("value of %s", r.group(7)).isEqualTo(Long.parseUnsignedLong(r.group(2), 16));
                    assertThat(t.size(i)).isEqualTo(Long.parseLong(r.group(3)));
                    assertThat(t.type(i).name()).isEqualTo(r.group(4));
                    assertThat(t.binding(i).name()).isEqualTo(r.group(5));
                    if (t.type(i) != SymbolType.SECTION) {
                        assertThat(t.name(i)).isEqualTo(r.group(7));
                    }
                    String ndx = r.group(6);
                    if (ndx.equals("UND")) {
                        assertThat(t.sectionIndex(i)).isEqualTo(ElfSymbolTable.SHN_UNDEF);
                    } else if (ndx.equals("ABS")) {
                        assertThat(t.sectionIndex(i)).isEqualTo(ElfSymbolTable.SHN_ABS);
                    } else {
                        assertThat(t.sectionIndex(i)).isEqualTo(Integer.parseInt(ndx));
                    }
                    rows++;
                }
                assertThat(rows).isEqualTo(t.count());
                assertThat(t.binding(t.firstNonLocal())).isNotEqualTo(SymbolBinding.LOCAL);
                assertThat(t.binding(t.firstNonLocal() - 1)).isEqualTo(SymbolBinding.LOCAL);
            }
        }
    }

    @Test
    void relocationsMatchReadelf() throws Exception {
        Path elf = ElfFixture.linked();
        String readelf = ElfFixture.run(elf.getParent(), "readelf", "-rW", elf.toString());
        try (ElfFile f = ElfFile.open(elf)) {
            ElfSymbolTable t = f.symbolTable();
            ElfRelaTable text = f.relocations(f.section(".rela.text").orElseThrow());
            assertThat(text.targetSectionIndex()).isEqualTo(f.section(".text").orElseThrow().index());
            // readelf: offset info type symbol-value symbol-name +/- addend
            Pattern row = Pattern.compile("(?m)^([0-9a-f]{16})\\s+([0-9a-f]{16})\\s+(R_X86_64_\\w+)\\s+[0-9a-f]{16} (\\S+) ([+-]) ([0-9a-f]+)$");
            String section = readelf.substring(readelf.indexOf("'.rela.text'"));
            section = section.substring(0, section.indexOf("\n\n") > 0 ? section.indexOf("\n\n") : section.length());
            Matcher r = row.matcher(section);
            int i = 0;
            while (r.find()) {
                assertThat(text.offset(i)).isEqualTo(Long.parseUnsignedLong(r.group(1), 16));
                assertThat(X86_64Relocations.name(text.type(i))).isEqualTo(r.group(3));
                String sym = t.type(text.symbol(i)) == SymbolType.SECTION
                        ? f.section(t.sectionIndex(text.symbol(i))).name() : t.name(text.symbol(i));
                assertThat(sym).isEqualTo(r.group(4));
                long addend = Long.parseLong(r.group(6), 16) * (r.group(5).equals("-") ? -1 : 1);
                assertThat(text.addend(i)).isEqualTo(addend);
                i++;
            }
            assertThat(i).isEqualTo(text.count()).isGreaterThan(10);
        }
    }

    @Test
    void readsBytesAtAnAddress() throws Exception {
        try (ElfFile f = ElfFile.open(ElfFixture.linked())) {
            ElfSymbolTable t = f.symbolTable();
            int traced = -1;
            for (int i = 0; i < t.count(); i++) {
                if (t.name(i).equals("traced")) {
                    traced = i;
                }
            }
            byte[] b = f.bytesAt(t.value(traced), 5);
            assertThat(b[0] & 0xff).as("call opcode of the fentry call").isEqualTo(0xe8);
            ElfSection text = f.section(".text").orElseThrow();
            assertThat(f.bytesInSection(text, t.value(traced) - text.address(), 5)).isEqualTo(b);
        }
    }
}
