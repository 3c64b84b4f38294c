package org.foosched.remote.deploy;

/** When a scheduler module printed its metrics. */
public enum MetricsPhase {
    LOAD, UNLOAD
}
