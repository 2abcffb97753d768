/** placeholder */
package dev.myelin.onnx;
