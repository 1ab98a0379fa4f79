package nl.leerkring.store;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.sql.SQLException;

/**
 * Logback's stack trace rendering ({@code %ex}) without the messages of database exceptions:
 * a driver's message may quote the values of a statement (H2's "Value too long for column …"
 * quotes the value, PostgreSQL's key violations the key), and those can be what people wrote.
 * What stays is the exception's class, its SQL state and error code, and the stack.
 */
public final class SqlMessagesWithheld extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return super.throwableProxyToString(withheld(tp));
    }

    static IThrowableProxy withheld(IThrowableProxy tp) {
        return tp == null ? null : new Withheld(tp);
    }

    /** The same throwable, with the message replaced where it is a database's. */
    private record Withheld(IThrowableProxy tp) implements IThrowableProxy {

        @Override
        public String getMessage() {
            if (tp instanceof ThrowableProxy proxy && proxy.getThrowable() instanceof SQLException sql) {
                return "SQL state " + sql.getSQLState() + ", error " + sql.getErrorCode() + " (message withheld: it may quote values)";
            }
            return tp.getMessage();
        }

        @Override
        public String getOverridingMessage() {
            return tp instanceof ThrowableProxy proxy && proxy.getThrowable() instanceof SQLException ? null : tp.getOverridingMessage();
        }

        @Override
        public String getClassName() {
            return tp.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return tp.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return tp.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return withheld(tp.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = tp.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] wrapped = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                wrapped[i] = withheld(suppressed[i]);
            }
            return wrapped;
        }

        @Override
        public boolean isCyclic() {
            return tp.isCyclic();
        }
    }
}
