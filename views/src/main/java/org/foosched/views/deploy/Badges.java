package org.foosched.views.deploy;

import javafx.scene.control.Label;

import java.util.Locale;

/** The look of a host badge: one style class per kind ({@code badge-enabled}, …; see workbench.css). */
final class Badges {

    private Badges() {
    }

    static String styleClass(HostBadge.Kind kind) {
        return "badge-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Shows the badge on the label (text, style, tooltip with the detail). */
    static void show(Label label, HostBadge badge) {
        label.getStyleClass().removeIf(c -> c.startsWith("badge-"));
        if (badge == null) {
            label.setText("");
            label.setTooltip(null);
            return;
        }
        if (!label.getStyleClass().contains("badge")) {
            label.getStyleClass().add("badge");
        }
        label.getStyleClass().add(styleClass(badge.kind()));
        label.setText(badge.label());
        label.setTooltip(new javafx.scene.control.Tooltip(badge.detail()));
    }
}
