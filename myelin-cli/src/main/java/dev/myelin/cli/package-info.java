/** The {@code myelin} command-line tool: quickstart, demos, benchmarks; built with picocli. */
package dev.myelin.cli;
