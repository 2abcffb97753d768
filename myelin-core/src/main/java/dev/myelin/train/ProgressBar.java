package dev.myelin.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * The console progress of {@link Trainer#fit}, like Keras's: on a terminal, a bar redrawn in place
 * during each epoch with the batches done, the elapsed time, the time left (ETA), the throughput
 * in examples per second and the running loss and metrics, then one line per epoch with the
 * validation values; when the output is not a terminal (a file, CI), just that line per epoch.
 *
 * <pre>{@code
 * new ProgressBar(System.out)          // interactive when System.out is a terminal
 * new ProgressBar(stream, false)       // plain: one line per epoch
 * }</pre>
 *
 * <p>An epoch's line: {@code epoch 3/10  469/469  12.4s  4838 ex/s  loss 0.3120  accuracy 0.8871
 * val_loss 0.3301  val_accuracy 0.8790  lr 1.00e-03}.
 */
public final class ProgressBar implements Callback {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;
    private final PrintStream out;
    private final boolean interactive;
    private long lastDraw;
    private int lastLength;

    /** Progress on {@code out}, interactive when the process has a terminal ({@link System#console()}). */
    public ProgressBar(PrintStream out) {
        this(out, System.console() != null && System.console().isTerminal());
    }

    /**
     * @param out where to write
     * @param interactive whether to redraw a bar during epochs (false: one plain line per epoch)
     */
    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Whether the bar is redrawn during epochs. */
    public boolean interactive() {
        return interactive;
    }

    @Override
    public void onBatchEnd(Trainer trainer, BatchProgress p) {
        long now = System.nanoTime();
        if (!interactive || (now - lastDraw < REDRAW_NANOS && p.batch() < p.batches())) {
            return;
        }
        lastDraw = now;
        int filled = p.batches() <= 0 ? 0 : (int) ((long) WIDTH * p.batch() / p.batches());
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        bar.append(']');
        double eta = p.batch() == 0 ? 0 : p.seconds() / p.batch() * (p.batches() - p.batch());
        String line = String.format(Locale.ROOT, "epoch %d/%d %s %d/%d  %s  ETA %s  %.0f ex/s%s", p.epoch() + 1, p.epochs(),
                bar, p.batch(), p.batches(), duration(p.seconds()), duration(eta), p.samples() / Math.max(p.seconds(), 1e-9),
                values(p.running()));
        redraw(line);
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        double seconds = logs.getOrDefault("seconds", 0.0);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  %s", epoch + 1, trainer.epochs(),
                duration(seconds)));
        logs.forEach((k, v) -> {
            if (!k.equals("seconds")) {
                sb.append(String.format(Locale.ROOT, k.equals("lr") ? "  %s %.2e" : "  %s %.4f", k, v));
            }
        });
        if (interactive) {
            redraw(sb.toString());
            out.println();
            lastLength = 0;
        } else {
            out.println(sb);
        }
        out.flush();
    }

    private void redraw(String line) {
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastLength; i++) {
            sb.append(' ');
        }
        lastLength = line.length();
        out.print(sb);
        out.flush();
    }

    private static String values(Map<String, Double> running) {
        StringBuilder sb = new StringBuilder();
        running.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %s %.4f", k, v)));
        return sb.toString();
    }

    /** 12.3s, 4:05 or 1:02:03. */
    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long s = Math.round(seconds);
        return s < 3600 ? String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
