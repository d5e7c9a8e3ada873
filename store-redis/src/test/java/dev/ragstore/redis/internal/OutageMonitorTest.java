package dev.ragstore.redis.internal;

import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The outage monitor without a server: what it logs when a check fails for a reason that is not Redis. */
class OutageMonitorTest {

    /** Keeps every line logged at INFO or above, with its throwable. */
    private static final class RecordingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, arguments)
                    + (throwable == null ? "" : " | " + throwable));
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }

    @Test
    void aNonRedisFailureWhileCheckingALostConnectionIsLoggedWithItsReason() throws Exception {
        RecordingLogger log = new RecordingLogger();
        OutageMonitor.Recovery broken = new OutageMonitor.Recovery() {
            @Override
            public void ping() {
                throw new IllegalStateException("recovery wired to a closed store");
            }

            @Override
            public void apply(Invalidation invalidation) {
            }

            @Override
            public void flushCaches() {
            }
        };
        try (OutageMonitor monitor = new OutageMonitor(log, new RedisErrors("10.0.0.7:6379", Duration.ofSeconds(1)),
                "RedisStore[10.0.0.7:6379 test:]", "degraded", broken)) {
            monitor.connectionLost();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (log.lines.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(log.lines).singleElement().asString()
                    .startsWith("ERROR RedisStore[10.0.0.7:6379 test:] unexpected failure while checking Redis")
                    .contains("recovery wired to a closed store");
            assertThat(monitor.isUp()).isTrue();
        }
    }
}
