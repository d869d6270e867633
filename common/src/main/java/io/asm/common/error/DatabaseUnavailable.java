package io.asm.common.error;

import java.sql.SQLException;

/**
 * Whether a failure means the database could not be reached or had no connection to give in time (answered
 * ServiceUnavailable, 503) rather than a fault in the request's handling (InternalError, 500).
 */
final class DatabaseUnavailable {

    private DatabaseUnavailable() {}

    /** The SQLException that says so, as a short text; null when the failure is something else. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && unavailable(sql)) {
                return sql.getSQLState() + ": " + sql.getMessage();
            }
        }
        return null;
    }

    private static boolean unavailable(SQLException e) {
        String state = e.getSQLState();
        if (state != null) {
            // 08: connection exception; 53300: too many connections; 57P01-03: shutting down or not yet accepting.
            return state.startsWith("08") || state.equals("53300") || state.startsWith("57P0");
        }
        // Agroal's pool gives no SQLState when no connection was free within the acquisition timeout.
        return e.getMessage() != null && e.getMessage().contains("acquisition timeout");
    }
}
