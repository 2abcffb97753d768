package dev.myelin.cli;

import picocli.CommandLine.Command;

/** {@code myelin demo <name>}: small end-to-end demonstrations. */
@Command(name = "demo", description = "Run a demonstration: transfer (transfer learning on Fashion-MNIST), search"
        + " (hyper-parameter search)"
        + ", forecast (LSTM forecast of US births), spam (GRU spam filter), textgen (character LSTM), classify"
        + " (Transformer vs GRU text classifier), finetune (pretrained MiniLM as a spam filter).", subcommands = {
            TransferDemo.class, SearchDemo.class, ForecastDemo.class, SpamDemo.class, TextgenDemo.class,
            ClassifyDemo.class, FinetuneDemo.class})
final class DemoCommand implements Runnable {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
