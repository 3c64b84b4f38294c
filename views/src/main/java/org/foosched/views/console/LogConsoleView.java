package org.foosched.views.console;

import javafx.collections.ListChangeListener;
import javafx.scene.control.ListView;

/** The log console: follows new lines unless the user scrolled away from the end. */
public final class LogConsoleView extends ListView<String> {

    public LogConsoleView(LogModel model) {
        super(model.lines());
        setId("log-console");
        getStyleClass().add("console");
        model.lines().addListener((ListChangeListener<String>) c -> {
            if (!model.lines().isEmpty()) {
                scrollTo(model.lines().size() - 1);
            }
        });
    }
}
