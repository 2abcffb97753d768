package dev.myelin.text.huggingface;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GPT-2's byte-level alphabet: each of the 256 byte values is shown as one printable character
 * (printable Latin-1 bytes as themselves, the others from U+0100 on; the space byte is 'Ġ'), so
 * that any text is a string over 256 symbols and BPE never meets an unknown character.
 */
final class ByteLevel {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevel() {}

    /** The byte-level characters of one code point's UTF-8 encoding, or null when that is the code point itself. */
    static String encode(int cp) {
        if (cp < 128) {
            char c = BYTE_TO_CHAR[cp];
            return c == cp ? null : String.valueOf(c);
        }
        byte[] bytes = Character.toString(cp).getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }

    /** Whether {@code c} is one of the 256 byte-level characters. */
    static boolean isByteChar(char c) {
        return c < CHAR_TO_BYTE.length && CHAR_TO_BYTE[c] >= 0;
    }

    /** Appends the bytes of a token: its byte-level characters decoded, or its UTF-8 if it has others. */
    static void appendBytes(String token, ByteArrayOutputStream out) {
        for (int i = 0; i < token.length(); i++) {
            if (!isByteChar(token.charAt(i))) {
                out.writeBytes(token.getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        for (int i = 0; i < token.length(); i++) {
            out.write(CHAR_TO_BYTE[token.charAt(i)]);
        }
    }

    /** The byte-level character of the space byte, 'Ġ'. */
    static char space() {
        return BYTE_TO_CHAR[' '];
    }
}
