package org.foosched.views.editor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HighlighterTest {

    /** "style:text" for each styled span. */
    private static List<String> styled(String text, List<Highlighter.Span> spans) {
        List<String> out = new ArrayList<>();
        int at = 0;
        for (Highlighter.Span s : spans) {
            if (!s.style().isEmpty()) {
                out.add(s.style() + ":" + text.substring(at, at + s.length()));
            }
            at += s.length();
        }
        assertThat(at).as("spans cover the text").isEqualTo(text.length());
        return out;
    }

    @Test
    void cKeywordsTypesCommentsStringsAndMarkers() {
        String t = "#include \"sched.h\"\n/* DON'T MODIFY SIGNATURE: interface */\nstatic int f(void) /* x */\n"
                + "{\n\treturn sched_feat(HRTICK) ? 0x10 : 'c'; // done\n}\n";
        assertThat(styled(t, Highlighter.c(t))).containsExactly("preproc:#include", "string:\"sched.h\"",
                "marker:/* DON'T MODIFY SIGNATURE: interface */", "keyword:static", "type:int", "type:void",
                "comment:/* x */", "keyword:return", "macro:HRTICK", "number:0x10", "char:'c'", "comment:// done");
    }

    @Test
    void yamlKeysCommentsAndEntries() {
        String t = "# boundary\nfunction:\n  interface:\n    - try_to_wake_up  # the wakeup\n";
        assertThat(styled(t, Highlighter.yaml(t))).containsExactly("comment:# boundary", "key:function",
                "key:  interface", "dash:    -", "comment:# the wakeup");
    }

    @Test
    void otherFilesAreOnePlainSpan() {
        assertThat(Highlighter.forFile("Kbuild", "obj-m := x.o\n")).containsExactly(new Highlighter.Span("", 13));
        assertThat(Highlighter.forFile("a.c", "")).containsExactly(new Highlighter.Span("", 0));
    }
}
