/**
 * Neural-network building blocks: PyTorch's {@code torch.nn}.
 *
 * <ul>
 *   <li>{@link dev.myelin.nn.Module}: the base of layers and models, with named parameters,
 *       buffers and submodules, train/eval mode, state dicts with PyTorch's keys, freezing,
 *       summaries and forward hooks.</li>
 *   <li>Containers: {@link dev.myelin.nn.Sequential}, {@link dev.myelin.nn.ModuleList},
 *       {@link dev.myelin.nn.ModuleDict}.</li>
 *   <li>Layers: {@link dev.myelin.nn.Linear}, {@link dev.myelin.nn.Bilinear},
 *       {@link dev.myelin.nn.Embedding}, the normalisations ({@link dev.myelin.nn.BatchNorm1d},
 *       {@link dev.myelin.nn.BatchNorm2d}, {@link dev.myelin.nn.LayerNorm},
 *       {@link dev.myelin.nn.GroupNorm}, {@link dev.myelin.nn.RMSNorm}), dropout, shape
 *       utilities, convolution, pooling and upsampling.</li>
 *   <li>Activations as modules ({@link dev.myelin.nn.ReLU}, {@link dev.myelin.nn.GELU}, ...).</li>
 *   <li>Losses ({@link dev.myelin.nn.Loss} and its subclasses, plus the three-input
 *       {@link dev.myelin.nn.CosineEmbeddingLoss} and {@link dev.myelin.nn.TripletMarginLoss}).</li>
 * </ul>
 *
 * <p>Every layer is a thin shell over a function of {@link dev.myelin.nn.functional.F}; default
 * initialisations follow PyTorch's formulas ({@link dev.myelin.nn.init.Init}). Layers take their
 * sizes in the constructor and are ready to use.
 *
 * <p>{@code java.lang.Module} shares the simple name of {@link dev.myelin.nn.Module}: with
 * {@code import dev.myelin.nn.*}, also write {@code import dev.myelin.nn.Module;}.
 */
package dev.myelin.nn;
