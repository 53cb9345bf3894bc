package reflector.setup.archive;

/** One regular file in a tar archive: its path (relative, '/'-separated), permission bits, size and time. */
public record TarEntry(String name, int mode, long size, long modifiedSeconds) {}
