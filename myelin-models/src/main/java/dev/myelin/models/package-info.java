/**
 * The model zoo: ready-made architectures and a registry by name.
 *
 * <ul>
 *   <li>{@link dev.myelin.models.Mlp}: fully connected layers with ReLU (benchmark W2).</li>
 *   <li>{@link dev.myelin.models.FashionCnn}: the two-convolution CNN of benchmark W3 and the quickstart.</li>
 *   <li>{@link dev.myelin.models.Gpt}: a GPT-style decoder with a {@link dev.myelin.models.KvCache} for
 *       incremental decoding and sampled generation (benchmark W5).</li>
 *   <li>{@link dev.myelin.models.ConvAutoencoder} (a {@link dev.myelin.models.ConvEncoder} and a
 *       {@link dev.myelin.models.ConvDecoder}) and {@link dev.myelin.models.Vae}, the variational autoencoder.</li>
 *   <li>{@link dev.myelin.models.DcganGenerator} and {@link dev.myelin.models.DcganDiscriminator}, trained against
 *       each other by {@link dev.myelin.models.Dcgan}.</li>
 *   <li>{@link dev.myelin.models.cluster}: k-means and clustering scores.</li>
 *   <li>{@link dev.myelin.models.ModelZoo}: models by name ({@code mlp}, {@code fashion-cnn}, {@code gpt}, ...),
 *       open to more.</li>
 *   <li>{@link dev.myelin.models.LayerSpecs}: a model declared as a list of layers in a run configuration.</li>
 * </ul>
 */
package dev.myelin.models;
