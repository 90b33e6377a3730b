package io.holdfast.engine;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Counts every error before handing it to the configured handler, so the error count is visible with the other
 * counters. Called from any worker thread.
 */
final class CountedErrorHandler implements ErrorHandler
{
    private final AtomicCounter errors;
    private final ErrorHandler delegate;

    CountedErrorHandler(final AtomicCounter errors, final ErrorHandler delegate)
    {
        this.errors = errors;
        this.delegate = delegate;
    }

    /**
     * {@inheritDoc}
     */
    public void onError(final Throwable throwable)
    {
        errors.increment();
        delegate.onError(throwable);
    }
}
