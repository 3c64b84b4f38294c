package org.foosched.analysis.boundary;

/** The seed's table: private or shared, critical or not, and what loading does with it. */
public enum DataPlacement {
    PRIVATE_CRITICAL(false, true, Action.REBUILD),
    SHARED_CRITICAL(true, true, Action.REBUILD),
    PRIVATE(false, false, Action.REINIT),
    SHARED(true, false, Action.INHERIT);

    private final boolean shared;
    private final boolean critical;
    private final Action action;

    DataPlacement(boolean shared, boolean critical, Action action) {
        this.shared = shared;
        this.critical = critical;
        this.action = action;
    }

    public static DataPlacement of(boolean shared, boolean critical) {
        if (critical) {
            return shared ? SHARED_CRITICAL : PRIVATE_CRITICAL;
        }
        return shared ? SHARED : PRIVATE;
    }

    public boolean shared() {
        return shared;
    }

    public boolean critical() {
        return critical;
    }

    public Action action() {
        return action;
    }

    /** What happens to the variable's state when the module is loaded. */
    public enum Action {
        REBUILD("rebuild"), REINIT("re-init"), INHERIT("inherit");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
