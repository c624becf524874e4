package io.postbox.app.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * {@code %safeEx}: the usual stack trace, whose lines are Logback's own, but with each exception message (which may
 * quote a request) escaped like {@link EscapedMessageConverter}'s message.
 */
public final class EscapedThrowableConverter extends ThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy throwable) {
    return super.throwableProxyToString(EscapedThrowable.of(throwable));
  }

  private record EscapedThrowable(IThrowableProxy original) implements IThrowableProxy {
    static IThrowableProxy of(IThrowableProxy original) {
      return original == null ? null : new EscapedThrowable(original);
    }

    @Override
    public String getMessage() {
      return LogText.escape(original.getMessage());
    }

    @Override
    public String getClassName() {
      return original.getClassName();
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
      return original.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
      return original.getCommonFrames();
    }

    @Override
    public IThrowableProxy getCause() {
      return of(original.getCause());
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
      IThrowableProxy[] suppressed = original.getSuppressed();
      if (suppressed == null) {
        return null;
      }
      IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
      for (int i = 0; i < suppressed.length; i++) {
        escaped[i] = of(suppressed[i]);
      }
      return escaped;
    }

    @Override
    public boolean isCyclic() {
      return original.isCyclic();
    }
  }
}
