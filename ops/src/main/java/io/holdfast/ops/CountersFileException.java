package io.holdfast.ops;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * The counters file cannot be used: another server owns it, no server has written it, or the file system refused.
 * The message is one line for the operator, saying what is wrong and what to do.
 */
final class CountersFileException extends Exception
{
    private static final long serialVersionUID = 1L;

    CountersFileException(final String message)
    {
        super(message);
    }

    /**
     * @param action what failed, as {@code cannot create /dev/shm/holdfast-ann/counters.dat}.
     * @param ex     why.
     * @param advice what the operator can do, or an empty string.
     * @return the failure in words: the file system's reason rather than the exception's class.
     */
    static CountersFileException of(final String action, final IOException ex, final String advice)
    {
        return new CountersFileException(action + ": " + reason(ex) + advice);
    }

    private static String reason(final IOException ex)
    {
        if (ex instanceof FileSystemException && ((FileSystemException)ex).getReason() != null)
        {
            return ((FileSystemException)ex).getReason().toLowerCase(Locale.ROOT);
        }
        if (ex instanceof AccessDeniedException)
        {
            return "permission denied";
        }
        if (ex instanceof NoSuchFileException)
        {
            return "no such file or directory";
        }
        if (ex instanceof NotDirectoryException)
        {
            return "not a directory";
        }
        if (ex instanceof FileAlreadyExistsException)
        {
            return "a file of that name is in the way";
        }
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }
}
