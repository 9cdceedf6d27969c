package dev.lockorder.input;

/**
 * The bytes of one class file and where they came from.
 *
 * @param origin the file, or {@code some.jar!/a/B.class} for a jar entry; used in every message
 * @param bytes the class file's content, unparsed
 * @param library true for classpath classes, which only resolve types
 */
public record ClassFile(String origin, byte[] bytes, boolean library) {}
