package org.foosched.remote.deploy;

import java.time.Duration;

/**
 * Limits of deploy and rollback.
 *
 * @param operationTimeout  how long to wait for the package manager (install or removal)
 * @param moduleTimeout     how long the module may take to report enabled, or to disappear
 * @param reconnectAttempts reconnects tried when the connection drops while waiting
 * @param reconnectDelay    pause before each reconnect
 */
public record DeploySettings(Duration operationTimeout, Duration moduleTimeout, int reconnectAttempts,
                             Duration reconnectDelay) {

    public static DeploySettings defaults() {
        return new DeploySettings(Duration.ofMinutes(5), Duration.ofSeconds(30), 5, Duration.ofSeconds(3));
    }

    public DeploySettings withOperationTimeout(Duration d) {
        return new DeploySettings(d, moduleTimeout, reconnectAttempts, reconnectDelay);
    }

    public DeploySettings withReconnect(int attempts, Duration delay) {
        return new DeploySettings(operationTimeout, moduleTimeout, attempts, delay);
    }
}
