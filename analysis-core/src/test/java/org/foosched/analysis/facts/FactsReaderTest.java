package org.foosched.analysis.facts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FactsReaderTest {

    @TempDir
    Path dir;

    private final FactsReader reader = new FactsReader();

    private static final String VALID = """
            {"schema":"foosched-facts/1","unit":"kernel/sched/core.c","compiler":"12.2.0",
            "functions":[
              {"name":"__schedule","asmName":"__schedule",
               "loc":{"file":"kernel/sched/core.c","line":6464,"col":29},"expansion":null,
               "body":{"open":{"file":"kernel/sched/core.c","line":6465,"col":1},
                       "close":{"file":"kernel/sched/core.c","line":6592,"col":1}},
               "flags":["static","notrace"],"section":".sched.text",
               "decl":"static void __schedule(unsigned int)","aliasOf":null},
              {"name":"__ia32_sys_sched_yield","asmName":"__ia32_sys_sched_yield",
               "loc":{"file":"kernel/sched/core.c","line":8400,"col":1},
               "expansion":{"macro":"SYSCALL_DEFINE0","loc":{"file":"kernel/sched/core.c","line":8400,"col":1}},
               "body":null,"flags":[],"section":null,"decl":"long int __ia32_sys_sched_yield(const struct pt_regs *)",
               "aliasOf":"__x64_sys_sched_yield"}],
            "variables":[
              {"name":"runqueues","asmName":"runqueues","scope":null,
               "loc":{"file":"kernel/sched/core.c","line":114,"col":1},
               "expansion":{"macro":"DEFINE_PER_CPU_SHARED_ALIGNED","loc":{"file":"kernel/sched/core.c","line":114,"col":1}},
               "flags":["percpu"],"section":".data..percpu..shared_aligned","size":3264,"decl":"struct rq runqueues"},
              {"name":"warned","asmName":"warned.3","scope":"__schedule",
               "loc":{"file":"kernel/sched/core.c","line":6470,"col":14},"expansion":null,
               "flags":["static","function_local"],"section":null,"size":null,"decl":"static bool warned"}],
            "calls":[{"from":"__schedule","to":"pick_next_task","loc":{"file":"kernel/sched/core.c","line":6530,"col":9}}],
            "refs":[{"from":"__schedule","fromKind":"function","fromScope":null,"to":"runqueues","toKind":"variable",
                     "toScope":null,"addressTaken":true,"loc":null}],
            "fields":[{"function":"__schedule","struct":"rq","field":"nr_switches","count":1}],
            "declarations":[{"name":"rcu_note_context_switch","kind":"function",
                             "loc":{"file":"include/linux/rcutiny.h","line":1,"col":1}}]}
            """;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsAValidFile() throws IOException {
        FactsFile facts = reader.read(write("kernel__sched__core.c.facts.json", VALID));
        assertThat(facts.unit()).isEqualTo("kernel/sched/core.c");
        FunctionFact schedule = facts.function("__schedule").orElseThrow();
        assertThat(schedule.flags()).containsExactlyInAnyOrder(FunctionFlag.STATIC, FunctionFlag.NOTRACE);
        assertThat(schedule.body().open()).isEqualTo(new Loc("kernel/sched/core.c", 6465, 1));
        assertThat(facts.function("__ia32_sys_sched_yield").orElseThrow().isAlias()).isTrue();
        VariableFact rq = facts.variable("runqueues").orElseThrow();
        assertThat(rq.has(VariableFlag.PERCPU)).isTrue();
        assertThat(rq.size()).isEqualTo(3264L);
        assertThat(rq.expansion().macro()).isEqualTo("DEFINE_PER_CPU_SHARED_ALIGNED");
        assertThat(facts.variable("warned")).isEmpty();
        assertThat(facts.localStatic("__schedule", "warned").orElseThrow().asmName()).isEqualTo("warned.3");
        assertThat(facts.refs().get(0).toKind()).isEqualTo(SymbolKind.VARIABLE);
        assertThat(facts.refs().get(0).isCallback()).isFalse();
        assertThat(facts.fields().get(0).count()).isEqualTo(1);
        assertThat(facts.declarations().get(0).kind()).isEqualTo(SymbolKind.FUNCTION);
    }

    @Test
    void findsTheSchemaWhereverItIs() throws IOException {
        String moved = VALID.replace("{\"schema\":\"foosched-facts/1\",", "{")
                .replace("\"declarations\":[", "\"schema\":\"foosched-facts/1\",\"declarations\":[");
        assertThat(moved).doesNotStartWith("{\"schema\"");
        assertThat(reader.read(write("moved.facts.json", moved)).schema()).isEqualTo(FactsFile.SCHEMA);
    }

    @Test
    void refusesAnUnknownSchemaVersion() throws IOException {
        Path file = write("new.facts.json", VALID.replace("foosched-facts/1", "foosched-facts/2"));
        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(FactsFormatException.class)
                .hasMessageContaining("foosched-facts/2").hasMessageContaining("foosched-facts/1")
                .hasMessageContaining("collect the facts again");
    }

    @Test
    void refusesAFileWithoutSchema() throws IOException {
        Path file = write("x.facts.json", "{\"unit\":\"a.c\"}");
        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(FactsFormatException.class)
                .hasMessageContaining("not a Foosched facts file").hasMessageContaining("schema");
    }

    @Test
    void refusesMalformedJsonNamingThePlace() throws IOException {
        Path file = write("bad.facts.json", VALID.substring(0, VALID.length() / 2));
        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(FactsFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON")
                .hasMessageContaining("line");
        Path array = write("array.facts.json", "[1,2]");
        assertThatThrownBy(() -> reader.read(array)).isInstanceOf(FactsFormatException.class)
                .hasMessageContaining("expected a JSON object");
    }

    @Test
    void refusesMissingRequiredFieldsAndUnknownOnes() throws IOException {
        Path noName = write("a.facts.json", VALID.replace("\"name\":\"__schedule\",", ""));
        assertThatThrownBy(() -> reader.read(noName)).isInstanceOf(FactsFormatException.class)
                .hasMessageContaining("name");
        Path badFlag = write("b.facts.json", VALID.replace("\"notrace\"]", "\"turbo\"]"));
        assertThatThrownBy(() -> reader.read(badFlag)).isInstanceOf(FactsFormatException.class)
                .hasMessageContaining("turbo");
        Path extra = write("c.facts.json", VALID.replace("\"compiler\":\"12.2.0\",", "\"compiler\":\"12.2.0\",\"x\":1,"));
        assertThatThrownBy(() -> reader.read(extra)).isInstanceOf(FactsFormatException.class)
                .hasMessageContaining("\"x\"");
        Path badLine = write("d.facts.json", VALID.replace("\"line\":6465", "\"line\":0"));
        assertThatThrownBy(() -> reader.read(badLine)).isInstanceOf(FactsFormatException.class)
                .hasMessageContaining("bad position");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("none.facts.json");
        assertThatThrownBy(() -> reader.read(missing)).isInstanceOf(FactsFormatException.class)
                .hasMessageContaining("does not exist").hasMessageContaining(missing.toString());
    }

    @Test
    void readsADirectoryByUnit() throws IOException {
        write(FactsFile.fileNameOf("kernel/sched/core.c"), VALID);
        write(FactsFile.fileNameOf("kernel/sched/fair.c"), VALID.replace("kernel/sched/core.c\",\"compiler",
                "kernel/sched/fair.c\",\"compiler"));
        write(".kernel__sched__x.c.facts.json.123", "partial");
        write("notes.txt", "ignored");
        Map<String, FactsFile> all = reader.readDirectory(dir);
        assertThat(all).containsOnlyKeys("kernel/sched/core.c", "kernel/sched/fair.c");
        assertThat(FactsFile.fileNameOf("kernel/sched/core.c")).isEqualTo("kernel__sched__core.c.facts.json");
    }
}
