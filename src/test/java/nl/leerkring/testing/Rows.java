package nl.leerkring.testing;

import nl.leerkring.store.Database;
import org.jdbi.v3.core.statement.Query;

/** What a test reads straight from the database: counts and single values, with positional parameters. */
public final class Rows {

    private Rows() {
    }

    /** The number a {@code SELECT COUNT(*) …} gives. */
    public static long count(Database database, String sql, Object... args) {
        return one(database, Long.class, sql, args);
    }

    /** How many rows {@code table} has. */
    public static long countAll(Database database, String table) {
        return count(database, "SELECT COUNT(*) FROM " + table);
    }

    /** The one value a query gives (it fails when there is none, or more than one). */
    public static <T> T one(Database database, Class<T> type, String sql, Object... args) {
        return database.jdbi().withHandle(h -> bound(h.createQuery(sql), args).mapTo(type).one());
    }

    private static Query bound(Query query, Object... args) {
        for (int i = 0; i < args.length; i++) {
            query.bind(i, args[i]);
        }
        return query;
    }
}
