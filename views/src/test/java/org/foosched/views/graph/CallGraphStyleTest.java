package org.foosched.views.graph;

import org.foosched.analysis.boundary.FunctionClass;
import org.graphstream.ui.graphicGraph.stylesheet.StyleSheet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** GraphStream only logs a style sheet it cannot parse (and draws everything black): parse it here. */
class CallGraphStyleTest {

    @Test
    void theStyleSheetParsesAndStylesEveryClass() throws Exception {
        assertThatCode(() -> new StyleSheet().parseFromString(CallGraphView.stylesheet())).doesNotThrowAnyException();
        StyleSheet s = new StyleSheet();
        s.parseFromString(CallGraphView.stylesheet());
        for (FunctionClass c : FunctionClass.values()) {
            assertThat(s.getNodeStyleNameSpace().byClass.get(ClassColors.cssClass(c))).as(c.name()).isNotNull();
        }
        for (String extra : new String[] {"external", "focus", "callers", "callees", "file"}) {
            assertThat(s.getNodeStyleNameSpace().byClass.get(extra)).as(extra).isNotNull();
        }
        assertThat(s.getEdgeStyleNameSpace().byClass.get("outside")).isNotNull();
    }
}
