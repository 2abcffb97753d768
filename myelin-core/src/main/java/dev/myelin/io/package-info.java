/**
 * File formats: safetensors for weights (interoperable with PyTorch), and later checkpoints and
 * model configurations. Readers check every size and offset before they allocate.
 */
package dev.myelin.io;
