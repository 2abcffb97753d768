/**
 * The {@code myelin} command-line tool, built with picocli: {@code quickstart}, {@code train},
 * {@code eval}, {@code predict}, {@code summary}, {@code demo} and {@code bench}, one class per
 * command. Errors end the command with status 1 and one sentence ({@link dev.myelin.cli.Main}).
 */
package dev.myelin.cli;
