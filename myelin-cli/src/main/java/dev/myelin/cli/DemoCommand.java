package dev.myelin.cli;

import picocli.CommandLine.Command;

/** {@code myelin demo <name>}: small end-to-end demonstrations. */
@Command(name = "demo", description = "Run a demonstration: transfer (transfer learning on Fashion-MNIST), search"
        + " (hyper-parameter search), translate (a Transformer translates number words to digits), gpt (a small GPT"
        + " and a character LSTM on the State of the Union addresses), autoencoder (denoising, anomaly detection,"
        + " 2-D codes), vae (variational autoencoder), gan (DCGAN), cluster (k-means on autoencoder codes vs pixels),"
        + " forecast (LSTM forecast of US births), spam (GRU spam filter), textgen (character LSTM), classify"
        + " (Transformer vs GRU text classifier), finetune (pretrained MiniLM as a spam filter).",
        subcommands = {TransferDemo.class, SearchDemo.class, TranslateDemo.class, GptDemo.class, AutoencoderDemo.class,
            VaeDemo.class, GanDemo.class, ClusterDemo.class, ForecastDemo.class, SpamDemo.class, TextgenDemo.class,
            ClassifyDemo.class, FinetuneDemo.class})
final class DemoCommand implements Runnable {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
