/**
 * Optimizers and training utilities: PyTorch's {@code torch.optim}.
 *
 * <ul>
 *   <li>{@link dev.myelin.optim.Optimizer}, the base: parameter groups
 *       ({@link dev.myelin.optim.ParamGroup}) with their own learning rate and weight decay,
 *       per-parameter state ({@link dev.myelin.optim.ParamState}) under PyTorch's names, state
 *       dicts, hyper-parameters checked with clear messages.</li>
 *   <li>{@link dev.myelin.optim.SGD} (momentum, dampening, Nesterov), {@link dev.myelin.optim.Adam}
 *       (AMSGrad), {@link dev.myelin.optim.AdamW} (decoupled weight decay),
 *       {@link dev.myelin.optim.RMSprop} (centred, momentum), {@link dev.myelin.optim.Adagrad},
 *       {@link dev.myelin.optim.Adadelta}, {@link dev.myelin.optim.NAdam}: PyTorch's updates.</li>
 *   <li>{@link dev.myelin.optim.Clip} (gradient clipping by global norm and by value) and
 *       {@link dev.myelin.optim.Penalty} (L1 and L2 penalties).</li>
 * </ul>
 *
 * <p>Learning-rate schedules are in {@link dev.myelin.optim.lr}.
 */
package dev.myelin.optim;
