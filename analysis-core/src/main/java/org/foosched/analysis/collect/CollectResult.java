package org.foosched.analysis.collect;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a collection.
 *
 * @param units          one entry per requested unit, in request order
 * @param buildDirReused the prepared build directory was reused (config and source unchanged)
 * @param prepareTime    olddefconfig + modules_prepare, zero when reused
 * @param compileTime    the make run that compiled the units with the plugin
 */
public record CollectResult(List<UnitFacts> units, boolean buildDirReused, Duration prepareTime,
                            Duration compileTime) {

    public CollectResult {
        units = List.copyOf(units);
    }

    public Optional<UnitFacts> unit(String unit) {
        return units.stream().filter(u -> u.unit().equals(unit)).findFirst();
    }
}
