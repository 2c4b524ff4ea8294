import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;

/**
 * What both cold-init drivers print: from the JVM process start (ProcessHandle, 10 ms granularity) to main,
 * to the handler being ready (built, and primed when asked: what SnapStart's snapshot would hold), and the
 * first answer's own duration with the classes it loaded (ClassLoadingMXBean: near zero after good priming).
 * One line: {@code COLD_INIT_MS <start to answer> <start to main> <start to ready> <first answer> <classes>}.
 */
final class ColdStart {
    private final Instant jvmStart = ProcessHandle.current().info().startInstant().orElseThrow();
    private final long mainMs = Duration.between(jvmStart, Instant.now()).toMillis();
    private long readyMs;
    private long firstStarted;
    private long classesBefore;

    void ready() {
        readyMs = Duration.between(jvmStart, Instant.now()).toMillis();
        classesBefore = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        firstStarted = System.nanoTime();
    }

    void answered() {
        long firstMs = (System.nanoTime() - firstStarted) / 1_000_000;
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() - classesBefore;
        long totalMs = Duration.between(jvmStart, Instant.now()).toMillis();
        System.out.println("COLD_INIT_MS " + totalMs + " " + mainMs + " " + readyMs + " " + firstMs + " " + classes);
    }
}
