/**
 * Learning-rate schedules, PyTorch's {@code torch.optim.lr_scheduler}: the epoch-driven
 * {@link dev.myelin.optim.lr.LRScheduler}s ({@link dev.myelin.optim.lr.StepLR},
 * {@link dev.myelin.optim.lr.MultiStepLR}, {@link dev.myelin.optim.lr.ExponentialLR},
 * {@link dev.myelin.optim.lr.CosineAnnealingLR},
 * {@link dev.myelin.optim.lr.CosineAnnealingWarmRestarts}, {@link dev.myelin.optim.lr.LinearLR}
 * (warm-up), {@link dev.myelin.optim.lr.OneCycleLR}, {@link dev.myelin.optim.lr.LambdaLR}),
 * {@link dev.myelin.optim.lr.SequentialLR} to chain them (warm-up, then cosine), and the
 * metric-driven {@link dev.myelin.optim.lr.ReduceLROnPlateau}.
 */
package dev.myelin.optim.lr;
